import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrintDataView } from '../../../src-main/domain/api/views.ts';
import {
  base64urlToHex,
  hexToBase64url,
  maskApplicantName,
  noticeLink,
  parseNoticeLink,
  type NoticeFacts,
  type SignedNotice,
} from '../../../src-main/domain/notices/verification.ts';
import type { Services } from '../../../src-main/host/boot.ts';
import { keyIdOf, noticeSigningKey, signNotice, verifyNoticeSignature } from '../../../src-main/services/notices/signing.ts';
import { writeSetting } from '../../../src-main/services/settings/settings.ts';
import { bootDemo, loginAs } from '../../helpers/services.ts';

const seedA = new Uint8Array(32).fill(7);
const seedB = new Uint8Array(32).fill(9);
const facts: Omit<NoticeFacts, 'keyId'> = {
  document: 'acceptance',
  caseNumber: '21021120261126W01000019',
  decidedDate: '2026-11-26',
  dueDate: '2026-12-03',
  applicant: '张**',
};

describe('the notice link (pure)', () => {
  it('masks names as a receipt does', () => {
    expect(maskApplicantName('张三丰', false)).toBe('张**');
    expect(maskApplicantName('𠮷田春', false)).toBe('𠮷**');
    expect(maskApplicantName('大连鑫源物流有限公司', true)).toBe('大连********');
    expect(maskApplicantName('李', false)).toBe('李*');
  });

  it('carries 64-byte signatures in 86 URL-safe characters and back', () => {
    const hex = 'ff00'.repeat(32);
    const text = hexToBase64url(hex);
    expect(text).toHaveLength(86);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(base64urlToHex(text)).toBe(hex);
  });

  it('reads back what it wrote, in the platform form and the offline form', () => {
    const signed: SignedNotice = { facts: { ...facts, keyId: '0123456789abcdef' }, signature: 'ab'.repeat(64) };
    const platform = noticeLink('https://zwfw.example.cn/', signed);
    expect(platform.startsWith('https://zwfw.example.cn/verify/notice?v=1&t=A&n=21021120261126W01000019&d=20261126&e=20261203&a=')).toBe(true);
    expect(parseNoticeLink(platform)).toEqual({ ok: true, signed });
    const offline = noticeLink(null, signed);
    expect(offline.startsWith('onewindow-verify:?v=1&')).toBe(true);
    expect(parseNoticeLink(offline)).toEqual({ ok: true, signed });
  });

  it('says in Chinese what is wrong with a link it cannot read', () => {
    expect(parseNoticeLink('ONEWINDOW:21021120261126W01000019')).toMatchObject({ ok: false, message: expect.stringContaining('不是一窗通文书的核验码') });
    expect(parseNoticeLink('onewindow-verify:?v=9&t=A')).toMatchObject({ ok: false, message: expect.stringContaining('请升级一窗通') });
    const signed: SignedNotice = { facts: { ...facts, keyId: '0123456789abcdef' }, signature: 'ab'.repeat(64) };
    const cut = noticeLink(null, signed).replace(/&s=.*$/, '&s=abc');
    expect(parseNoticeLink(cut)).toMatchObject({ ok: false, message: expect.stringContaining('签名有误') });
  });
});

