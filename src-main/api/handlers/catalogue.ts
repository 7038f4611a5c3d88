import { catalogueView, checklist, exportCatalogueOnRecord, importCatalogue } from '../../services/catalogue/store.ts';
import { defineHandlers } from './types.ts';

export const catalogueHandlers = defineHandlers('catalogue', {
  'catalogue/get': (_input, { env }) => env.store.read((tx) => catalogueView(tx)),
  'catalogue/checklist': ({ target }, { env }) => env.store.read((tx) => checklist(tx, target)),
  'catalogue/import': ({ catalogue }, context) => context.env.store.write(context.writeContext(), (tx) => importCatalogue(tx, catalogue)),
  'catalogue/export': (_input, context) => context.env.store.write(context.writeContext(), (tx) => exportCatalogueOnRecord(tx)),
});
