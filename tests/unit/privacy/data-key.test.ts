/**
 * The data key's life with the database: made on first start (0600), required afterwards, never
 * silently replaced; and the first start after migration 0006 seals a database that held
 * personal data in plain text, dropping the plain columns and emptying the WAL.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { PersonalDataView, SystemInfoView } from '../../../src-main/domain/api/views.ts';
import { residentIdCheckChar } from '../../../src-main/domain/identity/resident-id.ts';
import { bootServices } from '../../../src-main/host/boot.ts';
import { findApplicant } from '../../../src-main/services/intake/applicants.ts';
import { listCases, revealPersonalData } from '../../../src-main/services/cases/queries.ts';
import { dataKeyPath } from '../../../src-main/services/crypto/data-key.ts';
import { databasePath } from '../../../src-main/services/paths.ts';
import { migrations } from '../../../src-main/store/migrations/index.ts';
import { applyPragmas, migrate } from '../../../src-main/store/open.ts';
import { findMarkers, markerNeedles } from '../../helpers/byte-scan.ts';
import type { CaseScope } from '../../../src-main/domain/auth/case-scope.ts';
import type { ReadTx } from '../../../src-main/store/store.ts';

/** The clerk's scope: every case of the (one) centre in the store. */
const wholeCentre = (tx: ReadTx): CaseScope => ({ kind: 'centre', centreId: tx.get<{ id: string }>('SELECT id FROM centre LIMIT 1')?.id ?? '' });
import { loginAs } from '../../helpers/services.ts';
import { useTempDir } from '../../helpers/temp.ts';

const tempDir = useTempDir('onewindow-datakey-');
const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('the data key', () => {
  it('is made on first start, readable only by the owner, and reported as the key-file fallback', async () => {
    const dir = tempDir();
    const services = bootServices({ dataDir: dir, appVersion: 't' });
    expect(statSync(dataKeyPath(dir)).mode & 0o777).toBe(0o600);
    const info = await services.dispatcher.call('system/info', {}, null);
    expect(info.ok && (info.value as SystemInfoView).keyProtection).toBe('key-file');
    // The key never enters the database.
    const key = JSON.parse(readFileSync(dataKeyPath(dir), 'utf8')) as { key: string };
    services.close();
    const db = readFileSync(databasePath(dir));
    expect(db.includes(Buffer.from(key.key, 'base64'))).toBe(false);
    expect(db.includes(Buffer.from(key.key))).toBe(false);
  });

  it('missing over an existing database: a clear Chinese error, no new key, the database untouched', () => {
    const dir = tempDir();
    bootServices({ dataDir: dir, appVersion: 't' }).close();
    const before = digest(databasePath(dir));
    rmSync(dataKeyPath(dir));
    expect(() => bootServices({ dataDir: dir, appVersion: 't' })).toThrow(/找不到数据密钥文件.*不会生成新密钥/);
    expect(existsSync(dataKeyPath(dir))).toBe(false);
    expect(digest(databasePath(dir))).toBe(before);
  });

  it('corrupt or from another database: refused with the reason', () => {
    const dir = tempDir();
    bootServices({ dataDir: dir, appVersion: 't' }).close();
    const saved = readFileSync(dataKeyPath(dir));
    writeFileSync(dataKeyPath(dir), '{ not json');
    expect(() => bootServices({ dataDir: dir, appVersion: 't' })).toThrow(/数据密钥文件.*不是有效的 JSON/);
    const other = tempDir();
    bootServices({ dataDir: other, appVersion: 't', seedDemoIfEmpty: false }).close();
    copyFileSync(dataKeyPath(other), dataKeyPath(dir));
    expect(() => bootServices({ dataDir: dir, appVersion: 't' })).toThrow(/不是加密本数据库时所用的密钥/);
    writeFileSync(dataKeyPath(dir), saved);
    bootServices({ dataDir: dir, appVersion: 't' }).close();
  });
});

describe('the audited full view', () => {
  it('gives a clerk the full data and records it; refuses the administrator and records that, naming the case', async () => {
    const services = bootServices({ dataDir: tempDir(), appVersion: 't' });
    const caseId = services.env.store.read((tx) => tx.get<{ id: string }>("SELECT id FROM case_record WHERE applicant_id_type = 'resident_id' AND is_bundle = 0 LIMIT 1"))!.id;
    const audits = (action: string) =>
      services.env.store.read((tx) => tx.all<{ role: string; outcome: string; target: string; detail: string }>('SELECT role, outcome, target, detail FROM audit_log WHERE action = ?', action));
    const clerk = await services.dispatcher.call('cases/revealPersonalData', { caseId }, await loginAs(services, 'clerk'));
    expect(clerk.ok).toBe(true);
    expect((clerk.ok ? clerk.value : null) as PersonalDataView).toMatchObject({ caseId, idNumber: expect.stringMatching(/^\d{17}[\dX]$/) });
    expect(audits('case.revealPersonalData')).toEqual([expect.objectContaining({ role: 'clerk', outcome: 'ok', detail: JSON.stringify({ caseId }) })]);
    const admin = await services.dispatcher.call('cases/revealPersonalData', { caseId }, await loginAs(services, 'admin'));
    expect(admin.ok ? 'ok' : admin.error.code).toBe('FORBIDDEN');
    expect(audits('api.refused').at(-1)).toMatchObject({ role: 'admin', outcome: 'denied', target: 'cases/revealPersonalData', detail: JSON.stringify({ reason: 'role', caseId }) });
    services.close();
  });
});

