import { noticeVerdict, parseNoticeLink, type NoticeVerdict } from '../../domain/notices/verification.ts';
import type { ReadTx } from '../../store/store.ts';
import { keyIdOf, noticeSigningKey, verifyNoticeSignature } from './signing.ts';

/**
 * Checks a scanned notice link offline: against this PC's own signing key, or a public key the
 * caller was given (a device of the centre, as the platform lists them). A link naming a key
 * neither is answered as not verifiable here, never as valid.
 */
export function verifyNoticeLink(tx: ReadTx, link: string, givenKey?: string): NoticeVerdict {
  const parsed = parseNoticeLink(link);
  if (!parsed.ok) return noticeVerdict(parsed, null);
  const keyId = parsed.signed.facts.keyId;
  const own = noticeSigningKey(tx.cipher.noticeSigningSeed);
  if (own.keyId === keyId) {
    return noticeVerdict(parsed, { signer: 'this-device', signatureHolds: verifyNoticeSignature(own.publicKey, parsed.signed) });
  }
  if (givenKey && keyIdOf(givenKey) === keyId) {
    return noticeVerdict(parsed, { signer: 'given-key', signatureHolds: verifyNoticeSignature(givenKey, parsed.signed) });
  }
  return noticeVerdict(parsed, null);
}
