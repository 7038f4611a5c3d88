import { z } from 'zod';
import type { BackupListView, BackupView, DownloadView, RestoreView } from '../deploy-views.ts';
import { noInput } from '../inputs.ts';
import { operation, returns, slice } from '../operation.ts';

const passphrase = z.string({ error: '请填写恢复密钥口令' }).min(1, '请填写恢复密钥口令').max(256, '口令过长');

export const backupOperations = slice('backup', {
  'backup/list': operation({
    summary: '本机备份列表',
    input: noInput,
    access: ['admin'],
    writes: false,
    output: returns<BackupListView>(),
  }),
  'backup/run': operation({
    summary: '立即备份本机数据（写完后校验）',
    input: noInput,
    access: ['admin'],
    writes: true,
    output: returns<BackupView>(),
  }),
  'backup/restore': operation({
    summary: '用恢复密钥从备份恢复本机数据（当前数据另存保留）',
    input: z
      .object({
        backup: z.string().trim().regex(/^onewindow-[0-9TZ]{10,40}$/, '请从列表中选择一份备份'),
        recoveryKey: z.string({ error: '请选择恢复密钥文件' }).min(1, '请选择恢复密钥文件').max(16_384, '恢复密钥文件过大，请选择导出时保存的 .json 文件'),
        passphrase,
      })
      .strict(),
    access: ['admin'],
    writes: true,
    output: returns<RestoreView>(),
  }),
  'backup/exportRecoveryKey': operation({
    summary: '导出恢复密钥（用口令保护）',
    input: z.object({ passphrase }).strict(),
    access: ['admin'],
    writes: true,
    output: returns<DownloadView>(),
  }),
});
