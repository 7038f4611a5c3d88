import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../domain/errors.ts';
import { checkSiteFile, parseSiteFile, type SiteFile, type SiteProblem } from '../../domain/site/site-file.ts';
import type { ReadTx, WriteTx } from '../../store/store.ts';
import { forgetWindows } from '../intake/window.ts';
import { readSetting, writeSetting } from '../settings/settings.ts';
import { readLink, type LinkRow } from '../sync/link.ts';

/**
 * Where IT puts the hall's site file: machine-wide, writable only by administrators, read by
 * every account on the PC. ONEWINDOW_SITE_FILE points elsewhere (tests, a trial on one PC).
 */
export function siteFilePath(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.ONEWINDOW_SITE_FILE) return env.ONEWINDOW_SITE_FILE;
  if (platform === 'win32') return join(env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData', 'OneWindow', 'site.json');
  return '/etc/onewindow/site.json';
}

export type SiteLoad =
  | { state: 'absent'; path: string }
  | { state: 'valid'; path: string; site: SiteFile; digest: string }
  | { state: 'invalid'; path: string; problems: SiteProblem[] };

/** Reads and checks the site file; an unreadable file is a problem like any other, with its cause. */
export function loadSiteFile(path: string): SiteLoad {
  if (!existsSync(path)) return { state: 'absent', path };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { state: 'invalid', path, problems: [{ where: '（整个文件）', message: `无法读取：${(error as NodeJS.ErrnoException).code ?? String(error)}，请检查文件权限` }] };
  }
  const check = parseSiteFile(text);
  if (!check.ok) return { state: 'invalid', path, problems: check.problems };
  return { state: 'valid', path, site: check.site, digest: createHash('sha256').update(text).digest('hex') };
}

/** The start stops on a bad site file, listing every problem and where, so IT fixes them in one go. */
export function siteFileError(load: Extract<SiteLoad, { state: 'invalid' }>): AppError {
  const lines = load.problems.map((problem) => `· ${problem.where}：${problem.message}`);
  return new AppError('SITE_INVALID', `站点文件 ${load.path} 有 ${load.problems.length} 处错误，程序未启动，数据库未作任何改动。请逐条改正后重新启动：\n${lines.join('\n')}`, {
    details: { path: load.path, problems: load.problems },
  });
}

const siteKeys = { file: 'site.file', path: 'site.path', digest: 'site.digest' } as const;

/**
 * Applies a valid site file at start, in the boot transaction: the centre and its windows become
 * rows (cases point at them), and the file itself is kept so every reader, the effective
 * configuration and a backup see what the hall configured. Changed files are audited.
 * Windows no longer in the file stay (old cases point at them) but no PC can pick them.
 */
export function applySiteFile(tx: WriteTx, load: Extract<SiteLoad, { state: 'valid' }>): void {
  if (readSetting(tx, siteKeys.digest) === load.digest && readSetting(tx, siteKeys.path) === load.path) return;
  const { centre, windows } = load.site;
  const existing = tx.get<{ id: string }>('SELECT id FROM centre WHERE region_code = ? AND is_demo = 0', centre.regionCode);
  const centreId = existing?.id ?? randomUUID();
  // Once this PC registered in the file's region, the platform names the centre and this PC's device code (docs/deploy.md §4).
  const registered = registration(tx, centre.regionCode);
  const name = registered?.centre_name ?? centre.name;
  if (existing) tx.run('UPDATE centre SET name = ? WHERE id = ?', name, centreId);
  else tx.run('INSERT INTO centre (id, name, region_code, is_demo) VALUES (?, ?, ?, 0)', centreId, name, centre.regionCode);
  const ownWindowId = readSetting(tx, 'device.windowId');
  for (const window of windows) {
    const row = tx.get<{ id: string }>('SELECT id FROM service_window WHERE centre_id = ? AND number = ?', centreId, window.number);
    const deviceCode = registered && row?.id === ownWindowId ? registered.device_code : window.deviceCode;
    if (row) tx.run('UPDATE service_window SET name = ?, device_code = ? WHERE id = ?', window.name, deviceCode, row.id);
    else tx.run('INSERT INTO service_window (id, centre_id, number, name, device_code) VALUES (?, ?, ?, ?, ?)', randomUUID(), centreId, window.number, window.name, window.deviceCode);
  }
  forgetWindows(tx);
  writeSetting(tx, siteKeys.file, JSON.stringify(load.site));
  tx.forget('site.applied');
  writeSetting(tx, siteKeys.path, load.path);
  writeSetting(tx, siteKeys.digest, load.digest);
  writeSetting(tx, 'site.mode', 'site');
  // Read on every call by the session's idle check, which must not parse the whole file.
  writeSetting(tx, 'site.idleLockMinutes', String(load.site.idleLockMinutes));
  tx.audit({ action: 'site.apply', target: load.path, detail: { digest: load.digest, centre: name, ...(name === centre.name ? {} : { siteCentreName: centre.name }), regionCode: centre.regionCode, windows: windows.length } });
}

/**
 * This PC's registration, where it is for `regionCode`. Its centre's name and device code win
 * over the site file's: the platform names the centre on all its PCs, on the notices a phone
 * verifies there and at the other centres of 跨区通办, and gives each PC a device code unique in
 * the region (every case number carries it); a hall's file is typed by its IT. The site file
 * still decides the windows' names, the other windows' codes and everything else it holds.
 */
function registration(tx: ReadTx, regionCode: string): LinkRow | null {
  const link = readLink(tx);
  return link && link.region_code === regionCode ? link : null;
}

/** The site file as last applied, or null where none was ever configured. */
export function appliedSite(tx: ReadTx): SiteFile | null {
  return tx.remember('site.applied', () => {
    const text = readSetting(tx, siteKeys.file);
    if (text === null) return null;
    const check = checkSiteFile(JSON.parse(text));
    return check.ok ? check.site : null;
  });
}

export function appliedSitePath(tx: ReadTx): string | null {
  return readSetting(tx, siteKeys.path);
}
