import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatCaseNumber } from '../../domain/cases/case-number.ts';
import type { CaseStatus, Channel } from '../../domain/cases/status.ts';
import { parseCatalogue } from '../../domain/catalogue/import.ts';
import { residentIdCheckChar } from '../../domain/identity/resident-id.ts';
import { fromDayNumber, toDayNumber } from '../../domain/time/iso-date.ts';
import type { Store, WriteTx } from '../../store/store.ts';
import { hashPassword } from '../auth/password.ts';
import { loadBundledCalendar } from '../calendar.ts';
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
  { username: 'reviewer', displayName: '李强', role: 'reviewer', departmentCode: 'SCJG' },
  { username: 'supervisor', displayName: '张敏', role: 'supervisor', departmentCode: null },
  { username: 'admin', displayName: '刘洋', role: 'admin', departmentCode: null },
] as const;

// Names as typed at real windows, rare characters included: they must survive every layer.
const applicantNames = ['张伟', '李娜', '王秀英', '刘洋洋', '陈静', '杨帆', '𠮷田春', '王䶮', '龘龙', "O'Brien 林", '赵丽颖', '孙建国'];
const statusCycle: CaseStatus[] = ['accepted', 'in_review', 'notice', 'accepted', 'decided', 'closed', 'refused', 'in_review', 'draft'];
const channelCycle: Channel[] = ['window', 'window', 'appointment', 'cross_region', 'window', 'assisted', 'station'];

/** A valid demo ID number (GB 11643 check digit) born in 210211 on the given date. */
function demoIdNumber(index: number): string {
  const year = 1960 + (index % 40);
  const month = String((index % 12) + 1).padStart(2, '0');
  const day = String((index % 27) + 1).padStart(2, '0');
  const first17 = `210211${year}${month}${day}${String(100 + index).slice(-3)}`;
  return first17 + residentIdCheckChar(first17);
}

/**
 * The embedded default for a machine with no site configured: the demo centre, its windows,
 * one user per role and a few dozen cases, every row flagged is_demo so reports can leave them out.
 */
export function seedDemo(store: Store, options: { deviceId: string; now: Date; caseCount?: number }): void {
  const catalogue = parseCatalogue(JSON.parse(readFileSync(join(resourcesDir(), 'demo', 'catalogue.json'), 'utf8')));
  const calendar = loadBundledCalendar();
  const passwordHash = hashPassword(demoPassword);
  store.write({ actor: { userId: null, role: null }, deviceId: options.deviceId, now: options.now }, (tx) => {
    tx.run('INSERT INTO centre (id, name, region_code, is_demo) VALUES (?, ?, ?, 1)', demoCentre.id, demoCentre.name, demoCentre.regionCode);
    const windowIds = demoWindows.map((w) => {
      const id = `demo-window-${w.number}`;
      tx.run('INSERT INTO service_window (id, centre_id, number, name, device_code) VALUES (?, ?, ?, ?, ?)', id, demoCentre.id, w.number, w.name, w.deviceCode);
      return id;
    });
    const userIds = demoUsers.map((u) => {
      const id = `demo-user-${u.username}`;
      tx.run(
        `INSERT INTO app_user (id, username, display_name, role, department_code, centre_id, password_hash, is_demo, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)`,
        id, u.username, u.displayName, u.role, u.departmentCode, demoCentre.id, passwordHash, tx.now,
      );
      return id;
    });
    writeSetting(tx, 'device.windowId', windowIds[0] ?? '');
    writeSetting(tx, 'site.mode', 'demo');
    const clerkIds = [userIds[0] ?? '', userIds[1] ?? ''];
    const today = toDayNumber(options.now.toISOString().slice(0, 10)) ?? 0;
    const sequences = new Map<string, number>();
    const count = options.caseCount ?? 36;
    for (let i = 0; i < count; i++) {
      const matter = catalogue.matters[(i * 7) % catalogue.matters.length];
      if (!matter) continue;
      const windowIndex = i % demoWindows.length;
      const deviceCode = demoWindows[windowIndex]?.deviceCode ?? 'W01';
      const day = fromDayNumber(today - (i % 10));
      const status = statusCycle[i % statusCycle.length] ?? 'accepted';
      const key = `${deviceCode}|${day}`;
      const sequence = (sequences.get(key) ?? 0) + 1;
      sequences.set(key, sequence);
      const decidedAtWindow = status !== 'draft';
      const accepted = !['draft', 'notice', 'refused'].includes(status);
      insertDemoCase(tx, {
        id: randomUUID(),
        caseNumber: decidedAtWindow ? formatCaseNumber({ regionCode: demoCentre.regionCode, date: day, deviceCode, sequence }) : null,
        status,
        windowId: windowIds[windowIndex] ?? null,
        clerkId: clerkIds[i % 2] ?? '',
        matter: { code: matter.code, name: matter.name, version: matter.version, departmentCode: matter.departmentCode },
        channel: channelCycle[i % channelCycle.length] ?? 'window',
        applicantName: applicantNames[i % applicantNames.length] ?? '张伟',
        idNumber: demoIdNumber(i),
        phone: `1390411${String(1000 + i).slice(-4)}`,
        createdAt: `${day}T0${1 + (i % 8)}:${String(10 + i).slice(-2)}:00.000Z`,
        acceptedAt: accepted ? day : null,
        dueDate: accepted ? calendar.dueDate(day, matter.promisedLimit.value, matter.promisedLimit.unit) : null,
      });
    }
    for (const [key, last] of sequences) {
      const [deviceCode, day] = key.split('|');
      tx.run('INSERT INTO case_number_sequence (device_code, day, last_sequence) VALUES (?, ?, ?)', deviceCode ?? '', day ?? '', last);
    }
    tx.audit({ action: 'demo.seed', target: demoCentre.id, detail: { cases: count } });
  });
}

interface DemoCase {
  id: string;
  caseNumber: string | null;
  status: CaseStatus;
  windowId: string | null;
  clerkId: string;
  matter: { code: string; name: string; version: number; departmentCode: string };
  channel: Channel;
  applicantName: string;
  idNumber: string;
  phone: string;
  createdAt: string;
  acceptedAt: string | null;
  dueDate: string | null;
}

function insertDemoCase(tx: WriteTx, c: DemoCase): void {
  tx.run(
    `INSERT INTO case_record (id, case_number, status, centre_id, window_id, clerk_id, matter_code, matter_name,
       matter_version, department_code, channel, applicant_type, applicant_name, applicant_id_type,
       applicant_id_number, applicant_phone, accepted_at, due_date, created_at, updated_at, is_demo)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'individual', ?, 'resident_id', ?, ?, ?, ?, ?, ?, 1)`,
    c.id, c.caseNumber, c.status, demoCentre.id, c.windowId, c.clerkId, c.matter.code, c.matter.name,
    c.matter.version, c.matter.departmentCode, c.channel, c.applicantName, c.idNumber, c.phone,
    c.acceptedAt, c.dueDate, c.createdAt, c.createdAt,
  );
  tx.appendCaseEvent({ caseId: c.id, type: 'demo.created', payload: { status: c.status, caseNumber: c.caseNumber }, note: '演示数据' });
}
