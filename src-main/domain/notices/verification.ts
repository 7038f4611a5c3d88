/**
 * The verification link in a printed notice's QR code (docs/notice-verification.md). It carries
 * the notice's key facts and an SM2 signature over them by the device that printed it, so that
 *   - the central platform answers it (GET <base>/verify/notice?…: a phone scan opens it), and
 *   - anyone holding the device's public key checks it offline (`bin/onewindow verify/notice`).
 * Only the facts printed on the paper go in, never a full name or ID number: the link may end up
 * in a web server's log. The signature itself is made and checked in Node (sm-crypto): this
 * module is the one definition of what is signed, shared by the app, the CLI and the gateway.
 */
import type { PrintDocument } from '../api/views.ts';
import { sm3 } from '../crypto/sm3.ts';

export const noticeVerificationPath = '/verify/notice';
/** The link's own format version; a new one gets a new number, old links keep verifying. */
export const noticeLinkVersion = 1;
/** Without a configured platform address the QR code carries the same query under this scheme. */
export const offlineLinkScheme = 'onewindow-verify:';

const documentLetters: Record<PrintDocument, string> = { acceptance: 'A', notice: 'N', refusal: 'R', handover: 'H' };
const documentsByLetter = new Map(Object.entries(documentLetters).map(([doc, letter]) => [letter, doc as PrintDocument]));

export const noticeDocumentTitles: Readonly<Record<PrintDocument, string>> = {
  acceptance: '受理通知书',
  notice: '一次性告知书',
  refusal: '不予受理通知书',
  handover: '综合窗口受理交接单',
};

export interface NoticeFacts {
  document: PrintDocument;
  caseNumber: string;
  /** The decision's date in China, yyyy-mm-dd. */
  decidedDate: string;
  /** The promised completion date, yyyy-mm-dd, or null (a notice or refusal has none). */
  dueDate: string | null;
  /** The applicant's name masked as on a receipt: first character, the rest as *. */
  applicant: string;
  /** Which signing key: the first 16 hex digits of SM3 over the public key (see keyIdOf). */
  keyId: string;
}

export interface SignedNotice {
  facts: NoticeFacts;
  /** SM2 signature r‖s, 128 hex digits. */
  signature: string;
}

/** 张三丰 → 张**; an enterprise's name keeps its first two characters (北京**). */
export function maskApplicantName(name: string, enterprise: boolean): string {
  const chars = [...name.trim()];
  const keep = enterprise ? Math.min(2, chars.length) : Math.min(1, chars.length);
  return chars.slice(0, keep).join('') + '*'.repeat(Math.max(1, Math.min(chars.length - keep, 8)));
}

/**
 * The exact bytes signed: a fixed label, then each fact on its own line. Newlines cannot occur
 * in any fact (they are checked), so no two fact sets share a message.
 */
export function noticeSigningMessage(facts: NoticeFacts): string {
  return ['OneWindow notice v1', documentLetters[facts.document], facts.caseNumber, facts.decidedDate, facts.dueDate ?? '', facts.applicant, facts.keyId].join('\n');
}

const compactDate = (date: string | null) => (date ? date.replaceAll('-', '') : '');
const isoDate = (compact: string) => `${compact.slice(0, 4)}-${compact.slice(4, 6)}-${compact.slice(6, 8)}`;

const hexDigits = '0123456789abcdef';
const base64urlAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function hexToBase64url(hex: string): string {
  const bytes = (hex.match(/../g) ?? []).map((pair) => parseInt(pair, 16));
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a = 0, b = 0, c = 0] = bytes.slice(i, i + 3);
    const n = (a << 16) | (b << 8) | c;
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let j = 0; j < chars; j++) out += base64urlAlphabet[(n >> (18 - 6 * j)) & 63];
  }
  return out;
}

export function base64urlToHex(text: string): string | null {
  let bits = 0;
  let value = 0;
  let hex = '';
  for (const ch of text) {
    const index = base64urlAlphabet.indexOf(ch);
    if (index < 0) return null;
    value = (value << 6) | index;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      const byte = (value >> bits) & 0xff;
      hex += (hexDigits[byte >> 4] ?? '') + (hexDigits[byte & 15] ?? '');
    }
  }
  return hex;
}

/** The query every form of the link shares (facts, key, signature), in a fixed order. */
export function noticeLinkQuery(signed: SignedNotice): string {
  const f = signed.facts;
  const params = new URLSearchParams({
    v: String(noticeLinkVersion),
    t: documentLetters[f.document],
    n: f.caseNumber,
    d: compactDate(f.decidedDate),
    e: compactDate(f.dueDate),
    a: f.applicant,
    k: f.keyId,
    s: hexToBase64url(signed.signature),
  });
  return params.toString();
}

/** The link for the QR code: the platform's address when one is set, else the offline form. */
export function noticeLink(baseUrl: string | null, signed: SignedNotice): string {
  const query = noticeLinkQuery(signed);
  if (!baseUrl) return `${offlineLinkScheme}?${query}`;
  return `${baseUrl.replace(/\/+$/, '')}${noticeVerificationPath}?${query}`;
}

export type ParsedLink = { ok: true; signed: SignedNotice } | { ok: false; message: string };

const caseNumberShape = /^\d{14}[0-9A-Z~]{3}\d{5}[0-9A-Z*]$/;

