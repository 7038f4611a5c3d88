/**
 * The platform's side of notice verification (docs/notice-verification.md): the public keys
 * devices register, and the answer to a scanned notice link. What is signed and how a link
 * reads are the app's own definitions (src-main/domain/notices/verification.ts); the signature
 * check is the same sm-crypto call the app makes (src-main/services/notices/signing.ts).
 */
import smCrypto from 'sm-crypto';
import {
  keyIdOf,
  noticeSigningMessage,
  noticeVerdict,
  parseNoticeLink,
  type NoticeVerdict,
  type SignedNotice,
} from '../../../src-main/domain/notices/verification.ts';
import type { Db, Tx } from '../db/database.ts';

/** Keeps every key a device has used; the first device to register a key id keeps it. */
export async function recordNoticeKey(tx: Tx, region: string, deviceId: string, publicKey: string, now: Date): Promise<void> {
  await tx.query(
    `INSERT INTO device_notice_key (region_code, key_id, device_id, algorithm, public_key, registered_at)
     VALUES ($1, $2, $3, 'SM2', $4, $5) ON CONFLICT (region_code, key_id) DO NOTHING`,
    [region, keyIdOf(publicKey), deviceId, publicKey, now],
  );
}

function signatureHolds(publicKey: string, signed: SignedNotice): boolean {
  if (keyIdOf(publicKey) !== signed.facts.keyId) return false;
  try {
    return smCrypto.sm2.doVerifySignature(noticeSigningMessage(signed.facts), signed.signature, publicKey, { hash: true });
  } catch {
    // sm-crypto throws on numbers out of range: a forged signature, not a fault of ours.
    return false;
  }
}

/**
 * Answers a scanned link (the request's own URL). The key is looked up in the region the case
 * number names; a key nobody registered there is "cannot verify", never "valid".
 */
export async function verifyNoticeAt(db: Db, link: string): Promise<NoticeVerdict> {
  const parsed = parseNoticeLink(link);
  if (!parsed.ok) return noticeVerdict(parsed, null);
  const { caseNumber, keyId } = parsed.signed.facts;
  const found = await db.query<{ public_key: string; device_code: string; centre_name: string | null }>(
    `SELECT k.public_key, d.device_code, c.name AS centre_name
       FROM device_notice_key k
       JOIN device d ON d.region_code = k.region_code AND d.device_id = k.device_id
       LEFT JOIN centre c ON c.region_code = d.region_code AND c.centre_code = d.centre_code
      WHERE k.region_code = $1 AND k.key_id = $2`,
    [caseNumber.slice(0, 6), keyId],
  );
  const key = found.rows[0];
  if (!key) return noticeVerdict(parsed, null);
  return noticeVerdict(parsed, {
    signer: 'registered-device',
    signatureHolds: signatureHolds(key.public_key, parsed.signed),
    signedBy: `${key.centre_name ?? caseNumber.slice(0, 6)} 设备 ${key.device_code}`,
  });
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The page a phone shows: the verdict first, then the facts to compare with the paper. */
export function verdictPage(verdict: NoticeVerdict): string {
  const f = verdict.facts;
  const rows = f
    ? [
        ['文书', f.documentTitle],
        ['办件编号', f.caseNumber],
        ['受理（决定）日期', f.decidedDate],
        ['承诺办结日期', f.dueDate ?? '无'],
        ['申请人', f.applicant],
        ...(verdict.signedBy ? [['签发设备', verdict.signedBy]] : []),
      ]
    : [];
  const colour = verdict.valid ? '#1a7f37' : '#c62828';
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>一窗通文书核验</title>
<style>body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:16px;line-height:1.6}h1{font-size:20px;color:${colour}}
table{border-collapse:collapse;width:100%}td{border-bottom:1px solid #ddd;padding:6px 4px}td:first-child{color:#555;width:8em}</style></head>
<body><h1>${verdict.valid ? '核验通过' : '核验未通过'}</h1><p>${escapeHtml(verdict.message)}</p>
<table>${rows.map(([k, v]) => `<tr><td>${escapeHtml(k ?? '')}</td><td>${escapeHtml(v ?? '')}</td></tr>`).join('')}</table>
</body></html>`;
}
