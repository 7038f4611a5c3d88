import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/**
 * scrypt with a per-user random salt. Parameters are stored with the hash so they can be raised
 * later without breaking old hashes. N=2^15, r=8 takes 32 MiB per hash: strong, and
 * within the 300 ms login budget (`auth.login_ms` measures the whole login).
 */
export const scryptParams = { N: 2 ** 15, r: 8, p: 1, keyLength: 32 };
const defaults = scryptParams;

export function hashPassword(password: string, params = defaults): string {
  const salt = randomBytes(16);
  const hash = derive(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

export function verifyPassword(password: string, stored: string): boolean {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = derive(password, Buffer.from(salt, 'base64'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    keyLength: expected.length,
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function derive(password: string, salt: Buffer, params: typeof defaults): Buffer {
  return scryptSync(password.normalize('NFC'), salt, params.keyLength, {
    N: params.N,
    r: params.r,
    p: params.p,
    maxmem: 128 * params.N * params.r * 2,
  });
}
