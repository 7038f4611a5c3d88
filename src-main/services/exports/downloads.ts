/**
 * An export on its way to the supervisor, without passing through the API's JSON: the service
 * thread writes the file into <data>/downloads/<id>/ and answers with the id; whoever hands the
 * file over (browser mode's GET /download/<id>, the Electron shell's save dialog) takes it from
 * there and removes it. The id is 32 random bytes given only to the session that asked, used
 * once; a file nobody took is removed after `stagedForMs` (at the next export, and at start).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

export const stagedForMs = 10 * 60_000;
const idPattern = /^[A-Za-z0-9_-]{43}$/;

export function downloadsDir(dataDir: string): string {
  return join(dataDir, 'downloads');
}

/** A new folder for one download; the caller writes the file into `folder`. */
export async function stageDownload(dataDir: string): Promise<{ id: string; folder: string }> {
  await sweepDownloads(dataDir);
  const id = randomBytes(32).toString('base64url');
  const folder = join(downloadsDir(dataDir), id);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  return { id, folder };
}

export interface StagedDownload {
  path: string;
  fileName: string;
  bytes: number;
  /** Removes the file and its folder (after it was handed over, or given up). */
  release(): Promise<void>;
}

/**
 * Takes the staged file for `id` out of reach of any other request (its folder renamed, which is
 * atomic: of two requests racing for one id, one gets it), or null for an id that is malformed,
 * unknown, already taken or expired. The taker streams or copies it, then calls release().
 */
export async function takeDownload(dataDir: string, id: string, now = Date.now()): Promise<StagedDownload | null> {
  if (!idPattern.test(id)) return null;
  const staged = join(downloadsDir(dataDir), id);
  const folder = `${staged}.taken-${randomBytes(6).toString('hex')}`;
  try {
    await rename(staged, folder);
  } catch {
    return null;
  }
  const release = () => rm(folder, { recursive: true, force: true });
  const names = await readdir(folder).catch(() => [] as string[]);
  const fileName = names.length === 1 ? names[0] : undefined;
  const info = fileName ? await stat(join(folder, fileName)).catch(() => null) : null;
  if (!fileName || !info?.isFile() || now - info.mtimeMs > stagedForMs) {
    await release();
    return null;
  }
  return { path: join(folder, fileName), fileName, bytes: info.size, release };
}

/** Removes staged downloads older than `stagedForMs` (a supervisor who never saved the file). */
export async function sweepDownloads(dataDir: string, now = Date.now()): Promise<number> {
  const entries = await readdir(downloadsDir(dataDir)).catch(() => [] as string[]);
  let removed = 0;
  for (const entry of entries) {
    const folder = join(downloadsDir(dataDir), entry);
    const info = await stat(folder).catch(() => null);
    if (info && now - info.mtimeMs > stagedForMs) {
      await rm(folder, { recursive: true, force: true });
      removed++;
    }
  }
  return removed;
}
