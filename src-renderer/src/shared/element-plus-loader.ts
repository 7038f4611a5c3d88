import type * as ElementPlus from './element-plus.ts';

let loading: Promise<typeof ElementPlus> | null = null;

/** Element Plus's app-wide part (element-plus.ts), fetched once; a failed fetch is tried again on the next call. */
export function loadElementPlus(): Promise<typeof ElementPlus> {
  loading ??= import('./element-plus.ts').catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}
