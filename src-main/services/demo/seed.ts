import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceEnv } from '../../api/context.ts';
import type { Channel } from '../../domain/cases/status.ts';
import { creditCodeCheckChar } from '../../domain/identity/credit-code.ts';
import { residentIdCheckChar } from '../../domain/identity/resident-id.ts';
import type { IntakeForm } from '../../domain/intake/form.ts';
import { materialRows } from '../../domain/catalogue/import.ts';
import { hashPassword } from '../auth/password.ts';
import { importCatalogue, resolveTarget } from '../catalogue/store.ts';
import { decideIntake, type Decision } from '../intake/decide.ts';
import { resourcesDir } from '../paths.ts';
import { writeSetting } from '../settings.ts';

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

// Names as typed at real windows, rare characters and markup included: they must survive every layer.
const personNames = ['张伟', '李娜', '王秀英', '刘洋洋', '陈静', '杨帆', '𠮷田春', '王䶮', '龘龙', "O'Brien 林", '赵丽颖', '孙建国', '<b>周</b>杰'];
const companyNames = ['大连海韵食品有限公司', '大连甘井子区“明辉”五金商行', '大连北方星辰科技有限公司', '大连鑫源物流有限公司'];
const channelCycle: Channel[] = ['window', 'window', 'appointment', 'cross_region', 'window', 'assisted', 'station', 'home_visit'];

/** A valid demo resident ID (GB 11643 check digit) registered in 210211. */
function demoIdNumber(index: number): string {
  const year = 1960 + (index % 40);
  const month = String((index % 12) + 1).padStart(2, '0');
  const day = String((index % 27) + 1).padStart(2, '0');
  const first17 = `210211${year}${month}${day}${String(100 + index).slice(-3)}`;
  return first17 + residentIdCheckChar(first17);
}

/** A valid demo 统一社会信用代码 (GB 32100 check character) for an enterprise in 210211. */
function demoCreditCode(index: number): string {
  const first17 = `91210211MA0${String(1000 + index * 37).padStart(4, '0')}X${String(index % 10)}`.slice(0, 17);
  return first17 + creditCodeCheckChar(first17);
}

/**
 * The embedded default for a machine with no site configured: the demo centre, its windows, one
 * user per role, the demo catalogue and a few dozen cases made through the same intake code the
 * windows use. Everything is flagged demo (centre, users, cases) so reports can leave it out.
 */
export function seedDemo(env: ServiceEnv, options: { now: Date; caseCount?: number }): void {
  const catalogue = JSON.parse(readFileSync(join(resourcesDir(), 'demo', 'catalogue.json'), 'utf8')) as unknown;
  const passwordHash = hashPassword(demoPassword);
  const system = { actor: { userId: null, role: null }, deviceId: env.deviceId, now: options.now };
  const windowIds = demoWindows.map((w) => `demo-window-${w.number}`);
  const clerkIds = ['demo-user-clerk', 'demo-user-clerk2'];
  env.store.write(system, (tx) => {
    tx.run('INSERT INTO centre (id, name, region_code, is_demo) VALUES (?, ?, ?, 1)', demoCentre.id, demoCentre.name, demoCentre.regionCode);
    demoWindows.forEach((w, i) => {
      tx.run('INSERT INTO service_window (id, centre_id, number, name, device_code) VALUES (?, ?, ?, ?, ?)', windowIds[i] ?? '', demoCentre.id, w.number, w.name, w.deviceCode);
    });
    for (const u of demoUsers) {
      tx.run(
        `INSERT INTO app_user (id, username, display_name, role, department_code, centre_id, password_hash, is_demo, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)`,
        `demo-user-${u.username}`, u.username, u.displayName, u.role, u.departmentCode, demoCentre.id, passwordHash, tx.now,
      );
    }
    writeSetting(tx, 'site.mode', 'demo');
    writeSetting(tx, 'duplicate.windowDays', '30');
    importCatalogue(tx, catalogue);
  });

  const targets = env.store.read((tx) => {
    const matters = tx.all<{ code: string }>('SELECT code FROM matter_version WHERE is_current = 1 ORDER BY code').map((m) => ({ kind: 'matter' as const, matterCode: m.code }));
    const bundles = tx.all<{ code: string }>('SELECT code FROM bundle WHERE is_current = 1 ORDER BY code').map((b) => ({ kind: 'bundle' as const, bundleCode: b.code }));
    return { matters, bundles };
  });
  const count = options.caseCount ?? 36;
  for (let i = 0; i < count; i++) {
    const daysAgo = i % 10;
    const at = new Date(options.now.getTime() - daysAgo * 86_400_000 - (i % 7) * 3_600_000);
    const bundle = i % 9 === 4 ? targets.bundles[i % targets.bundles.length] : undefined;
    const target = bundle ?? targets.matters[(i * 7) % targets.matters.length];
    if (!target) continue;
    const decision: Decision = i % 6 === 2 ? { kind: 'notice' } : i % 11 === 6 ? { kind: 'refused', refusalReason: '申请事项不属于本机关职权范围，请向市级不动产登记中心申请' } : { kind: 'accepted' };
    const clerkId = clerkIds[i % 2] ?? '';
    // Written as the clerk at the window would: the lifecycle only accepts a clerk's acceptance.
    env.store.write({ actor: { userId: clerkId, role: 'clerk' }, deviceId: env.deviceId, now: at }, (tx) => {
      writeSetting(tx, 'device.windowId', windowIds[i % windowIds.length] ?? '');
      const resolved = resolveTarget(tx, target);
      // Enterprises apply for business matters; people for the rest.
      const enterprise = /企业|公司|单位|个体|税|发票|食品|施工|预售|开办/.test(resolved.title);
      const rows = materialRows(resolved.matters.map((m) => m.matter));
      const firstMissing = rows.find((r) => r.required);
      const form: IntakeForm = {
        target,
        applicant: enterprise
          ? { type: 'enterprise', name: companyNames[i % companyNames.length] ?? '企业', creditCode: demoCreditCode(i), legalRepresentative: personNames[i % personNames.length] ?? '张伟', phone: `0411-8${String(6600000 + i).slice(-7)}`, address: '大连市甘井子区中华西路 18 号' }
          : { type: 'individual', name: personNames[i % personNames.length] ?? '张伟', idType: 'resident_id', idNumber: demoIdNumber(i), phone: `1390411${String(1000 + i).slice(-4)}`, address: i % 3 === 0 ? '大连市甘井子区“山东路”街道 ☀️ 12 号' : undefined },
        channel: channelCycle[i % channelCycle.length] ?? 'window',
        ticketNumber: `A${String(100 + i)}`,
        materials: rows.map((row) => ({
          key: row.key,
          status: decision.kind === 'notice' && row === firstMissing ? 'missing' : row.required ? (row.deferrable && i % 5 === 0 ? 'deferred' : 'received') : 'received',
        })),
        note: '演示数据',
        acknowledgedDuplicates: [],
      };
      decideIntake(tx, env.calendar.get(tx), clerkId, form, decision, at);
    });
  }
  env.store.write(system, (tx) => {
    writeSetting(tx, 'device.windowId', windowIds[0] ?? '');
    tx.run('UPDATE case_record SET is_demo = 1');
    tx.audit({ action: 'demo.seed', target: demoCentre.id, detail: { cases: count } });
  });
}
