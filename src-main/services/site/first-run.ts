import { randomUUID } from 'node:crypto';
import type { FirstRunView } from '../../domain/api/deploy-views.ts';
import type { ParsedInput } from '../../domain/api/contract.ts';
import type { UserView } from '../../domain/api/views.ts';
import { AppError } from '../../domain/errors.ts';
import type { ReadTx, WriteTx } from '../../store/store.ts';
import { forgetWindows } from '../intake/window.ts';
import { writeSetting } from '../settings/settings.ts';
import { createFirstAdmin } from './first-admin.ts';
import { pickWindow, siteConfigView } from './local-config.ts';
import { appliedSite } from './site-file.ts';

function accountCount(tx: ReadTx): number {
  return tx.get<{ n: number }>('SELECT count(*) AS n FROM app_user')?.n ?? 0;
}

/** What the first-run wizard must ask, or `needed: false` once anyone can log in. */
export function firstRunState(tx: ReadTx): FirstRunView {
  const centre = tx.get<{ name: string; region_code: string }>('SELECT name, region_code FROM centre ORDER BY is_demo, rowid LIMIT 1');
  const view = siteConfigView(tx);
  return {
    needed: accountCount(tx) === 0,
    hasCentre: centre !== undefined,
    siteFile: view.siteFile,
    centre: centre ? { name: centre.name, regionCode: centre.region_code } : null,
    windows: view.windows,
  };
}

/**
 * The first run, in one transaction: without a site file the centre and this PC's window are
 * created from the answers (a local configuration), the gateway address kept as this PC's
 * setting; with one only the window is picked from it. Then the first admin. Refused once any
 * account exists, so the public operation cannot be used to take over a configured PC.
 */
export function setupFirstRun(tx: WriteTx, input: ParsedInput<'site/setup'>): UserView {
  if (accountCount(tx) > 0) {
    throw new AppError('FORBIDDEN', '本机已设置完成（已有账号），首次设置不能再次使用。请用管理员账号登录后在“设置”中修改。');
  }
  const hasCentre = tx.get('SELECT 1 FROM centre') !== undefined;
  if (!hasCentre) {
    if (appliedSite(tx)) throw new AppError('CONFLICT', '站点文件已配置中心，但数据库中没有：请重新启动一窗通。');
    if (!input.centre) throw new AppError('VALIDATION', '请填写服务中心名称和区划代码。', { field: 'centre.name' });
    const { name, deviceCode } = input.window;
    if (!name) throw new AppError('VALIDATION', '请填写本机窗口的名称，如“综合窗口一”。', { field: 'window.name' });
    if (!deviceCode) throw new AppError('VALIDATION', '请填写本机的设备代码（3 位大写字母或数字，如 W01；写进本机的每个办件编号）。', { field: 'window.deviceCode' });
    const centreId = randomUUID();
    tx.run('INSERT INTO centre (id, name, region_code, is_demo) VALUES (?, ?, ?, 0)', centreId, input.centre.name, input.centre.regionCode);
    tx.run('INSERT INTO service_window (id, centre_id, number, name, device_code) VALUES (?, ?, ?, ?, ?)', randomUUID(), centreId, input.window.number, name, deviceCode);
    forgetWindows(tx);
    writeSetting(tx, 'site.mode', 'local');
    tx.audit({ action: 'site.setupLocal', target: input.centre.regionCode, detail: { centre: input.centre.name, window: input.window.number, deviceCode } });
  } else if (input.centre) {
    throw new AppError('VALIDATION', '中心已由站点文件配置，首次设置只需选择本机窗口。', { field: 'centre.name' });
  }
  if (input.gatewayUrl) writeSetting(tx, 'gateway.url', input.gatewayUrl);
  pickWindow(tx, input.window.number);
  return createFirstAdmin(tx, input.admin);
}
