import type { Ref } from 'vue';
import { messageOf } from './errors.ts';
import { wasHandled } from './request.ts';

/**
 * Loads a list so that only the newest answer lands when the clerk pages or filters faster than
 * main replies: an older answer (or its error) arriving late is dropped. `loading` and `error` are
 * the screen's; an error the request layer already showed (an expired session) leaves no message.
 */
export function latestOnly(state: { loading: Ref<boolean>; error: Ref<string | null> }) {
  let latest = 0;
  return {
    async run<T>(fetch: () => Promise<T>, apply: (value: T) => void): Promise<void> {
      const ticket = ++latest;
      state.loading.value = true;
      try {
        const value = await fetch();
        if (ticket !== latest) return;
        apply(value);
        state.error.value = null;
      } catch (caught) {
        if (ticket !== latest) return;
        state.error.value = wasHandled(caught) ? null : messageOf(caught);
      } finally {
        if (ticket === latest) state.loading.value = false;
      }
    },
    /** Any answer still on its way is dropped (the store is being reset). */
    cancel(): void {
      latest += 1;
    },
  };
}
