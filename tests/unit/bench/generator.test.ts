import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { historicYears } from '../../../bench/fixtures/calendar.ts';
import { buildFixture, type GenerationStats } from '../../../bench/fixtures/million.ts';
import { parseCaseNumber } from '../../../src-main/domain/cases/case-number.ts';
import { checkCreditCode } from '../../../src-main/domain/identity/credit-code.ts';
import { checkPhone } from '../../../src-main/domain/identity/phone.ts';
import { checkResidentId } from '../../../src-main/domain/identity/resident-id.ts';
import type { CaseEvent } from '../../../src-main/domain/lifecycle/events.ts';
import { queueOf } from '../../../src-main/domain/lifecycle/machine.ts';
import { foldCase } from '../../../src-main/domain/lifecycle/machine.ts';
import { verifyAuditChain } from '../../../src-main/services/audit/trail.ts';
import { bootServices } from '../../../src-main/host/boot.ts';
import { demoPassword } from '../../../src-main/services/demo/seed.ts';
import { databasePath, resourcesDir } from '../../../src-main/services/paths.ts';
import { Store } from '../../../src-main/store/store.ts';
import { deriveDataKeys, Keyring } from '../../../src-main/domain/crypto/sealed.ts';
import type { CasePersonal } from '../../../src-main/services/crypto/case-personal.ts';
import { keyFileVault, prepareDataKey } from '../../../src-main/services/crypto/data-key.ts';
import { FieldCipher } from '../../../src-main/store/field-cipher.ts';

/** The fixture's own data key, to read what it sealed. */
function cipherOf(dataDir: string): FieldCipher {
  const key = prepareDataKey(dataDir, keyFileVault);
  return new FieldCipher(new Keyring(deriveDataKeys(key.keyId, key.root)));
}
import { useTempDir } from '../../helpers/temp.ts';

const tempDir = useTempDir('onewindow-fixture-test-');
const cases = 2000;
const endDate = '2026-11-25';

/** One small fixture for the whole file (the generator is deterministic for a seed). */
let dir = '';
let stats: GenerationStats;
let db: Database.Database;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'onewindow-fixture-test-'));
  stats = await buildFixture(dir, { cases, endDate, worker: false });
  db = new Database(databasePath(dir), { readonly: true });
  return () => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  };
});