/** Reads a scanned link (either form). Says in Chinese what is wrong with one it cannot read. */
export function parseNoticeLink(text: string): ParsedLink {
  const trimmed = text.trim();
  const queryStart = trimmed.indexOf('?');
  const isOffline = trimmed.startsWith(offlineLinkScheme);
  const isPlatform = /^https?:\/\//i.test(trimmed) && trimmed.slice(0, queryStart).endsWith(noticeVerificationPath);
  if (queryStart < 0 || (!isOffline && !isPlatform)) {
    return { ok: false, message: '这不是一窗通文书的核验码：应为扫描通知书右上角二维码得到的完整链接。' };
  }
  const params = new URLSearchParams(trimmed.slice(queryStart + 1));
  if (params.get('v') !== String(noticeLinkVersion)) {
    return { ok: false, message: `核验码的格式版本（${params.get('v') ?? '无'}）本机不认识：请升级一窗通后再核验。` };
  }
  const document = documentsByLetter.get(params.get('t') ?? '');
  const caseNumber = params.get('n') ?? '';
  const decided = params.get('d') ?? '';
  const due = params.get('e') ?? '';
  const applicant = params.get('a') ?? '';
  const keyId = params.get('k') ?? '';
  const signature = base64urlToHex(params.get('s') ?? '');
  const problems: string[] = [];
  if (!document) problems.push('文书类别');
  if (!caseNumberShape.test(caseNumber)) problems.push('办件编号');
  if (!/^\d{8}$/.test(decided)) problems.push('受理日期');
  if (due !== '' && !/^\d{8}$/.test(due)) problems.push('承诺办结日期');
  if (applicant === '' || /[\n\r]/.test(applicant)) problems.push('申请人');
  if (!/^[0-9a-f]{16}$/.test(keyId)) problems.push('签名密钥');
  if (!signature || signature.length !== 128) problems.push('签名');
  if (problems.length > 0 || !document || !signature) {
    return { ok: false, message: `核验码不完整或已损坏（${problems.join('、')}有误）：请重新扫描，或核对是否为原件。` };
  }
  return {
    ok: true,
    signed: {
      facts: { document, caseNumber, decidedDate: isoDate(decided), dueDate: due ? isoDate(due) : null, applicant, keyId },
      signature,
    },
  };
}

/** An uncompressed SM2 public key as the platform stores it: 04‖x‖y, 130 hex digits. */
export const publicKeyPattern = /^04[0-9a-f]{128}$/;

/** The 16-hex-digit name of a public key that links carry: SM3 over the key's bytes, cut short. */
export function keyIdOf(publicKeyHex: string): string {
  const bytes = new Uint8Array((publicKeyHex.match(/../g) ?? []).map((pair) => parseInt(pair, 16)));
  let hex = '';
  for (const byte of sm3(bytes).subarray(0, 8)) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/**
 * Whose key the link names, as the verifier knows it: this PC's own, one it was given (a device
 * of the centre, from the platform's registration record; a key given with the question), or none it knows — then the
 * signature cannot be checked here and the paper must be verified where the key is known.
 */
export type SignerKnown = 'this-device' | 'given-key' | 'registered-device' | 'unknown';

/** The answer of `verify/notice`, of `bin/onewindow verify-notice` and of the gateway's `GET /verify/notice`. */
export interface NoticeVerdict {
  /** True only when a known key's signature over exactly these facts holds. */
  valid: boolean;
  /** `forged`: a known key, but the signature does not cover these facts (altered or made up). */
  outcome: 'valid' | 'forged' | 'unknown-key' | 'unreadable';
  /** What the person holding the paper should read, in Chinese. */
  message: string;
  facts: (NoticeFacts & { documentTitle: string }) | null;
  signer: SignerKnown | null;
  /** The device that signed, when the verifier knows it (the gateway names its centre and code). */
  signedBy?: string;
}

/** The one wording of each outcome, shared by the app, the CLI and the gateway's page. */
export function noticeVerdict(
  parsed: ParsedLink,
  check: { signer: SignerKnown; signatureHolds: boolean; signedBy?: string } | null,
): NoticeVerdict {
  if (!parsed.ok) return { valid: false, outcome: 'unreadable', message: parsed.message, facts: null, signer: null };
  const facts = { ...parsed.signed.facts, documentTitle: noticeDocumentTitles[parsed.signed.facts.document] };
  const what = `${facts.documentTitle}（办件编号 ${facts.caseNumber}）`;
  if (!check || check.signer === 'unknown') {
    return {
      valid: false,
      outcome: 'unknown-key',
      message: `无法核验：签发该${what}的设备密钥（${facts.keyId}）本机未登记。请到政务服务平台核验，或向签发的服务中心核实。`,
      facts,
      signer: 'unknown',
    };
  }
  const by = check.signedBy ? { signedBy: check.signedBy } : {};
  if (!check.signatureHolds) {
    return {
      valid: false,
      outcome: 'forged',
      message: `核验未通过：该${what}的内容与签名不符，可能被涂改或伪造。请勿据此办理，并向签发的服务中心核实。`,
      facts,
      signer: check.signer,
      ...by,
    };
  }
  return {
    valid: true,
    outcome: 'valid',
    message: `核验通过：该${what}由一窗通签发，办件编号、日期、期限和申请人与签发时一致。请与纸面内容逐项核对。`,
    facts,
    signer: check.signer,
    ...by,
  };
}
