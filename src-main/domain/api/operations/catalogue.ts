import { z } from 'zod';
import { targetSchema } from '../../intake/form.ts';
import { everyone } from '../access.ts';
import { noInput } from '../inputs.ts';
import { operation, returns, slice } from '../operation.ts';
import type { CatalogueView, ChecklistView, ImportSummaryView } from '../views.ts';

export const catalogueOperations = slice('catalogue', {
  'catalogue/get': operation({
    summary: '事项目录（当前版本）',
    input: noInput,
    access: everyone,
    writes: false,
    output: returns<CatalogueView>(),
  }),
  'catalogue/checklist': operation({
    summary: '事项或“一件事”的材料清单',
    input: z.object({ target: targetSchema }).strict(),
    access: everyone,
    writes: false,
    output: returns<ChecklistView>(),
  }),
  'catalogue/import': operation({
    summary: '导入事项目录（全部成功或全部不导入）',
    input: z.object({ catalogue: z.unknown() }).strict(),
    access: ['admin'],
    writes: true,
    output: returns<ImportSummaryView>(),
  }),
  'catalogue/export': operation({
    summary: '导出事项目录',
    input: noInput,
    access: ['admin', 'supervisor'],
    writes: false,
    output: returns<unknown>(),
  }),
});