const all = <T,>(sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as T[];
const one = <T,>(sql: string, ...params: unknown[]) => db.prepare(sql).get(...params) as T;

describe('the 1M-case fixture generator (at 2,000 cases)', () => {
  it('writes exactly the requested case rows, a consistent file, and marks itself complete', () => {
    expect(one<{ n: number }>('SELECT count(*) AS n FROM case_record').n).toBe(cases);
    expect(stats.cases).toBe(cases);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const mark = JSON.parse(one<{ value: string }>("SELECT value FROM setting WHERE key = 'bench.fixture'").value) as { complete: boolean; cases: number };
    expect(mark).toMatchObject({ complete: true, cases });
  });

  it('ends with the schema exactly as a booted site has it (every index rebuilt, the plain columns sealed away)', () => {
    const fresh = bootServices({ dataDir: tempDir(), appVersion: 'test', seedDemoIfEmpty: false });
    const schema = (d: Database.Database) => d.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%' ORDER BY name").all();
    expect(schema(db)).toEqual(schema(fresh.env.store.db));
    fresh.close();
  });

  it('seals personal data like the store: one sealed value per case, its tokens on the case or its bundle’s parent, nothing in clear', () => {
    const cipher = cipherOf(dir);
    const rows = all<{ id: string; created_at: string; personal: Buffer; parent_case_id: string | null; family: number }>(
      'SELECT id, created_at, personal, parent_case_id, 1 + (SELECT count(*) FROM case_record k WHERE k.parent_case_id = c.id) AS family FROM case_record c',
    );
    expect(rows.some((r) => r.parent_case_id !== null)).toBe(true);
    const tokens = db.prepare('SELECT kind, token, cases FROM search_token WHERE case_id = ? AND created_at = ?');
    for (const row of rows.slice(0, 400)) {
      const found = tokens.all(row.id, row.created_at) as Array<{ kind: string; token: Buffer; cases: number }>;
      if (row.parent_case_id !== null) {
        expect(found).toEqual([]);
        continue;
      }
      const personal = cipher.open<CasePersonal>(row.personal);
      const kinds = found.map((t) => `${t.kind}:${t.token.toString('hex')}`);
      expect(kinds).toContain(`name:${cipher.nameTokens(personal.name)[0]?.toString('hex')}`);
      if (personal.idNumber) expect(kinds).toContain(`id:${cipher.token('id', personal.idNumber).toString('hex')}`);
      expect(new Set(found.map((t) => t.cases))).toEqual(new Set([row.family]));
    }
    // (Names are not checked here: a clerk's display name may well equal an applicant's.)
    const file = readFileSync(databasePath(dir));
    for (const row of rows.slice(0, 50)) {
      const { idNumber, phone } = cipher.open<CasePersonal>(row.personal);
      if (idNumber) expect(file.includes(Buffer.from(idNumber))).toBe(false);
      if (phone) expect(file.includes(Buffer.from(phone))).toBe(false);
    }
  });

  it('gives valid identity numbers: GB 11643 IDs, GB 32100 credit codes, phones', () => {
    const cipher = cipherOf(dir);
    const people = all<{ personal: Buffer }>("SELECT personal FROM case_record WHERE applicant_type = 'individual'").map((r) => cipher.open<CasePersonal>(r.personal));
    expect(people.length).toBeGreaterThan(cases * 0.6);
    for (const p of people) {
      expect(checkResidentId(p.idNumber ?? '', endDate).ok, p.idNumber ?? '').toBe(true);
      expect(checkPhone(p.phone ?? '').ok, p.phone ?? '').toBe(true);
      if (p.agentIdNumber) expect(checkResidentId(p.agentIdNumber, endDate).ok).toBe(true);
    }
    const firms = all<{ applicant_credit_code: string; personal: Buffer }>("SELECT applicant_credit_code, personal FROM case_record WHERE applicant_type = 'enterprise'");
    expect(firms.length).toBeGreaterThan(cases * 0.2);
    for (const f of firms) {
      expect(checkCreditCode(f.applicant_credit_code).ok, f.applicant_credit_code).toBe(true);
      expect(checkPhone(cipher.open<CasePersonal>(f.personal).phone ?? '').ok).toBe(true);
    }
  });

  it('numbers every case like the window does: check character, acceptance date, the window device, per-day sequences', () => {
    const rows = all<{ case_number: string; created_at: string; device_code: string }>(
      'SELECT c.case_number, c.created_at, w.device_code FROM case_record c JOIN service_window w ON w.id = c.window_id',
    );
    const sequences = new Map<string, number[]>();
    for (const row of rows) {
      const parsed = parseCaseNumber(row.case_number);
      expect(parsed.ok, row.case_number).toBe(true);
      if (!parsed.ok) continue;
      expect(parsed.regionCode).toBe('210211');
      expect(parsed.deviceCode).toBe(row.device_code);
      // The date in China at the moment of intake.
      expect(parsed.date).toBe(new Date(Date.parse(row.created_at) + 8 * 3_600_000).toISOString().slice(0, 10));
      const key = `${parsed.deviceCode}|${parsed.date}`;
      sequences.set(key, [...(sequences.get(key) ?? []), parsed.sequence]);
    }
    // 1..n without gaps per device and day, and the sequence table continues from n.
    for (const [key, seqs] of sequences) {
      const sorted = [...seqs].sort((a, b) => a - b);
      expect(sorted).toEqual(sorted.map((_, i) => i + 1));
      const [device, day] = key.split('|');
      expect(one<{ last_sequence: number }>('SELECT last_sequence FROM case_number_sequence WHERE device_code = ? AND day = ?', device, day).last_sequence).toBe(sorted.length);
    }
  });

  it('spreads statuses as a hall does: most closed, some in flight, few notices and refusals', () => {
    const by = Object.fromEntries(all<{ status: string; n: number }>('SELECT status, count(*) AS n FROM case_record GROUP BY status').map((r) => [r.status, r.n]));
    expect(by.closed ?? 0).toBeGreaterThan(cases * 0.85);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM case_record WHERE review_queue IS NOT NULL").n).toBeGreaterThan(0);
    expect(by.notice ?? 0).toBeGreaterThan(cases * 0.01);
    expect(by.notice ?? 0).toBeLessThan(cases * 0.06);
    expect(by.refused ?? 0).toBeGreaterThan(0);
    expect(by.refused ?? 0).toBeLessThan(cases * 0.02);
    expect((by.in_review ?? 0) + (by.accepted ?? 0) + (by.decided ?? 0)).toBeGreaterThan(0);
    // Open cases are recent (except the few forgotten ones); closed ones span the whole history.
    const openDates = all<{ d: string }>("SELECT created_at AS d FROM case_record WHERE status IN ('accepted', 'in_review', 'decided') AND is_bundle = 0 ORDER BY d");
    const recent = openDates.filter((r) => r.d >= '2026-09-01').length;
    expect(recent / openDates.length).toBeGreaterThan(0.5);
    // Accepted cases carry a due date on or after acceptance; notices and refusals none.
    expect(one<{ n: number }>("SELECT count(*) AS n FROM case_record WHERE accepted_at IS NOT NULL AND (due_date IS NULL OR due_date < accepted_date)").n).toBe(0);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM case_record WHERE status IN ('notice', 'refused') AND due_date IS NOT NULL").n).toBe(0);
  });

  it('has repeat applicants, and the returning-applicant table agrees with the cases', () => {
    const cipher = cipherOf(dir);
    const perPerson = new Map<string, number>();
    for (const row of all<{ personal: Buffer }>("SELECT personal FROM case_record WHERE applicant_type = 'individual' AND parent_case_id IS NULL")) {
      const id = cipher.open<CasePersonal>(row.personal).idNumber ?? '';
      perPerson.set(id, (perPerson.get(id) ?? 0) + 1);
    }
    const top = [...perPerson].sort((a, b) => b[1] - a[1]).slice(0, 20);
    expect(top[0]?.[1] ?? 0).toBeGreaterThanOrEqual(5);
    expect(one<{ n: number }>('SELECT count(*) AS n FROM applicant_profile WHERE case_count >= 3').n).toBeGreaterThan(10);
    for (const [id, n] of top) {
      expect(one<{ case_count: number }>('SELECT case_count FROM applicant_profile WHERE lookup = ?', cipher.token('applicant', `id:${id}`)).case_count).toBe(n);
    }
    const intakes = one<{ n: number }>('SELECT count(*) AS n FROM case_record WHERE parent_case_id IS NULL').n;
    expect(one<{ n: number }>('SELECT sum(case_count) AS n FROM applicant_profile').n).toBe(intakes);
  });

  it('follows the calendar: working days only (make-up Saturdays included), Mondays busier than Fridays', () => {
    const byWeekday = Object.fromEntries(
      all<{ w: string; n: number }>("SELECT strftime('%w', accepted_date) AS w, count(*) AS n FROM case_record WHERE accepted_date IS NOT NULL GROUP BY w").map((r) => [r.w, r.n]),
    );
    expect(byWeekday['1'] ?? 0).toBeGreaterThan((byWeekday['5'] ?? 0) * 1.1);
    // Weekend dates are only make-up working days, e.g. Sunday 2025-01-26 and Saturday 2025-02-08.
    const weekend = all<{ d: string }>("SELECT DISTINCT accepted_date AS d FROM case_record WHERE strftime('%w', accepted_date) IN ('0', '6')").map((r) => r.d);
    const shipped = JSON.parse(readFileSync(join(resourcesDir(), 'calendars', '2026.json'), 'utf8')) as { makeUpWorkdays: string[] };
    const makeUpDays = [...historicYears.flatMap((y) => y.makeUpWorkdays), ...shipped.makeUpWorkdays];
    expect(weekend.length).toBeGreaterThan(0);
    for (const d of weekend) expect(makeUpDays).toContain(d);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM case_record WHERE accepted_date BETWEEN '2025-10-01' AND '2025-10-08'").n).toBe(0);
  });

  it('writes logs the lifecycle state machine accepts, and case rows that are their projection', () => {
    const heads = all<{ id: string; status: string; is_bundle: number; review_queue: string | null; assignee_id: string | null; steps_done: number; closed_at: string | null; decision_outcome: string | null }>(
      'SELECT id, status, is_bundle, review_queue, assignee_id, steps_done, closed_at, decision_outcome FROM case_record',
    );
    const log = db.prepare('SELECT type, at, actor_id, actor_role, payload FROM case_event WHERE case_id = ? ORDER BY seq');
    const types = new Set<string>();
    for (const head of heads) {
      const events = (log.all(head.id) as Array<{ type: string; at: string; actor_id: string | null; actor_role: string | null; payload: string }>).map(
        (e) => ({ type: e.type, at: e.at, actorId: e.actor_id, actorRole: e.actor_role, payload: JSON.parse(e.payload) as unknown }) as CaseEvent,
      );
      for (const e of events) types.add(e.type);
      const state = foldCase(events);
      // A bundle's parent keeps the window's decision; its children carry the lifecycle.
      if (head.is_bundle === 1) continue;
      expect(state.status, head.id).toBe(head.status);
      expect(queueOf(state)).toBe(head.review_queue);
      expect(state.assigneeId).toBe(head.assignee_id);
      expect(state.stepsDone.length).toBe(head.steps_done);
      expect(state.closedAt).toBe(head.closed_at);
      expect(state.decision?.outcome ?? null).toBe(head.decision_outcome);
    }
    for (const type of ['intake.accepted', 'case.transferred', 'review.claimed', 'review.stepCompleted', 'review.decided', 'immediate.decided', 'handover.delivered', 'case.closed', 'rating.given']) {
      expect(types, type).toContain(type);
    }
  });

  it('writes what the write path writes: an intake event first, checklist lines, outbox rows of recent own events, a valid audit chain', () => {
    expect(one<{ n: number }>("SELECT count(*) AS n FROM case_record c WHERE NOT EXISTS (SELECT 1 FROM case_event e WHERE e.case_id = c.id AND e.seq = 1 AND e.type LIKE 'intake.%')").n).toBe(0);
    const lines = all<{ n: number }>('SELECT count(*) AS n FROM case_material GROUP BY case_id');
    expect(lines.length).toBe(cases);
    for (const { n } of lines) expect(n).toBeGreaterThanOrEqual(1);
    expect(one<{ n: number }>('SELECT count(*) AS n FROM outbox o WHERE NOT EXISTS (SELECT 1 FROM case_event e WHERE e.id = o.message_id)').n).toBe(0);
    expect(one<{ n: number }>('SELECT count(*) AS n FROM outbox').n).toBeGreaterThan(0);
    const store = Store.open(databasePath(dir));
    store.useCipher(cipherOf(dir));
    try {
      const chain = store.read((tx) => verifyAuditChain(tx));
      expect(chain.ok).toBe(true);
      expect(chain.rows).toBeGreaterThan(10);
      // Appended in time order, as the one write path does: seq ranges stand in for time ranges.
      expect(one<{ n: number }>('SELECT count(*) AS n FROM audit_log a JOIN audit_log b ON b.seq = a.seq + 1 WHERE b.at < a.at').n).toBe(0);
    } finally {
      store.close();
    }
  });

  it('is a database the app opens, searches and keeps accepting into', async () => {
    const services = bootServices({ dataDir: dir, appVersion: 'test', seedDemoIfEmpty: false });
    try {
      const login = await services.dispatcher.call('session/login', { username: 'clerk', password: demoPassword }, null);
      if (!login.ok) throw new Error(login.error.message);
      const token = (login.value as { token: string }).token;
      const page = await services.dispatcher.call('cases/list', { applicantName: '王' }, token);
      expect(page.ok && (page.value as { rows: unknown[] }).rows.length).toBeGreaterThan(0);
      const checklist = await services.dispatcher.call('catalogue/checklist', { target: { kind: 'matter', matterCode: 'GJZ-GA-0002' } }, token);
      if (!checklist.ok) throw new Error(checklist.error.message);
      const materials = (checklist.value as { materials: Array<{ key: string }> }).materials.map((m) => ({ key: m.key, status: 'received' }));
      const accepted = await services.dispatcher.call(
        'intake/accept',
        {
          target: { kind: 'matter', matterCode: 'GJZ-GA-0002' },
          applicant: { type: 'individual', name: '张三', idType: 'resident_id', idNumber: '11010519491231002X', phone: '13904111234' },
          channel: 'window',
          materials,
        },
        token,
      );
      expect(accepted.ok, JSON.stringify(accepted)).toBe(true);
    } finally {
      services.close();
    }
  });

  it('is deterministic for a seed', async () => {
    const numbers = async () => {
      const d = tempDir();
      await buildFixture(d, { cases: 300, endDate, worker: false });
      const x = new Database(databasePath(d), { readonly: true });
      const cipher = cipherOf(d);
      // Sealed values differ run to run (fresh key, fresh IVs); what they hold must not.
      const rows = (x.prepare('SELECT case_number, personal, status FROM case_record ORDER BY case_number').all() as Array<{ case_number: string; personal: Buffer; status: string }>).map(
        (r) => ({ caseNumber: r.case_number, name: cipher.open<CasePersonal>(r.personal).name, status: r.status }),
      );
      x.close();
      return rows;
    };
    expect(await numbers()).toEqual(await numbers());
  });
});
