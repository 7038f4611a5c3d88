import type { AttachmentView } from '@domain/api/views.ts';
import { maxAttachmentMiB } from '@domain/api/contract.ts';
import { reactive } from 'vue';
import { messageOf } from '../../shared/api/errors.ts';
import { request, wasHandled } from '../../shared/api/request.ts';
import { fieldSchema, firstIssue } from '../../shared/forms/validation.ts';
import type { DraftsState } from './drafts.ts';

async function fileToBase64(file: Blob): Promise<string> {
  const url = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(new Error(reader.error?.message ?? '读取文件失败'));
    reader.readAsDataURL(file);
  });
  const comma = url.indexOf(',');
  return comma >= 0 ? url.slice(comma + 1) : '';
}

/** Scans of a material row: checked here for size and name before they are sent, kept on the draft. */
export function createScansState(drafts: DraftsState) {
  const { attachments, draftId } = drafts;
  const scanErrors = reactive<Record<string, string>>({});
  const scanBusy = reactive<Record<string, boolean>>({});

  async function addScan(materialKey: string, file: File): Promise<boolean> {
    delete scanErrors[materialKey];
    const limit = maxAttachmentMiB * 1024 * 1024;
    if (file.size > limit) {
      scanErrors[materialKey] = `文件过大（${(file.size / 1048576).toFixed(1)} MB）：扫描件最大 ${maxAttachmentMiB} MB，请降低分辨率或分页扫描。`;
      return false;
    }
    scanBusy[materialKey] = true;
    try {
      const dataBase64 = await fileToBase64(file);
      const issue =
        firstIssue(fieldSchema('attachments/add', 'fileName'), file.name) ?? firstIssue(fieldSchema('attachments/add', 'dataBase64'), dataBase64);
      if (issue) {
        scanErrors[materialKey] = issue;
        return false;
      }
      const id = await drafts.ensureDraft();
      const added = await request('attachments/add', { draftId: id, materialKey, fileName: file.name, dataBase64 });
      attachments.value = [...attachments.value, added];
      return true;
    } catch (error) {
      if (!wasHandled(error)) scanErrors[materialKey] = messageOf(error);
      return false;
    } finally {
      delete scanBusy[materialKey];
    }
  }

  async function removeScan(attachment: AttachmentView): Promise<void> {
    if (!draftId.value) return;
    delete scanErrors[attachment.materialKey];
    try {
      await request('attachments/remove', { draftId: draftId.value, attachmentId: attachment.id });
      attachments.value = attachments.value.filter((a) => a.id !== attachment.id);
    } catch (error) {
      if (!wasHandled(error)) scanErrors[attachment.materialKey] = messageOf(error);
    }
  }

  function reset(): void {
    for (const key of Object.keys(scanErrors)) delete scanErrors[key];
  }

  return { scanErrors, scanBusy, addScan, removeScan, reset };
}
