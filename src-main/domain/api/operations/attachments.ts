import { z } from 'zod';
import { caseWorkers, intakeRoles } from '../access.ts';
import { id } from '../inputs.ts';
import { maxAttachmentMiB } from '../limits.ts';
import { operation, returns, slice } from '../operation.ts';
import type { AttachmentView } from '../views.ts';

export { maxAttachmentMiB };
const maxAttachmentBase64 = Math.ceil((maxAttachmentMiB * 1024 * 1024) / 3) * 4;

export const attachmentsOperations = slice('attachments', {
  'attachments/add': operation({
    summary: '上传材料扫描件（图片或 PDF）',
    input: z
      .object({
        draftId: id,
        materialKey: z.string().min(1).max(120),
        fileName: z.string().trim().min(1, '缺少文件名').max(200, '文件名过长'),
        dataBase64: z.string().min(1, '文件为空').max(maxAttachmentBase64, `文件过大：扫描件最大 ${maxAttachmentMiB} MB，请降低分辨率或分页扫描`),
      })
      .strict(),
    access: intakeRoles,
    writes: true,
    output: returns<AttachmentView>(),
  }),
  'attachments/remove': operation({
    summary: '移除暂存件中的扫描件',
    input: z.object({ draftId: id, attachmentId: id }).strict(),
    access: intakeRoles,
    writes: true,
    output: returns<{ ok: true }>(),
  }),
  'attachments/content': operation({
    summary: '查看扫描件内容',
    input: z.object({ attachmentId: id }).strict(),
    access: caseWorkers,
    writes: false,
    output: returns<{ mimeType: string; dataBase64: string }>(),
  }),
});
