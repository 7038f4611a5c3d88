/**
 * A case pulled from another PC names its scans; their bytes stay at the gateway until someone
 * here first opens one (the reviewer's PC holds only what its people look at). Then the scan is
 * fetched, checked against the SHA-256 the case names it by and against its kind, and stored
 * sealed under its keyed name like a scan taken here; from then on it opens offline.
 */
import { AppError } from '../../domain/errors.ts';
import type { Store, WriteContext } from '../../store/store.ts';
import { openFileName, openSha256, sniffMime, storeSealedFile, type AttachmentRow } from '../attachments/store.ts';
import { downloadAttachment } from './attachment-transfer.ts';
import { SyncFailure } from './client.ts';
import type { SyncEngine } from './engine.ts';

export interface FetchDeps {
  store: Store;
  dataDir: string;
  sync: SyncEngine;
}

/** Why a scan could not be fetched, for the person who opened it: what happened and what to do. */
function messageFor(failure: SyncFailure, fileName: string): string {
  const scan = `扫描件“${fileName}”尚未同步到本机`;
  switch (failure.kind) {
    case 'NETWORK':
    case 'UNAVAILABLE':
    case 'RATE_LIMITED':
      return `${scan}：暂时连不上中心平台（${failure.message}）。联网后再打开，即自动从中心平台获取。`;
    case 'NOT_FOUND':
      return `${scan}：受理的电脑还没有把它上传到中心平台（那台电脑联网后自动上传）。请稍后再打开。`;
    case 'FORBIDDEN':
      return `${scan}：中心平台不允许本机获取它（${failure.message}）。请联系信息中心核对本机注册的中心。`;
    default:
      return `${scan}：${failure.message}`;
  }
}

/** Fetches the scan when it is named here but its bytes are not; does nothing for a scan held here. */
export async function fetchScanIfRemote(deps: FetchDeps, context: WriteContext, attachmentId: string): Promise<void> {
  const found = deps.store.read((tx) => {
    const row = tx.get<AttachmentRow>('SELECT * FROM attachment WHERE id = ?', attachmentId);
    if (!row || row.content_name !== null || row.content_sha256 === null) return null;
    return { row, sha256: openSha256(tx, row.content_sha256), fileName: openFileName(tx, row.file_name) };
  });
  if (!found) return;
  let bytes: Buffer;
  try {
    const download = async (renew: boolean) => downloadAttachment(deps.sync.client().client, await deps.sync.renew(renew), found.sha256);
    // An expired access token is renewed with the device secret once, as the sync cycle does.
    bytes = await download(false).catch((error: unknown) => {
      if (error instanceof SyncFailure && error.kind === 'UNAUTHENTICATED') return download(true);
      throw error;
    });
  } catch (error) {
    if (error instanceof SyncFailure) throw new AppError('UNAVAILABLE', messageFor(error, found.fileName), { cause: error });
    throw error;
  }
  // The hash is the gateway's word too (it came with the case): the kind is checked here as for a scan taken here.
  if (sniffMime(bytes) !== found.row.mime_type) {
    throw new AppError('UNAVAILABLE', `从中心平台取回的扫描件“${found.fileName}”不是登记的文件类型，未保存。请联系信息中心。`);
  }
  deps.store.write(context, (tx) => {
    const contentName = storeSealedFile(deps.dataDir, tx.cipher, bytes);
    tx.run('UPDATE attachment SET content_name = ? WHERE id = ? AND content_name IS NULL', contentName, attachmentId);
    tx.audit({ action: 'attachment.fetch', target: attachmentId, detail: { size: bytes.length } });
  });
}
