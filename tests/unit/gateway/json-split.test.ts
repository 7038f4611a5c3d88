/**
 * A body parsed piece by piece (gateway/src/http/json-split.ts) is what `JSON.parse` makes of
 * the whole text, and a text `JSON.parse` refuses is refused: checked on generated bodies, well
 * formed and then corrupted byte by byte, with the pieces a push batch carries (Chinese, escapes
 * of every kind, quotes and backslashes inside strings, nesting, repeated and escaped keys,
 * `__proto__`, every kind of JSON whitespace) and bytes that are not UTF-8.
 */
import { describe, expect, it } from 'vitest';
import { parseJsonBytes } from '../../../gateway/src/http/json-split.ts';

// mulberry32: a seeded generator whose low bits are as random as its high ones.
let seed = 11;
function next(n: number): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return Math.floor((((t ^ (t >>> 14)) >>> 0) / 2 ** 32) * n);
}
const pick = <T>(values: readonly T[]): T => values[next(values.length)] as T;

const space = () => pick(['', '', '', ' ', '\n', '\t', '\r\n  ']);
const stringPieces = ['a', '办件', '𠮷', '\\"', '\\\\', '\\n', '\\u0000', '\\ud800', '\\u4e2d', '\\/', ']', '}', ',', ':', '[', '{', ' '];
const keys = ['items', 'id', 'auditHead', 'answers', '__proto__', 'it\\u0065ms', 'a\\"b', '键'];

function stringText(): string {
  return `"${Array.from({ length: next(5) }, () => pick(stringPieces)).join('')}"`;
}

function valueText(depth: number): string {
  const kind = next(depth > 3 ? 4 : 7);
  if (kind === 0) return stringText();
  if (kind === 1) return pick(['0', '-1.5e3', '12', 'true', 'false', 'null']);
  if (kind === 2 || kind === 3) return stringText();
  if (kind === 4 || kind === 5) return `[${space()}${Array.from({ length: next(4) }, () => valueText(depth + 1)).join(`${space()},${space()}`)}${space()}]`;
  return objectText(depth + 1);
}

function objectText(depth: number): string {
  const members = Array.from({ length: next(4) }, () => `${space()}"${pick(keys)}"${space()}:${space()}${next(3) === 0 ? valueText(depth) : `[${Array.from({ length: next(4) }, () => valueText(depth + 1)).join(',')}]`}${space()}`);
  return `{${members.join(',')}}`;
}

/** What the parse gives, or that it throws, in a form `toEqual` compares whole (key order and own `__proto__` included). */
function outcome(parse: () => unknown): unknown {
  try {
    const value = parse();
    return { value: JSON.stringify(value), prototypeOfTop: typeof value === 'object' && value !== null ? Object.getPrototypeOf(value) : null, keys: typeof value === 'object' && value !== null ? Object.keys(value) : null };
  } catch (error) {
    return { threw: (error as Error).name };
  }
}

const corruptions = ['', '"', '\\', ',', ':', '[', ']', '{', '}', ' ', 'x', '\u0000'];

describe('parseJsonBytes', () => {
  it('gives what JSON.parse gives for the whole text, or refuses as it does', () => {
    let parsed = 0;
    let refused = 0;
    for (let round = 0; round < 20_000; round++) {
      let text = next(8) === 0 ? valueText(0) : `${space()}${objectText(0)}${space()}`;
      // Corrupt some of them: a byte dropped, replaced or inserted where it breaks most.
      for (let cuts = next(3) === 0 ? 1 + next(2) : 0; cuts > 0; cuts--) {
        const at = next(text.length + 1);
        text = text.slice(0, at) + pick(corruptions) + text.slice(at + next(2));
      }
      let bytes = Buffer.from(text);
      // Now and then bytes that are not UTF-8 inside the text.
      if (next(10) === 0) {
        const at = next(bytes.length + 1);
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(pick([[0xff], [0xe4, 0xb8], [0xed, 0xa0, 0x80], [0x80]])), bytes.subarray(at)]);
      }
      const expected = outcome(() => JSON.parse(bytes.toString('utf8')) as unknown);
      expect(outcome(() => parseJsonBytes(bytes)), bytes.toString('utf8')).toEqual(expected);
      if ('threw' in (expected as object)) refused++;
      else parsed++;
    }
    // Both kinds were met often enough for the comparison to mean something.
    expect(parsed).toBeGreaterThan(5_000);
    expect(refused).toBeGreaterThan(2_000);
  });

  it('parses an array of many tiny elements as JSON.parse does (whole: a parse per element would cost more than its bytes)', () => {
    const bytes = Buffer.from(`{"items":[${'0,'.repeat(10_000)}1],"n":"二"}`);
    expect(parseJsonBytes(bytes)).toEqual(JSON.parse(bytes.toString('utf8')));
  });

  it('parses a push batch of 500 items, partly Chinese, as JSON.parse does', () => {
    const items = Array.from({ length: 500 }, (_, i) => ({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      kind: 'case.event',
      note: i % 3 === 0 ? '材料齐全，"同意"受理\\' : null,
      payload: { reason: '营业执照副本', list: ['身份证', { a: [] }], n: i },
    }));
    const batch = { auditHead: { seq: 3, hash: 'ab' }, items, answers: 'brief' };
    for (const indent of [0, 2]) expect(parseJsonBytes(Buffer.from(JSON.stringify(batch, null, indent)))).toEqual(batch);
  });
});
