import type { CaseRowView } from '@domain/api/views.ts';
import type { CaseStatus } from '@domain/cases/status.ts';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { latestOnly } from '../shared/api/latest-only.ts';
import { request } from '../shared/api/request.ts';
import { forgetOnSignOut } from '../session/forget.ts';

export const pageSizes = [20, 50, 100] as const;

/** The case list and its filters, kept while the clerk moves between areas. */
export const useCasesStore = defineStore('cases', () => {
  const status = ref<CaseStatus | ''>('');
  /** The one search box: case number, ID number, credit code, phone or name, typed or scanned. */
  const query = ref('');
  const page = ref(1);
  const pageSize = ref<number>(pageSizes[0]);
  const rows = ref<CaseRowView[]>([]);
  const total = ref(0);
  const loading = ref(false);
  const error = ref<string | null>(null);
  const loads = latestOnly({ loading, error });

  function load(): Promise<void> {
    const text = query.value.trim();
    return loads.run(
      () =>
        request('cases/list', {
          ...(status.value ? { status: status.value } : {}),
          ...(text ? { query: text } : {}),
          page: page.value,
          pageSize: pageSize.value,
        }),
      (result) => {
        rows.value = result.rows;
        total.value = result.total;
      },
    );
  }

  function reset(): void {
    loads.cancel();
    status.value = '';
    query.value = '';
    page.value = 1;
    pageSize.value = pageSizes[0];
    rows.value = [];
    total.value = 0;
    loading.value = false;
    error.value = null;
  }

  forgetOnSignOut(reset);
  return { status, query, page, pageSize, rows, total, loading, error, load, reset };
});
