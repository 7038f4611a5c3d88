import { noInput } from '../inputs.ts';
import type { DiagnosticsView } from '../deploy-views.ts';
import { operation, returns, slice } from '../operation.ts';

export const diagnosticsOperations = slice('diagnostics', {
  // A write: it leaves the file in the data folder too, and its making is on record.
  'diagnostics/bundle': operation({
    summary: '生成诊断包（版本、配置、数据库检查、同步、审计校验、近期日志；不含个人信息）',
    input: noInput,
    access: ['admin'],
    writes: true,
    output: returns<DiagnosticsView>(),
  }),
});