describe('search through the blind index', () => {
  it('reads a name-prefix page newest first straight off the token key, with no sort', () => {
    const services = bootServices({ dataDir: tempDir(), appVersion: 't' });
    const plans: string[] = [];
    const db = services.env.store.db;
    const prepare = db.prepare.bind(db);
    // Every statement the list prepares, explained.
    db.prepare = ((sql: string) => {
      if (sql.includes('FROM search_token t JOIN') && sql.includes('LIMIT ? OFFSET ?')) {
        plans.push(...(prepare(`EXPLAIN QUERY PLAN ${sql}`).all('name', Buffer.alloc(16), 20, 0) as Array<{ detail: string }>).map((p) => p.detail));
      }
      return prepare(sql);
    }) as typeof db.prepare;
    services.env.store.read((tx) =>
      listCases(tx, { applicantName: '王', sort: 'createdAt', order: 'desc', page: 1, pageSize: 20 }, { calendar: services.env.calendar.get(tx), today: '2026-11-26' }, wholeCentre(tx)),
    );
    expect(plans.join(' | ')).toContain('USING PRIMARY KEY (kind=? AND token=?)');
    expect(plans.join(' | ')).not.toContain('TEMP B-TREE');
    services.close();
  });
});

describe('sealing a database from before migration 0006', () => {
  const first17 = '21021119790102553';
  const idNumber = first17 + residentIdCheckChar(first17);
  const name = '龘靐测试标记';

  /** A version-5 database holding one case, one returning applicant, one draft and one scan, all in clear. */
  function plaintextStore(dir: string): void {
    const db = new Database(databasePath(dir));
    applyPragmas(db);
    migrate(db, databasePath(dir), migrations.slice(0, 5));
    db.exec(`INSERT INTO centre VALUES ('c', '测试中心', '210211', 0);
      INSERT INTO app_user (id, username, display_name, role, centre_id, password_hash, created_at) VALUES ('u', 'u', '王芳', 'clerk', 'c', 'x', 't');`);
    db.prepare(
      `INSERT INTO case_record (id, case_number, status, centre_id, clerk_id, matter_code, matter_name, matter_version, department_code, channel,
         applicant_type, applicant_name, applicant_id_type, applicant_id_number, applicant_phone, applicant_address, agent_name, created_at, updated_at)
       VALUES ('case-1', '2102112026010100001', 'accepted', 'c', 'u', 'M', '事项', 1, 'D', 'window', 'individual', ?, 'resident_id', ?, '13987650000', '大连市龘路1号', ?, '2026-01-01T01:00:00.000Z', 't')`,
    ).run(name, idNumber, `${name}代办`);
    db.prepare(`INSERT INTO applicant (key, type, name, id_type, id_number, phone, address, case_count, last_seen_at) VALUES (?, 'individual', ?, 'resident_id', ?, '13987650000', '大连市龘路1号', 1, 't')`).run(`id:${idNumber}`, name, idNumber);
    db.prepare(`INSERT INTO intake_draft (id, clerk_id, title, applicant_name, form, created_at, updated_at) VALUES ('d', 'u', '事项', ?, ?, 't', 't')`).run(name, JSON.stringify({ applicant: { name, idNumber } }));
    const scan = Buffer.from(`%PDF-1.4 ${name} ${idNumber}`);
    const sha = createHash('sha256').update(scan).digest('hex');
    mkdirSync(join(dir, 'attachments', sha.slice(0, 2)), { recursive: true });
    writeFileSync(join(dir, 'attachments', sha.slice(0, 2), sha), scan);
    db.prepare(`INSERT INTO attachment (id, draft_id, material_key, file_name, mime_type, size, sha256, added_by, added_at) VALUES ('a', 'd', 'k', ?, 'application/pdf', ?, ?, 'u', 't')`).run(`${name}.pdf`, scan.length, sha);
    db.close();
  }

  it('seals every plaintext row in one step, drops the plain columns and files, and everything reads back', () => {
    const dir = tempDir();
    plaintextStore(dir);
    expect(findMarkers(dir, markerNeedles(idNumber, name, '13987650000')).length).toBeGreaterThan(0);
    const services = bootServices({ dataDir: dir, appVersion: 't', seedDemoIfEmpty: false });
    const { store } = services.env;
    const columns = store.read((tx) => tx.all<{ name: string }>("SELECT name FROM pragma_table_info('case_record')")).map((c) => c.name);
    expect(columns).not.toContain('applicant_name');
    expect(columns).not.toContain('applicant_id_number');
    expect(store.read((tx) => tx.get<{ n: number }>("SELECT count(*) AS n FROM sqlite_master WHERE name IN ('applicant', 'case_record_applicant_name', 'case_record_id_number')"))?.n).toBe(0);
    expect(readFileSync(`${databasePath(dir)}-wal`).length).toBe(0);
    store.read((tx) => {
      expect(revealPersonalData(tx, 'case-1')?.view).toMatchObject({ name, idNumber, agentName: `${name}代办`, address: '大连市龘路1号' });
      expect(findApplicant(tx, { idNumber })).toMatchObject({ name, phone: '13987650000', caseCount: 1 });
      const clock = { calendar: services.env.calendar.get(tx), today: '2026-01-02' };
      const page = listCases(tx, { applicantName: '龘靐', sort: 'createdAt', order: 'desc', page: 1, pageSize: 20 }, clock, wholeCentre(tx));
      expect(page.rows.map((r) => r.id)).toEqual(['case-1']);
      expect(listCases(tx, { idNumber, sort: 'createdAt', order: 'desc', page: 1, pageSize: 20 }, clock, wholeCentre(tx)).rows.map((r) => r.id)).toEqual(['case-1']);
    });
    services.close();
    expect(findMarkers(dir, markerNeedles(idNumber, name, '13987650000'))).toEqual([]);
  });
});
