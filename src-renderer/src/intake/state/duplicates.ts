import type { DuplicateCaseView } from '@domain/api/views.ts';
import { ref } from 'vue';
import { messageOf } from '../../shared/api/errors.ts';
import { request, wasHandled } from '../../shared/api/request.ts';
import { lookupInput } from './applicant-lookup.ts';
import type { FormState } from './form.ts';

/** Earlier cases of the same applicant and matter, and the ones the clerk has acknowledged. */
export function createDuplicatesState(form: FormState) {
  const acknowledged = ref<string[]>([]);
  const duplicates = ref<DuplicateCaseView[]>([]);
  const duplicatesError = ref<string | null>(null);

  let duplicateSeq = 0;
  async function checkDuplicates(key: string | null): Promise<DuplicateCaseView[]> {
    const seq = ++duplicateSeq;
    duplicatesError.value = null;
    const target = form.model.target;
    if (!target || key === null) {
      duplicates.value = [];
      return [];
    }
    try {
      const found = await request('intake/duplicates', { target, ...lookupInput(key) });
      if (seq === duplicateSeq) duplicates.value = found;
      return found;
    } catch (error) {
      if (seq === duplicateSeq) duplicatesError.value = wasHandled(error) ? null : `未能检查重复办件：${messageOf(error)}`;
      throw error;
    }
  }

  function acknowledge(ids: readonly string[]): void {
    acknowledged.value = [...new Set([...acknowledged.value, ...ids])];
  }

  /** Not yet acknowledged: what still stops the decision. */
  function pendingOf(found: readonly DuplicateCaseView[]): DuplicateCaseView[] {
    return found.filter((d) => !acknowledged.value.includes(d.id));
  }

  function reset(): void {
    acknowledged.value = [];
    duplicates.value = [];
    duplicatesError.value = null;
  }

  return { acknowledged, duplicates, duplicatesError, checkDuplicates, acknowledge, pendingOf, reset };
}

export type DuplicatesState = ReturnType<typeof createDuplicatesState>;
