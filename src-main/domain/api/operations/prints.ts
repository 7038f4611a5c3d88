import { z } from 'zod';
import { printDocuments } from '../../prints/documents.ts';
import { caseWorkers } from '../access.ts';
import { id } from '../inputs.ts';
import { operation, returns, slice } from '../operation.ts';
import type { PrintDataView, PrintRecordView } from '../views.ts';

const printRequest = z.object({ caseId: id, document: z.enum(printDocuments, { error: '未知的文书类型' }) }).strict();

export const printsOperations = slice('prints', {
  'prints/data': operation({
    summary: '打印文书所需数据',
    input: printRequest,
    access: caseWorkers,
    writes: false,
    output: returns<PrintDataView>(),
  }),
  'prints/record': operation({
    summary: '登记一次打印（含补打）',
    input: printRequest,
    access: caseWorkers,
    writes: true,
    output: returns<PrintRecordView>(),
  }),
});
