/**
 * A JSON body parsed as `JSON.parse(bytes.toString('utf8'))` parses it, but with each element of
 * an array held directly by the top-level object (a push batch's `items`) decoded and parsed on
 * its own.
 *
 * Why: a push batch is a few hundred kilobytes, partly Chinese, so its text is a string of two
 * bytes a character, several times larger than the largest object V8 keeps in its ordinary heap
 * pages. Every such string is allocated on pages fresh from the operating system, each page
 * faulted in as it is written, and given back when the string dies; that cost the gateway more
 * than decoding and parsing the body together. An item's text is a few hundred bytes and lives in
 * the young generation. Only the element boundaries are found here, by a scan that knows strings
 * and nesting; every byte is still read by `JSON.parse`, which refuses what it always refused.
 *
 * The pieces parse as the whole would: boundaries fall on ASCII bytes, never inside a UTF-8
 * sequence or a string, and a text is valid JSON exactly when its envelope (each split array
 * written as `[]`, which `JSON.parse` checks, what follows the object included) and every element
 * are. Whatever the scan does not expect (another kind of top-level value, a key written with an
 * escape or repeated, a malformed structure) goes to `JSON.parse` whole, which gives the same
 * value or the same refusal.
 */

const quote = 0x22;
const backslash = 0x5c;
const comma = 0x2c;
const colon = 0x3a;
const openBrace = 0x7b;
const closeBrace = 0x7d;
const openBracket = 0x5b;
const closeBracket = 0x5d;

function isSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

function skipSpace(bytes: Buffer, at: number): number {
  while (isSpace(bytes[at])) at++;
  return at;
}

/** The index just past the string whose opening quote is at `at`, or -1 if it never closes. */
function stringEnd(bytes: Buffer, at: number): number {
  for (let i = at + 1; i < bytes.length; i++) {
    const byte = bytes[i];
    // An escape's backslash takes the byte after it, a quote or a backslash included.
    if (byte === backslash) i++;
    else if (byte === quote) return i + 1;
  }
  return -1;
}

/**
 * The index just past the value starting at `at` (no leading space), or -1. Brackets are counted,
 * not matched by kind, and a scalar runs to the next delimiter: `JSON.parse` of the piece checks it.
 */
function valueEnd(bytes: Buffer, at: number): number {
  const first = bytes[at];
  if (first === quote) return stringEnd(bytes, at);
  if (first !== openBrace && first !== openBracket) {
    let i = at;
    while (i < bytes.length && !isSpace(bytes[i]) && bytes[i] !== comma && bytes[i] !== closeBrace && bytes[i] !== closeBracket) i++;
    return i > at ? i : -1;
  }
  let depth = 0;
  for (let i = at; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte === quote) {
      const end = stringEnd(bytes, i);
      if (end === -1) return -1;
      i = end - 1;
    } else if (byte === openBrace || byte === openBracket) {
      depth++;
    } else if (byte === closeBrace || byte === closeBracket) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/**
 * Arrays longer than this go to `JSON.parse` whole. A parse per element costs far more than the
 * element's bytes when they are tiny: a body of a megabyte of `0,` would cost the gateway a
 * parse call for each of half a million of them. A push batch holds at most 1,000 items.
 */
const maxSplitElements = 2_000;

/** The [start, end) of each element of the array opening at `at`, and the index just past it; null if it is not a well-delimited array. */
function elementsOf(bytes: Buffer, at: number): { ranges: number[]; end: number } | null {
  const ranges: number[] = [];
  let i = skipSpace(bytes, at + 1);
  if (bytes[i] === closeBracket) return { ranges, end: i + 1 };
  for (;;) {
    const end = valueEnd(bytes, i);
    if (end === -1) return null;
    ranges.push(i, end);
    if (ranges.length > 2 * maxSplitElements) return null;
    i = skipSpace(bytes, end);
    if (bytes[i] === closeBracket) return { ranges, end: i + 1 };
    if (bytes[i] !== comma) return null;
    i = skipSpace(bytes, i + 1);
  }
}

interface SplitArray {
  key: string;
  ranges: number[];
}

/** The top-level object's arrays to parse element by element, and the envelope's text with each written as `[]`; null when the body is not shaped for that. */
function split(bytes: Buffer): { envelope: string; arrays: SplitArray[] } | null {
  let i = skipSpace(bytes, 0);
  if (bytes[i] !== openBrace) return null;
  const arrays: SplitArray[] = [];
  const keys = new Set<string>();
  let envelope = '';
  let copied = 0;
  i = skipSpace(bytes, i + 1);
  if (bytes[i] === closeBrace) return null;
  for (;;) {
    if (bytes[i] !== quote) return null;
    const keyEnd = stringEnd(bytes, i);
    if (keyEnd === -1) return null;
    // A key written with an escape could name the same member as another spelled out: JSON.parse decides.
    if (bytes.subarray(i, keyEnd).includes(backslash)) return null;
    const key = bytes.toString('utf8', i + 1, keyEnd - 1);
    // A repeated key: the last one written is the member, whichever kind of value it holds.
    if (keys.has(key)) return null;
    keys.add(key);
    i = skipSpace(bytes, keyEnd);
    if (bytes[i] !== colon) return null;
    i = skipSpace(bytes, i + 1);
    if (bytes[i] === openBracket) {
      const found = elementsOf(bytes, i);
      if (found === null) return null;
      arrays.push({ key, ranges: found.ranges });
      envelope += `${bytes.toString('utf8', copied, i)}[]`;
      copied = found.end;
      i = found.end;
    } else {
      i = valueEnd(bytes, i);
      if (i === -1) return null;
    }
    i = skipSpace(bytes, i);
    if (bytes[i] === closeBrace) break;
    if (bytes[i] !== comma) return null;
    i = skipSpace(bytes, i + 1);
  }
  return { envelope: envelope + bytes.toString('utf8', copied), arrays };
}

/** `JSON.parse(bytes.toString('utf8'))`, and throws as it does. */
export function parseJsonBytes(bytes: Buffer): unknown {
  const shape = split(bytes);
  if (shape === null) return JSON.parse(bytes.toString('utf8'));
  const value = JSON.parse(shape.envelope) as Record<string, unknown>;
  for (const { key, ranges } of shape.arrays) {
    const elements: unknown[] = new Array(ranges.length / 2);
    for (let k = 0; k < ranges.length; k += 2) elements[k / 2] = JSON.parse(bytes.toString('utf8', ranges[k], ranges[k + 1]));
    value[key] = elements;
  }
  return value;
}
