/**
 * A JavaScript array as PostgreSQL's array literal (`{"a","b",NULL}`), for the array parameters
 * a push passes to `unnest` (one parameter per column of up to 1,000 rows).
 *
 * Why not the driver's own: pg quotes every element with two regular-expression replacements
 * (backslashes, then double quotes) after converting it with its general `prepareValue`. A push
 * batch passes about fifty such arrays, its events' JSON payloads among them, and building them
 * was the largest single share of the gateway's time per batch. Here an element that holds
 * neither character (a UUID, a code, a name) is quoted as it is, and one that does is escaped in
 * one pass. `tests/gateway/array-literal.test.ts` reads what PostgreSQL makes of them.
 */

const needsEscape = /["\\]/g;

function element(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') {
    // Quoted always: an unquoted element would be trimmed, and NULL, {} and commas mean something.
    return value.indexOf('"') === -1 && value.indexOf('\\') === -1 ? `"${value}"` : `"${value.replace(needsEscape, '\\$&')}"`;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`an array element must be a finite number, not ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new TypeError('an array element is an invalid date');
    return `"${value.toISOString()}"`;
  }
  // bytea in hex: the backslash of `\x` escaped for the array literal.
  if (Buffer.isBuffer(value)) return `"\\\\x${value.toString('hex')}"`;
  throw new TypeError(`an array element of type ${typeof value} has no literal here`);
}

export function arrayLiteral(values: readonly unknown[]): string {
  if (values.length === 0) return '{}';
  let text = `{${element(values[0])}`;
  for (let i = 1; i < values.length; i++) text += `,${element(values[i])}`;
  return `${text}}`;
}
