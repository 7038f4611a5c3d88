/**
 * The keyed audit chain against someone who can write the database file: they have the app's
 * own (public) hash function and the sqlite3 shell, but not the data key.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { AuditVerifyView } from '../../../src-main/domain/api/views.ts';
import { auditHeadOf, verifyAuditChain } from '../../../src-main/services/audit/trail.ts';
import { bootServices, type Services } from '../../../src-main/host/boot.ts';
import { databasePath } from '../../../src-main/services/paths.ts';
import { auditGenesisHash, auditRowHash, type AuditFields } from '../../../src-main/store/store.ts';
import { loginAs } from '../../helpers/services.ts';
import { useFileTempDir } from '../../helpers/temp.ts';

const chainDir = useFileTempDir('onewindow-chain-');
const chainLegacyDir = useFileTempDir('onewindow-chain-legacy-');
const chainHeadDir = useFileTempDir('onewindow-chain-head-');

interface Row extends AuditFields {
  seq: number;
  hash: string;
}

function boot(dataDir: string): Services {
  return bootServices({ dataDir, appVersion: 'test' });
}

async function verify(services: Services): Promise<AuditVerifyView> {
  const admin = await loginAs(services, 'admin');
  const result = await services.dispatcher.call('audit/verify', {}, admin);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as AuditVerifyView;
}

/** What the attacker does: edit row `seq`, then re-link every later row with the app's own hash function. */
function rewriteAndRechain(path: string, seq: number, from = seq, to = Number.MAX_SAFE_INTEGER): void {
  const raw = new Database(path);
  raw.exec('DROP TRIGGER IF EXISTS audit_log_no_update');
  raw.prepare(`UPDATE audit_log SET detail = '{"forged":true}' WHERE seq = ?`).run(seq);
  const rows = raw.prepare('SELECT * FROM audit_log WHERE seq >= ? AND seq <= ? ORDER BY seq').all(from, to) as Row[];
  let prev = (raw.prepare('SELECT hash FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT 1').get(from) as { hash: string } | undefined)?.hash ?? auditGenesisHash;
  const update = raw.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?');
  for (const row of rows) {
    const hash = auditRowHash({ ...row, prev_hash: prev });
    update.run(prev, hash, row.seq);
    prev = hash;
  }
  raw.close();
}

describe('the keyed audit chain', () => {
  it('catches a row rewritten and every later row re-chained with the public hash function, at that row', async () => {
    const dataDir = chainDir();
    let services = boot(dataDir);
    for (const role of ['clerk', 'reviewer', 'supervisor'] as const) await loginAs(services, role);
    expect(await verify(services)).toMatchObject({ ok: true });
    const victim = services.env.store.read((tx) => tx.get<{ seq: number }>("SELECT seq FROM audit_log WHERE action = 'session.login' ORDER BY seq LIMIT 1"))?.seq ?? 0;
    services.close();

    rewriteAndRechain(databasePath(dataDir), victim);
    // A fresh process: nothing it remembers helps; only the key does.
    services = boot(dataDir);
    const result = services.env.store.read((tx) => verifyAuditChain(tx));
    expect(result).toMatchObject({ ok: false, firstBrokenSeq: victim, reason: `第 ${victim} 条记录的内容与其哈希不符（记录被篡改）` });
    services.close();
  });

  it('migrates a chain written before it was keyed without rewriting a row, and still catches a rewrite of the old rows', async () => {
    const dataDir = chainLegacyDir();
    boot(dataDir).close();
    // The trail as the app wrote it before this change: plain SM3 links, no record of a keyed start.
    const raw = new Database(databasePath(dataDir));
    raw.exec('DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log');
    raw.prepare("DELETE FROM setting WHERE key = 'audit.legacyRows'").run();
    let prev = auditGenesisHash;
    const insert = raw.prepare('INSERT INTO audit_log (at, user_id, role, device_id, action, target, outcome, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    for (let i = 0; i < 20; i++) {
      const row: AuditFields = { prev_hash: prev, at: `2026-11-0${1 + (i % 9)}T01:00:00.000Z`, user_id: null, role: null, device_id: 'old-device', action: 'session.login', target: `user${i}`, outcome: 'ok', detail: '{}' };
      const hash = auditRowHash(row);
      insert.run(row.at, row.user_id, row.role, row.device_id, row.action, row.target, row.outcome, row.detail, row.prev_hash, hash);
      prev = hash;
    }
    raw.close();

    let services = boot(dataDir);
    const intact = await verify(services);
    expect(intact.ok).toBe(true);
    const marker = services.env.store.read((tx) => tx.get<{ seq: number; detail: string }>("SELECT seq, detail FROM audit_log WHERE action = 'audit.chainKeyed'"));
    expect(marker).toEqual({ seq: 21, detail: JSON.stringify({ legacyRows: 20 }) });
    services.close();

    // Rewriting an old row and re-linking only the old rows: the first keyed row covers the last old link.
    rewriteAndRechain(databasePath(dataDir), 5, 5, 20);
    services = boot(dataDir);
    expect(services.env.store.read((tx) => verifyAuditChain(tx))).toMatchObject({ ok: false, firstBrokenSeq: 21 });
    services.close();

    // Moving the boundary so every row counts as old (and re-chaining all) is caught too: the count is MACed.
    const again = new Database(databasePath(dataDir));
    again.prepare("UPDATE setting SET value = ? WHERE key = 'audit.legacyRows'").run(JSON.stringify({ rows: 10_000, mac: '0'.repeat(64) }));
    again.close();
    rewriteAndRechain(databasePath(dataDir), 5);
    services = boot(dataDir);
    expect(services.env.store.read((tx) => verifyAuditChain(tx))).toMatchObject({ ok: false, reason: expect.stringContaining('起点记录') as string });
    services.close();
  });

  it('catches the newest rows cut off under the running app, and against a head kept elsewhere (the gateway) after a restart', async () => {
    const dataDir = chainHeadDir();
    let services = boot(dataDir);
    for (const role of ['clerk', 'reviewer', 'supervisor'] as const) await loginAs(services, role);
    const admin = await loginAs(services, 'admin');
    const head = services.env.store.read((tx) => auditHeadOf(tx));
    expect(head).toMatchObject({ seq: expect.any(Number) as number, hash: expect.stringMatching(/^[0-9a-f]{64}$/) as string });

    const raw = new Database(databasePath(dataDir));
    raw.exec('DROP TRIGGER audit_log_no_delete');
    raw.prepare('DELETE FROM audit_log WHERE seq > ?').run((head?.seq ?? 0) - 3);
    raw.close();

    const cut = await services.dispatcher.call('audit/verify', {}, admin);
    expect(cut).toMatchObject({ ok: true, value: { ok: false, firstBrokenSeq: head?.seq, reason: expect.stringContaining('被删除') as string } });
    services.close();
    services = boot(dataDir);
    // The chain left behind is whole; only the head sent away shows what is missing.
    expect(services.env.store.read((tx) => verifyAuditChain(tx, null)).ok).toBe(true);
    expect(services.env.store.read((tx) => verifyAuditChain(tx, head)).ok).toBe(false);
    services.close();
  });
});
