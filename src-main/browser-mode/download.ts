import { createReadStream } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { takeDownload } from '../services/exports/downloads.ts';

/**
 * GET /download/<id>: streams a staged export (services/exports/downloads.ts) to the browser as
 * an attachment, then removes it. A plain link cannot carry the launch token, so the id is the
 * credential: 32 random bytes handed only to the session that made the export, good once and for
 * minutes. The Host check in front of every request still applies.
 */
export async function serveDownload(dataDir: string, id: string, response: ServerResponse): Promise<void> {
  const staged = await takeDownload(dataDir, id);
  if (!staged) {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    response.end('该导出文件已下载或已过期，请重新导出。');
    return;
  }
  response.writeHead(200, {
    'content-type': 'application/octet-stream',
    'content-length': String(staged.bytes),
    // RFC 6266 / 5987: the Chinese file name survives, an ASCII fallback for old clients.
    'content-disposition': `attachment; filename="export${extensionOf(staged.fileName)}"; filename*=UTF-8''${encodeURIComponent(staged.fileName)}`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  try {
    await pipeline(createReadStream(staged.path), response);
  } catch (error) {
    // Headers are out: the browser sees the download fail (the connection is cut), and the
    // supervisor exports again. Said in the log, never silently dropped.
    console.warn(`[download] ${staged.fileName} was not handed over whole: ${String(error)}`);
    response.destroy();
  } finally {
    await staged.release();
  }
}

function extensionOf(fileName: string): string {
  const match = /\.[A-Za-z0-9]{1,5}$/.exec(fileName);
  return match ? match[0] : '';
}