describe('SM2 signatures over the facts', () => {
  it('verifies with the signing device’s public key', () => {
    const key = noticeSigningKey(seedA);
    expect(key.publicKey).toMatch(/^04[0-9a-f]{128}$/);
    expect(key.keyId).toBe(keyIdOf(key.publicKey));
    const signed = signNotice(key, facts);
    expect(signed.signature).toMatch(/^[0-9a-f]{128}$/);
    expect(verifyNoticeSignature(key.publicKey, signed)).toBe(true);
  });

  it('derives the same key from the same seed, a different one from another', () => {
    expect(noticeSigningKey(new Uint8Array(seedA)).publicKey).toBe(noticeSigningKey(seedA).publicKey);
    expect(noticeSigningKey(seedB).publicKey).not.toBe(noticeSigningKey(seedA).publicKey);
  });

  it('refuses every altered fact (the forger changes what the paper says)', () => {
    const key = noticeSigningKey(seedA);
    const signed = signNotice(key, facts);
    const altered: Array<Partial<NoticeFacts>> = [
      { document: 'notice' },
      { caseNumber: '21021120261126W01000027' },
      { decidedDate: '2026-11-25' },
      { dueDate: '2026-12-31' },
      { dueDate: null },
      { applicant: '李**' },
    ];
    for (const change of altered) {
      expect(verifyNoticeSignature(key.publicKey, { ...signed, facts: { ...signed.facts, ...change } }), JSON.stringify(change)).toBe(false);
    }
    const flipped = (signed.signature.startsWith('0') ? '1' : '0') + signed.signature.slice(1);
    expect(verifyNoticeSignature(key.publicKey, { ...signed, signature: flipped })).toBe(false);
    expect(verifyNoticeSignature(key.publicKey, { ...signed, signature: 'f'.repeat(128) })).toBe(false);
  });

  it('refuses a notice signed by another key that claims this key’s id', () => {
    const genuine = noticeSigningKey(seedA);
    const forger = noticeSigningKey(seedB);
    const forged = signNotice(forger, facts);
    expect(verifyNoticeSignature(genuine.publicKey, { ...forged, facts: { ...forged.facts, keyId: genuine.keyId } })).toBe(false);
    expect(verifyNoticeSignature(genuine.publicKey, forged)).toBe(false);
  });
});

describe('the QR code of a printed notice', () => {
  let services: Services;
  let token: string;
  let caseId: string;
  beforeAll(async () => {
    services = bootDemo();
    token = await loginAs(services, 'clerk');
    caseId = services.env.store.read(
      // A person's case (a company keeps two characters of its name, see the masking tests above).
      (tx) =>
        tx.get<{ id: string }>(
          "SELECT id FROM case_record WHERE status IN ('accepted', 'in_review') AND is_bundle = 0 AND due_date IS NOT NULL AND applicant_type = 'individual' ORDER BY created_at DESC LIMIT 1",
        )?.id ?? '',
    );
  });
  afterAll(() => services.close());

  async function printData(): Promise<PrintDataView> {
    const result = await services.dispatcher.call('prints/data', { caseId, document: 'acceptance' }, token);
    if (!result.ok) throw new Error(result.error.message);
    return result.value as PrintDataView;
  }

  it('is a signed link over the notice’s own facts, verifiable with this device’s key', async () => {
    const data = await printData();
    expect(data.qrPayload).not.toContain('ONEWINDOW:');
    const parsed = parseNoticeLink(data.qrPayload);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.signed.facts).toMatchObject({
      document: 'acceptance',
      caseNumber: data.caseNumber,
      decidedDate: data.decidedDate,
      dueDate: data.dueDate,
      applicant: maskApplicantName(data.applicant.name, false),
    });
    const key = services.env.store.read((tx) => noticeSigningKey(tx.cipher.noticeSigningSeed));
    expect(verifyNoticeSignature(key.publicKey, parsed.signed)).toBe(true);
    // The full name never goes into the link.
    expect(decodeURIComponent(data.qrPayload)).not.toContain(data.applicant.name);
  });

  it('points at the configured platform address, else at the gateway this PC is registered with', async () => {
    expect((await printData()).qrPayload.startsWith('onewindow-verify:?')).toBe(true);
    services.env.store.write({ actor: { userId: null, role: null }, deviceId: services.env.deviceId, now: new Date() }, (tx) => {
      tx.run(
        `INSERT INTO sync_link (id, gateway_url, device_id, device_code, device_role, centre_code, centre_name, region_code, credentials, registered_at, epoch)
         VALUES (1, 'https://gw.dl.example:8443', '00000000-0000-4000-8000-000000000001', 'W01', 'window', '210211001', '甘井子', '210211', ?, ?, 'e1')`,
        tx.cipher.seal({}), tx.now,
      );
    });
    expect((await printData()).qrPayload.startsWith('https://gw.dl.example:8443/verify/notice?v=1&t=A&')).toBe(true);
    services.env.store.write({ actor: { userId: null, role: null }, deviceId: services.env.deviceId, now: new Date() }, (tx) => writeSetting(tx, 'notice.verifyBaseUrl', 'https://zwfw.dl.example'));
    expect((await printData()).qrPayload.startsWith('https://zwfw.dl.example/verify/notice?v=1&t=A&')).toBe(true);
  });
});
