/**
 * Secrets the gateway hands out: registration codes, device secrets and access tokens. Only their
 * SHA-256 is stored. Tokens name their region and device in the clear (`owa1.<区划>.<device>.<token
 * id>.<random>`), so finding a token's row needs no lookup across regions; only the random part
 * is secret.
 */
import { createHash, randomBytes, randomInt, randomUUID, scrypt, timingSafeEqual } from 'node:crypto';
import { registrationCodeAlphabet, registrationCodeLength } from '../../../src-main/domain/sync/registration.ts';

export const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

export function sameHash(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

export function newRegistrationCode(): string {
  let code = '';
  for (let i = 0; i < registrationCodeLength; i++) code += registrationCodeAlphabet[randomInt(registrationCodeAlphabet.length)];
  return code;
}

export interface AccessToken {
  region: string;
  deviceId: string;
  tokenId: string;
}

export function newAccessToken(region: string, deviceId: string): { token: string; tokenId: string } {
  const tokenId = randomUUID();
  return { token: `owa1.${region}.${deviceId}.${tokenId}.${randomBytes(32).toString('base64url')}`, tokenId };
}

export function parseAccessToken(token: string): AccessToken | null {
  const m = /^owa1\.(\d{6})\.([0-9a-f-]{36})\.([0-9a-f-]{36})\.[A-Za-z0-9_-]{43}$/.exec(token);
  return m ? { region: m[1] as string, deviceId: m[2] as string, tokenId: m[3] as string } : null;
}

export function newDeviceSecret(region: string, deviceId: string): string {
  return `ows1.${region}.${deviceId}.${randomBytes(32).toString('base64url')}`;
}

export function parseDeviceSecret(secret: string): { region: string; deviceId: string } | null {
  const m = /^ows1\.(\d{6})\.([0-9a-f-]{36})\.[A-Za-z0-9_-]{43}$/.exec(secret);
  return m ? { region: m[1] as string, deviceId: m[2] as string } : null;
}

/** Checks a password against the app's verifier format `scrypt$N$r$p$salt$hash`, off the event loop. */
export async function verifyPassword(password: string, verifier: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = verifier.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const N = Number(n);
  const R = Number(r);
  const actual = await new Promise<Buffer>((resolve, reject) =>
    scrypt(password.normalize('NFC'), Buffer.from(salt, 'base64'), expected.length, { N, r: R, p: Number(p), maxmem: 256 * N * R }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
  return sameHash(actual, expected);
}
