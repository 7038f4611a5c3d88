import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { maxAttachmentMiB } from '../../domain/api/operations/attachments.ts';
import type { AttachmentView } from '../../domain/api/views.ts';
import { AppError } from '../../domain/errors.ts';
import { assertAttachmentVisible } from '../access/case-scope.ts';
import { timeOrderedId } from '../../store/ids.ts';
import type { FieldCipher } from '../../store/field-cipher.ts';
import type { ReadTx, WriteTx } from '../../store/store.ts';
import type { StaffActor } from '../../domain/auth/actor.ts';

type AttachmentMime = AttachmentView['mimeType'];

/** What the bytes are, from their signature: a renamed .exe is not a scan because of its name. */
export function sniffMime(bytes: Uint8Array): AttachmentMime | null {
  const starts = (...signature: number[]) => signature.every((byte, i) => bytes[i] === byte);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf';
  return null;
}

export function attachmentsDir(dataDir: string): string {
  return join(dataDir, 'attachments');
}

/**
 * Content-addressed, but keyed: the file is named by HMAC-SM3 of its content under the data key's
 * file-name subkey, so a scan stored twice is stored once, yet the name says nothing to someone
 * who has the same document. The file holds the scan sealed (SM4-CTR + HMAC-SM3).
 */
function pathFor(dataDir: string, contentName: string): string {
  return join(attachmentsDir(dataDir), contentName.slice(0, 2), contentName);
}

/** Writes the sealed scan under its keyed name (atomically, via rename) unless it is already there. */
export function storeSealedFile(dataDir: string, cipher: FieldCipher, bytes: Uint8Array): string {
  const contentName = cipher.fileName(bytes);
  const target = pathFor(dataDir, contentName);
  if (!existsSync(target)) {
    mkdirSync(join(attachmentsDir(dataDir), contentName.slice(0, 2)), { recursive: true });
    const temporary = `${target}.${process.pid}.tmp`;
    writeFileSync(temporary, cipher.sealBytes(bytes), { flush: true });
    renameSync(temporary, target);
  }
  return contentName;
}

/**
 * Checks and stores a scan. The file is written (atomically, via rename) before the row, so a
 * crash leaves at worst an unreferenced file, never a row pointing at nothing.
 */
/** A scan as it arrives from the screen: for one material of one draft, base64-encoded. */
export interface NewAttachment {
  draftId: string;
  materialKey: string;
  fileName: string;
  dataBase64: string;
}

export function addAttachment(
  tx: WriteTx,
  dataDir: string,
  input: NewAttachment,
  userId: string,
): AttachmentView {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(input.dataBase64)) {
    throw new AppError('VALIDATION', '文件内容编码无效，请重新选择文件上传。', { field: 'dataBase64' });
  }
  const bytes = Buffer.from(input.dataBase64, 'base64');
  if (bytes.length > maxAttachmentMiB * 1024 * 1024) {
    throw new AppError('VALIDATION', `文件过大（${(bytes.length / 1048576).toFixed(1)} MB）：扫描件最大 ${maxAttachmentMiB} MB，请降低分辨率或分页扫描。`, { field: 'dataBase64' });
  }
  const mimeType = sniffMime(bytes);
  if (!mimeType) {
    throw new AppError('VALIDATION', `“${input.fileName}”不是图片或 PDF：只接受 JPG、PNG 图片或 PDF 文件。`, { field: 'dataBase64' });
  }
  const contentName = storeSealedFile(dataDir, tx.cipher, bytes);
  const view: AttachmentView = {
    id: timeOrderedId(),
    materialKey: input.materialKey,
    fileName: input.fileName,
    mimeType,
    size: bytes.length,
    contentName,
    addedAt: tx.now,
  };
  tx.run(
    `INSERT INTO attachment (id, draft_id, case_id, material_key, file_name, mime_type, size, content_name, content_sha256, added_by, added_at)
     VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?)`,
    view.id, input.draftId, view.materialKey, sealFileName(tx, view.fileName), view.mimeType, view.size, view.contentName, sealSha256(tx, sha256Of(bytes)), userId, view.addedAt,
  );
  return view;
}

export interface AttachmentRow {
  id: string;
  case_id: string | null;
  material_key: string;
  file_name: string;
  mime_type: AttachmentMime;
  size: number;
  /** Null while the scan of a case taken on another PC is still at the gateway only. */
  content_name: string | null;
  content_sha256: Buffer | null;
  upload_error: string | null;
  added_at: string;
}

