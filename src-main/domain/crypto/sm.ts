/**
 * The national algorithms (SM3 hash, SM4 cipher) in pure JS: Electron's BoringSSL has neither,
 * so Node's crypto cannot be relied on for them. sm-crypto is CommonJS, hence the default import.
 */
import smCrypto from 'sm-crypto';

export function sm3Hex(text: string): string {
  return smCrypto.sm3(text);
}
