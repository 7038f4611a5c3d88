import type { DraftSummaryView, DraftView } from '../../domain/api/views.ts';
import { AppError } from '../../domain/errors.ts';
import { timeOrderedId } from '../../store/ids.ts';
import type { ReadTx, WriteTx } from '../../store/store.ts';
import type { AttachmentView } from '../../domain/api/views.ts';
import { addAttachment, listDraftAttachments, type NewAttachment } from '../attachments/store.ts';

interface DraftRow {
  id: string;
  title: string;
  sealed: Buffer;
  updated_at: string;
}

/** A draft's form holds the applicant's personal data as typed: it is sealed whole with the name shown in the list. */
interface SealedDraft {
  form: unknown;
  applicantName: string | null;
}

/** A draft is the clerk's own: no one else lists, opens or changes it. */
function ownDraft(tx: ReadTx, draftId: string, clerkId: string): DraftRow {
  const row = tx.get<DraftRow>(
    'SELECT id, title, sealed, updated_at FROM intake_draft WHERE id = ? AND clerk_id = ?',
    draftId,
    clerkId,
  );
  if (!row) throw new AppError('NOT_FOUND', '找不到该暂存件（可能已受理或已删除），请从“暂存件”列表重新打开。', { field: 'draftId' });
  return row;
}

function describe(form: Record<string, unknown>): { title: string; applicantName: string | null } {
  const applicant = form.applicant as { name?: unknown } | undefined;
  const target = form.target as { matterCode?: unknown; bundleCode?: unknown } | undefined;
  const applicantName = typeof applicant?.name === 'string' && applicant.name.trim() ? applicant.name.trim() : null;
  const code = typeof target?.matterCode === 'string' ? target.matterCode : typeof target?.bundleCode === 'string' ? target.bundleCode : null;
  const title = typeof form.title === 'string' && form.title ? form.title : code ?? '未选择事项';
  return { title, applicantName };
}

/** Drafts hold the form exactly as it was, valid or not: the point is to resume it later. */
export function saveDraft(tx: WriteTx, clerkId: string, draftId: string | undefined, form: Record<string, unknown>): { draftId: string; updatedAt: string } {
  const { title, applicantName } = describe(form);
  const sealed = tx.cipher.seal({ form, applicantName } satisfies SealedDraft);
  if (draftId) {
    ownDraft(tx, draftId, clerkId);
    tx.run('UPDATE intake_draft SET sealed = ?, title = ?, updated_at = ? WHERE id = ?', sealed, title, tx.now, draftId);
    return { draftId, updatedAt: tx.now };
  }
  const id = timeOrderedId();
  tx.run(
    'INSERT INTO intake_draft (id, clerk_id, title, sealed, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    id, clerkId, title, sealed, tx.now, tx.now,
  );
  return { draftId: id, updatedAt: tx.now };
}

export function listDrafts(tx: ReadTx, clerkId: string): DraftSummaryView[] {
  return tx
    .all<DraftRow>('SELECT id, title, sealed, updated_at FROM intake_draft WHERE clerk_id = ? ORDER BY updated_at DESC', clerkId)
    .map((row) => ({ draftId: row.id, title: row.title, applicantName: tx.cipher.open<SealedDraft>(row.sealed).applicantName, updatedAt: row.updated_at }));
}

export function getDraft(tx: ReadTx, draftId: string, clerkId: string): DraftView {
  const row = ownDraft(tx, draftId, clerkId);
  return { draftId: row.id, form: tx.cipher.open<SealedDraft>(row.sealed).form, updatedAt: row.updated_at, attachments: listDraftAttachments(tx, row.id) };
}

export function discardDraft(tx: WriteTx, draftId: string, clerkId: string): void {
  ownDraft(tx, draftId, clerkId);
  tx.run('DELETE FROM attachment WHERE draft_id = ?', draftId);
  tx.run('DELETE FROM intake_draft WHERE id = ?', draftId);
}

export function assertOwnDraft(tx: ReadTx, draftId: string, clerkId: string): void {
  ownDraft(tx, draftId, clerkId);
}

/** A scan added to the clerk's own draft: its bytes checked and stored sealed before its row. */
export function addDraftAttachment(tx: WriteTx, dataDir: string, input: NewAttachment, clerkId: string): AttachmentView {
  assertOwnDraft(tx, input.draftId, clerkId);
  return addAttachment(tx, dataDir, input, clerkId);
}

/** Only a draft's scans can be removed: once accepted, a scan is part of the case. */
export function removeDraftAttachment(tx: WriteTx, draftId: string, attachmentId: string, clerkId: string): void {
  assertOwnDraft(tx, draftId, clerkId);
  const removed = tx.run('DELETE FROM attachment WHERE id = ? AND draft_id = ?', attachmentId, draftId);
  if (removed.changes === 0) throw new AppError('NOT_FOUND', '找不到该扫描件，或它已随办件受理而不能再移除。', { field: 'attachmentId' });
}