/** A scan's file name is often the applicant's name ("张三身份证.png"): it is stored sealed (base64 text). */
export function sealFileName(tx: ReadTx, fileName: string): string {
  return tx.cipher.seal(fileName).toString('base64');
}

export function openFileName(tx: ReadTx, stored: string): string {
  return tx.cipher.open<string>(Buffer.from(stored, 'base64'));
}

export const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The name the gateway knows a scan by (migration 0012: sealed here, as the file name is). */
export const sealSha256 = (tx: ReadTx, sha256: string): Buffer => tx.cipher.seal(sha256);
export const openSha256 = (tx: ReadTx, sealed: Uint8Array): string => tx.cipher.open<string>(sealed);

const toView = (tx: ReadTx, row: AttachmentRow): AttachmentView => ({
  id: row.id,
  materialKey: row.material_key,
  fileName: openFileName(tx, row.file_name),
  mimeType: row.mime_type,
  size: row.size,
  contentName: row.content_name,
  addedAt: row.added_at,
});

export function listDraftAttachments(tx: ReadTx, draftId: string): AttachmentView[] {
  return tx.all<AttachmentRow>('SELECT * FROM attachment WHERE draft_id = ? ORDER BY added_at', draftId).map((row) => toView(tx, row));
}

/**
 * A case's scans. A 一件事's scans are taken into the intake, which becomes the parent case, so a
 * child lists its parent's scans of the child's own materials as well; a child decided at another
 * centre holds no parent, and its pull names those scans as its own (gateway parent-scans.ts).
 */
export function listCaseAttachments(tx: ReadTx, caseId: string): AttachmentView[] {
  return tx.all<AttachmentRow>(
    `SELECT a.* FROM attachment a WHERE a.case_id = ?
     UNION ALL
     SELECT a.* FROM case_record c JOIN attachment a ON a.case_id = c.parent_case_id
      WHERE c.id = ? AND a.material_key IN (SELECT m.material_key FROM case_material m WHERE m.case_id = c.id)
     ORDER BY added_at, id`,
    caseId, caseId,
  ).map((row) => toView(tx, row));
}

export function readAttachment(tx: ReadTx, dataDir: string, attachmentId: string): { mimeType: string; dataBase64: string } {
  const row = tx.get<AttachmentRow>('SELECT * FROM attachment WHERE id = ?', attachmentId);
  if (!row) throw new AppError('NOT_FOUND', '找不到该扫描件。', { field: 'attachmentId' });
  return { mimeType: row.mime_type, dataBase64: readScanBytes(tx, dataDir, row).toString('base64') };
}

/** The plain bytes of a scan held here, checked against its keyed name. */
export function readScanBytes(tx: ReadTx, dataDir: string, row: AttachmentRow): Buffer {
  const fileName = openFileName(tx, row.file_name);
  if (row.content_name === null) {
    throw new AppError('NOT_FOUND', `扫描件“${fileName}”尚未从中心平台取到本机。`, { field: 'attachmentId' });
  }
  const path = pathFor(dataDir, row.content_name);
  if (!existsSync(path)) {
    throw new AppError('NOT_FOUND', `扫描件文件缺失（${fileName}），请检查数据目录下的 attachments 文件夹是否被移动或删除。`);
  }
  let bytes: Buffer;
  try {
    // Opening checks the seal's MAC; the keyed name is checked again on the plain bytes.
    bytes = tx.cipher.openBytes(readFileSync(path));
  } catch (error) {
    throw new AppError('INTERNAL', `扫描件文件已损坏或被改动（${fileName}），无法解密。请从备份恢复 attachments 文件夹。`, { cause: error });
  }
  if (tx.cipher.fileName(bytes) !== row.content_name) {
    throw new AppError('INTERNAL', `扫描件文件已损坏（${fileName}），内容与登记的不符。请从备份恢复 attachments 文件夹。`);
  }
  return bytes;
}

/** Each look at a scan is on record. */
export function viewAttachment(tx: WriteTx, viewer: StaffActor, dataDir: string, attachmentId: string): { mimeType: string; dataBase64: string } {
  assertAttachmentVisible(tx, viewer, attachmentId);
  tx.audit({ action: 'attachment.view', target: attachmentId });
  return readAttachment(tx, dataDir, attachmentId);
}
