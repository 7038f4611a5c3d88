import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceEnv } from '../env.ts';
import { demoHistoryDeviceCodes } from '../../domain/cases/demo-device-codes.ts';
import { hashPassword } from '../auth/password.ts';
import { importCatalogue } from '../catalogue/store.ts';
import { resourcesDir } from '../paths.ts';
import { writeSetting } from '../settings/settings.ts';
import { forgetWindows } from '../intake/window.ts';
import { seedHistory } from './history.ts';

/** The demo password of every demo account; the login screen shows it while the demo runs. */
export const demoPassword = 'Demo@2026';

export const demoCentre = { id: 'demo-centre-210211', name: '大连市甘井子区政务服务中心', regionCode: '210211' };

const demoWindows = [
  { number: '01', name: '综合窗口 1', deviceCode: 'W01' },
  { number: '02', name: '综合窗口 2', deviceCode: 'W02' },
  { number: '03', name: '综合窗口 3（跨区通办）', deviceCode: 'W03' },
  { number: '04', name: '综合窗口 4（出件）', deviceCode: 'W04' },
];

export const demoUsers = [
  { username: 'clerk', displayName: '王芳', role: 'clerk', departmentCode: null },
  { username: 'clerk2', displayName: '赵磊', role: 'clerk', departmentCode: null },
  { username: 'reviewer', displayName: '李强', role: 'reviewer', departmentCode: 'GJZ-SCJG' },
  { username: 'supervisor', displayName: '张敏', role: 'supervisor', departmentCode: null },
  { username: 'admin', displayName: '刘洋', role: 'admin', departmentCode: null },
] as const;

// One name per department the demo catalogue has besides the clerk's own (GJZ-SCJG), so no two demo reviewers share one.
const departmentReviewerNames = ['周涛', '吴静', '郑浩', '冯雪', '陈晨', '褚明', '卫东', '蒋琳', '沈岩', '韩梅'];

/**
 * The embedded default for a machine with no site configured: the demo centre, its windows, one
 * user per role (and a reviewer per department), the demo catalogue and about 30 days of the hall's
 * work made through the same intake and lifecycle code the windows use (history.ts). Everything is flagged demo (centre, users, cases) so reports can leave it out.
 * `historyDeviceCodes`: the codes the history is numbered under, one per demo window (by default
 * those kept for demo data); a store seeded before they were kept numbered it under the windows'
 * own codes (W01…), and tests build such a store by passing those.
 */
export function seedDemo(env: ServiceEnv, options: { now: Date; days?: number; history?: boolean; historyDeviceCodes?: readonly string[] }): void {
  const catalogue = JSON.parse(readFileSync(join(resourcesDir(), 'demo', 'catalogue.json'), 'utf8')) as unknown;
  const passwordHash = hashPassword(demoPassword);
  const system = { actor: { userId: null, role: null }, deviceId: env.deviceId, now: options.now };
  const windowIds = demoWindows.map((w) => `demo-window-${w.number}`);
  // The history is numbered under codes kept for demo data (demo-device-codes.ts): the windows hold
  // them while it is made and take their working codes after, which number the cases clerks take here.
  const historyCodes = options.historyDeviceCodes ?? demoHistoryDeviceCodes;
  const clerkIds = ['demo-user-clerk', 'demo-user-clerk2'];
  env.store.write(system, (tx) => {
    tx.run('INSERT INTO centre (id, name, region_code, is_demo) VALUES (?, ?, ?, 1)', demoCentre.id, demoCentre.name, demoCentre.regionCode);
    demoWindows.forEach((w, i) => {
      tx.run('INSERT INTO service_window (id, centre_id, number, name, device_code) VALUES (?, ?, ?, ?, ?)', windowIds[i] ?? '', demoCentre.id, w.number, w.name, historyCodes[i] ?? w.deviceCode);
    });
    forgetWindows(tx);
    for (const u of demoUsers) {
      tx.run(
        `INSERT INTO app_user (id, username, display_name, role, department_code, centre_id, password_hash, is_demo, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)`,
        `demo-user-${u.username}`, u.username, u.displayName, u.role, u.departmentCode, demoCentre.id, passwordHash, tx.now,
      );
    }
    writeSetting(tx, 'site.mode', 'demo');
    writeSetting(tx, 'device.windowId', windowIds[0] ?? '');
    writeSetting(tx, 'duplicate.windowDays', '30');
    importCatalogue(tx, catalogue);
  });

  const reviewerOf = new Map<string, string>([['GJZ-SCJG', 'demo-user-reviewer']]);
  env.store.write(system, (tx) => {
    // One back-office reviewer per other department, so the demo history reaches decisions everywhere.
    for (const [index, d] of tx.all<{ code: string }>("SELECT code FROM department WHERE code <> 'GJZ-SCJG' ORDER BY code").entries()) {
      const id = `demo-user-reviewer-${d.code.toLowerCase()}`;
      tx.run(
        `INSERT INTO app_user (id, username, display_name, role, department_code, centre_id, password_hash, is_demo, created_at)
         VALUES (?, ?, ?, 'reviewer', ?, ?, ?, 1, ?)`,
        id, `reviewer-${d.code.toLowerCase()}`, departmentReviewerNames[index % departmentReviewerNames.length] ?? '审批员', d.code, demoCentre.id, passwordHash, tx.now,
      );
      reviewerOf.set(d.code, id);
    }
  });
  const intakes = options.history === false ? 0 : seedHistory(env, { clerkIds, windowIds, supervisorId: 'demo-user-supervisor', reviewerOf }, options.now, options.days ?? 30);
  env.store.write(system, (tx) => {
    demoWindows.forEach((w, i) => tx.run('UPDATE service_window SET device_code = ? WHERE id = ?', w.deviceCode, windowIds[i] ?? ''));
    forgetWindows(tx);
    tx.audit({ action: 'demo.seed', target: demoCentre.id, detail: { intakes } });
  });
}
