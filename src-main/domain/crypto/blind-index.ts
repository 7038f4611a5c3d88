import type { HmacSm3 } from './sm3.ts';

/**
 * Blind index: exact and prefix lookups on encrypted fields. A token is HMAC-SM3 under the index
 * subkey of (kind, normalised value), cut to 16 bytes: equal inputs give equal tokens, so the
 * database can find rows without ever holding the value, and without the key a token cannot be
 * tested against a guessed ID number (unlike a plain hash: ID numbers are few enough to enumerate).
 */
export type TokenKind = 'id' | 'phone' | 'name' | 'applicant';

export const tokenLength = 16;

/**
 * Names get one token per prefix length, up to this many characters. Beyond it, a longer query
 * is answered from the longest prefix's rows and filtered after decrypting (few names share
 * their first 16 characters), so a long enterprise name does not cost dozens of tokens per case.
 */
export const maxNamePrefix = 16;

const utf8 = new TextEncoder();

/** How names compare: NFKC (full-width → half-width), case-folded, spaces collapsed. */
export function normalizeName(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** ID numbers and phones as stored: no spaces, upper case (the X check digit). */
export function normalizeCode(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

export function blindToken(index: HmacSm3, kind: TokenKind, normalized: string): Uint8Array {
  return index.mac(utf8.encode(`${kind}\u0000${normalized}`)).subarray(0, tokenLength);
}

/** The prefixes a name is findable by: 1..min(length, maxNamePrefix) characters (code points, so 𠮷 counts once). */
export function namePrefixes(name: string): string[] {
  const chars = Array.from(normalizeName(name));
  const prefixes: string[] = [];
  for (let n = 1; n <= Math.min(chars.length, maxNamePrefix); n++) prefixes.push(chars.slice(0, n).join(''));
  return prefixes;
}

/** The token a name-prefix query looks up, and whether rows must still be filtered by the full prefix. */
export function namePrefixQuery(index: HmacSm3, query: string): { token: Uint8Array; prefix: string; needsFilter: boolean } {
  const chars = Array.from(normalizeName(query));
  const prefix = chars.join('');
  return { token: blindToken(index, 'name', chars.slice(0, maxNamePrefix).join('')), prefix, needsFilter: chars.length > maxNamePrefix };
}
