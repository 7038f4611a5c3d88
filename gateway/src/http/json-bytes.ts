/**
 * An answer's JSON as UTF-8 bytes: the same bytes as `Buffer.from(JSON.stringify(body))`, built
 * element by element for the arrays at the body's top level (a pulled page's events and cases).
 *
 * Why: V8 turns a large array whose strings are partly Chinese into one two-byte string far more
 * slowly than it stringifies each element on its own, and that whole text was then read once more
 * for its length and encoded once more to UTF-8. A page of 1,000 events cost the gateway several
 * times what its query did; each element's text is now short-lived and encoded once.
 * `sync.pull_10k_s` measures it (docs/sync-performance.md).
 */
const hasToJson = (value: object): boolean => typeof (value as { toJSON?: unknown }).toJSON === 'function';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || hasToJson(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** How long a group of elements' texts grows before it is encoded (characters, two bytes each at most). */
const groupChars = 16 * 1024;

/** What JSON.stringify writes for one array element: `null` where it writes nothing for a property. */
const elementText = (item: unknown): string => JSON.stringify(item) ?? 'null';

export function jsonBytes(body: unknown): Buffer {
  if (!isPlainObject(body)) return Buffer.from(JSON.stringify(body) ?? '');
  const parts: Buffer[] = [];
  let text = '{';
  let first = true;
  for (const key of Object.keys(body)) {
    const value = body[key];
    // The properties JSON.stringify leaves out (and the key before them).
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    text += `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    if (!Array.isArray(value) || value.length === 0 || hasToJson(value)) {
      text += JSON.stringify(value);
      continue;
    }
    text += `[${elementText(value[0])}`;
    for (let i = 1; i < value.length; i++) {
      // Elements' texts are encoded a group at a time: one Buffer per element cost more than
      // the element's JSON for the many short ones (a push's answers), and a group stays far
      // below the size V8 puts on pages of their own.
      if (text.length > groupChars) {
        parts.push(Buffer.from(text));
        text = '';
      }
      text += `,${elementText(value[i])}`;
    }
    text += ']';
  }
  parts.push(Buffer.from(`${text}}`));
  return Buffer.concat(parts);
}
