import type { CatalogueView } from '@domain/api/views.ts';
import { computed, ref } from 'vue';
import { messageOf } from '../../shared/api/errors.ts';
import { request, wasHandled } from '../../shared/api/request.ts';
import { buildTargetOptions, type TargetOption } from '../catalogue.ts';

/** The matter catalogue, read once per session (and again on 重试) and offered as picker options. */
export function createCatalogueState() {
  const catalogue = ref<CatalogueView | null>(null);
  const catalogueError = ref<string | null>(null);
  const catalogueLoading = ref(false);
  const options = computed<TargetOption[]>(() => (catalogue.value ? buildTargetOptions(catalogue.value) : []));

  async function loadCatalogue(force = false): Promise<void> {
    if (catalogue.value && !force) return;
    catalogueLoading.value = true;
    try {
      catalogue.value = await request('catalogue/get', {});
      catalogueError.value = null;
    } catch (error) {
      catalogueError.value = wasHandled(error) ? null : messageOf(error);
    } finally {
      catalogueLoading.value = false;
    }
  }

  return { catalogue, catalogueError, catalogueLoading, options, loadCatalogue };
}
