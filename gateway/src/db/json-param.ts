/**
 * A JSON array of values as one `json` parameter in binary form, which for `json` is the array's
 * JSON text as UTF-8 (`json_recv`); the driver passes a Buffer as it is, in binary form.
 *
 * Why: a push's JSON columns (its opened cases' headers and states, its events' payloads) are a
 * few hundred kilobytes of partly Chinese text a batch. As one string, joined from the values'
 * texts, V8 copied it into its large-object space, and the driver then read it once for its
 * UTF-8 length and once more to encode it: that cost the gateway more than stringifying the
 * values. Here each value's text is short-lived and is encoded once, into one buffer. The text
 * PostgreSQL keeps is each value's `JSON.stringify`, as before
 * (`tests/gateway/array-literal.test.ts`).
 */

const openBracket = 0x5b;
const comma = 0x2c;
const closeBracket = 0x5d;

/** `JSON.stringify(values)` as a binary `json` parameter (undefined, a function, a symbol as null, as in an array). */
export function jsonArray(values: readonly unknown[]): Buffer {
  const texts = values.map((value) => JSON.stringify(value) ?? 'null');
  // The brackets and the commas, then each text (well-formed: JSON.stringify escapes a lone surrogate).
  let size = 2 + Math.max(texts.length - 1, 0);
  for (const text of texts) size += Buffer.byteLength(text);
  const bytes = Buffer.allocUnsafe(size);
  bytes[0] = openBracket;
  let at = 1;
  for (let i = 0; i < texts.length; i++) {
    if (i > 0) bytes[at++] = comma;
    at += bytes.write(texts[i] as string, at, 'utf8');
  }
  bytes[at] = closeBracket;
  return bytes;
}
