import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrintDataView } from '../../../src-main/domain/api/views.ts';
import { noticeLink, parseNoticeLink, type NoticeVerdict } from '../../../src-main/domain/notices/verification.ts';
import { bootServices, type Services } from '../../../src-main/host/boot.ts';
import { noticeSigningKey, signNotice } from '../../../src-main/services/notices/signing.ts';
import { loginAs } from '../../helpers/services.ts';

const repoRoot = resolve(import.meta.dirname, '../../..');
const dataDir = mkdtempSync(join(tmpdir(), 'onewindow-verify-'));
const otherDevice = noticeSigningKey(new Uint8Array(32).fill(3));

let services: Services;
let link: string;
let caseNumber: string;

beforeAll(async () => {
  services = bootServices({ dataDir, appVersion: 'test' });
  const token = await loginAs(services, 'clerk');
  const caseId = services.env.store.read(
    (tx) => tx.get<{ id: string }>("SELECT id FROM case_record WHERE status IN ('accepted', 'in_review') AND is_bundle = 0 AND due_date IS NOT NULL ORDER BY created_at DESC LIMIT 1")?.id ?? '',
  );
  const printed = await services.dispatcher.call('prints/data', { caseId, document: 'acceptance' }, token);
  if (!printed.ok) throw new Error(printed.error.message);
  link = (printed.value as PrintDataView).qrPayload;
  caseNumber = (printed.value as PrintDataView).caseNumber;
});

afterAll(() => {
  services.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function verify(input: unknown): Promise<NoticeVerdict> {
  // No token: anyone holding the paper may ask.
  const result = await services.dispatcher.call('verify/notice', input, null);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as NoticeVerdict;
}

/** The link with one query parameter replaced, as a forger who edits the paper's facts would. */
function altered(text: string, param: string, value: string): string {
  const [head, query] = text.split('?') as [string, string];
  const params = new URLSearchParams(query);
  params.set(param, value);
  return `${head}?${params.toString()}`;
}

describe('verify/notice (public, offline)', () => {
  it('confirms a notice this PC printed, naming the facts', async () => {
    const verdict = await verify({ link });
    expect(verdict).toMatchObject({ valid: true, outcome: 'valid', signer: 'this-device' });
    expect(verdict.facts).toMatchObject({ caseNumber, document: 'acceptance', documentTitle: '受理通知书' });
    expect(verdict.message).toContain('核验通过');
  });

  it('refuses every altered fact as forged', async () => {
    for (const [param, value] of [['n', '21021120261126W01000019'], ['e', '20991231'], ['d', '20200101'], ['t', 'N'], ['a', '李*']] as const) {
      const verdict = await verify({ link: altered(link, param, value) });
      expect(verdict, param).toMatchObject({ valid: false, outcome: 'forged' });
      expect(verdict.message).toContain('可能被涂改或伪造');
    }
  });

  it('says a key it does not know cannot be verified here, never valid; a given public key verifies it', async () => {
    const foreign = noticeLink(null, signNotice(otherDevice, { document: 'notice', caseNumber: '21021120261126W02000016', decidedDate: '2026-11-26', dueDate: null, applicant: '王*' }));
    expect(await verify({ link: foreign })).toMatchObject({ valid: false, outcome: 'unknown-key', signer: 'unknown' });
    expect(await verify({ link: foreign, publicKey: otherDevice.publicKey })).toMatchObject({ valid: true, signer: 'given-key' });
    // A key whose id does not match the link's is not used to vouch for it.
    expect(await verify({ link, publicKey: otherDevice.publicKey })).toMatchObject({ valid: true, signer: 'this-device' });
    const claimed = altered(foreign, 'k', parseNoticeLink(link).ok ? (parseNoticeLink(link) as { ok: true; signed: { facts: { keyId: string } } }).signed.facts.keyId : '');
    expect(await verify({ link: claimed })).toMatchObject({ valid: false, outcome: 'forged' });
  });

  it('says in Chinese what is wrong with text that is no notice link', async () => {
    expect(await verify({ link: 'ONEWINDOW:21021120261126W01000019' })).toMatchObject({ valid: false, outcome: 'unreadable', message: expect.stringContaining('不是一窗通文书的核验码') });
    const badKey = await services.dispatcher.call('verify/notice', { link, publicKey: '04abc' }, null);
    expect(badKey).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'publicKey', message: expect.stringContaining('公钥应为 04 开头') } });
  });
});

describe('bin/onewindow verify-notice, from a clean shell', () => {
  const home = mkdtempSync(join(tmpdir(), 'onewindow-verify-home-'));
  const workDir = mkdtempSync(join(tmpdir(), 'onewindow-verify-cwd-'));
  symlinkSync(join(repoRoot, 'bin'), join(workDir, 'bin'));
  // The CLI opens the same data folder: the services above let go of it first.
  beforeAll(() => services.close());
  afterAll(() => {
    rmSync(home, { recursive: true, force: true });
    rmSync(workDir, { recursive: true, force: true });
  });

  /** `env -i`: the system's Node 20 first on PATH, a new HOME, nothing inherited. */
  function cleanShell(args: string[]) {
    const quoted = args.map((arg) => `'${arg.replaceAll("'", "'\\''")}'`).join(' ');
    const result = spawnSync('env', ['-i', 'PATH=/usr/local/bin:/usr/bin:/bin', `HOME=${home}`, 'bash', '-c', `bin/onewindow ${quoted}`], {
      cwd: workDir,
      encoding: 'utf8',
      timeout: 170_000,
    });
    return { code: result.status, out: result.stdout, err: result.stderr };
  }

  it('exits 0 with the verdict on stdout for a notice this PC printed', () => {
    const { code, out, err } = cleanShell(['verify-notice', link, '--data-dir', dataDir]);
    expect(err).not.toMatch(/\n\s+at /);
    expect(code, err).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ valid: true, outcome: 'valid', facts: { caseNumber } });
  }, 180_000);

  it('exits 6 for an altered notice, still answering why on stdout', () => {
    const { code, out, err } = cleanShell(['verify-notice', altered(link, 'e', '20991231'), '--data-dir', dataDir]);
    expect(code, err).toBe(6);
    expect(JSON.parse(out)).toMatchObject({ valid: false, outcome: 'forged' });
  }, 180_000);

  it('exits 2 with a Chinese usage message when the link is missing', () => {
    const { code, err } = cleanShell(['verify-notice']);
    expect(code, err).toBe(2);
    expect(JSON.parse(err)).toMatchObject({ error: { code: 'USAGE', message: expect.stringContaining('缺少核验码') } });
  }, 180_000);
});
