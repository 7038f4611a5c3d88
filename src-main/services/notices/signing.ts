/**
 * The device's notice-signing key and the SM2 signatures in printed notices' QR codes
 * (docs/notice-verification.md). SM2 (GB/T 32918) with SM3, as a government signature is
 * expected to be; sm-crypto because Electron's BoringSSL has no SM2. The private key is derived
 * from the data key (never stored anywhere of its own); the public key is what the central
 * platform learns when the device registers, and what `verify/notice` checks against here.
 */
import smCrypto from 'sm-crypto';
import { keyIdOf, noticeSigningMessage, type NoticeFacts, type SignedNotice } from '../../domain/notices/verification.ts';

export { keyIdOf };

/** sm-crypto has it at run time; its type declarations leave it out. */
const sm2 = smCrypto.sm2 as typeof smCrypto.sm2 & { getPublicKeyFromPrivateKey(privateKey: string): string };

/** The order n of the SM2 curve's base point. */
const curveOrder = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123');

export interface NoticeSigningKey {
  privateKey: string;
  /** Uncompressed point, 04‖x‖y, 130 hex digits. */
  publicKey: string;
  keyId: string;
}

const derived = new WeakMap<Uint8Array, NoticeSigningKey>();

/** The key pair of a 32-byte seed: d = seed mod (n − 1) + 1, always a valid private key. */
export function noticeSigningKey(seed: Uint8Array): NoticeSigningKey {
  const known = derived.get(seed);
  if (known) return known;
  const d = (BigInt(`0x${Buffer.from(seed).toString('hex')}`) % (curveOrder - 1n)) + 1n;
  const privateKey = d.toString(16).padStart(64, '0');
  const publicKey = sm2.getPublicKeyFromPrivateKey(privateKey);
  const key = { privateKey, publicKey, keyId: keyIdOf(publicKey) };
  derived.set(seed, key);
  return key;
}

export function signNotice(key: NoticeSigningKey, facts: Omit<NoticeFacts, 'keyId'>): SignedNotice {
  const full: NoticeFacts = { ...facts, keyId: key.keyId };
  const signature = sm2.doSignature(noticeSigningMessage(full), key.privateKey, { hash: true, publicKey: key.publicKey });
  return { facts: full, signature };
}

/** Whether `publicKey` signed exactly these facts. A key that does not match the link's id is refused first. */
export function verifyNoticeSignature(publicKey: string, signed: SignedNotice): boolean {
  if (keyIdOf(publicKey) !== signed.facts.keyId) return false;
  try {
    return sm2.doVerifySignature(noticeSigningMessage(signed.facts), signed.signature, publicKey, { hash: true });
  } catch {
    // sm-crypto throws on a signature whose numbers are out of range: that is a forgery, not a fault.
    return false;
  }
}
