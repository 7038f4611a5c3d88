/**
 * The push's parameters as PostgreSQL reads them (gateway/src/db/array-literal.ts and the JSON
 * columns of push-write.ts, gateway/src/db/json-param.ts): each array literal, passed to a real
 * server and cast to its type, comes back element for element as the JavaScript values it was
 * built from, whatever the text holds (quotes, backslashes, braces, commas, blanks, the word NULL,
 * Chinese and astral characters); and a JSON array in binary form zipped beside them comes back
 * value for value, in order, each element's text the `JSON.stringify` of its value.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrayLiteral } from '../../gateway/src/db/array-literal.ts';
import { jsonArray } from '../../gateway/src/db/json-param.ts';
import { startTestPostgres, type TestPostgres } from '../helpers/gateway.ts';

let postgres: TestPostgres;
let client: pg.Client;

beforeAll(async () => {
  postgres = await startTestPostgres();
  client = new pg.Client({ connectionString: await postgres.createDatabase() });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await postgres?.stop();
});

async function readBack(values: readonly unknown[], type: string): Promise<unknown[]> {
  const r = await client.query<{ v: unknown }>(`SELECT v FROM unnest($1::${type}[]) WITH ORDINALITY AS u(v, n) ORDER BY n`, [arrayLiteral(values)]);
  return r.rows.map((row) => row.v);
}

const awkward = ['', ' ', '  leading and trailing  ', 'NULL', 'null', '"', '\\', '\\"', '"\\', 'a,b', '{x}', '{', '}', "it's", '张三', '材料齐全，符合法定形式', '𠮷野家', '\t\n\r', 'a\\\\b', '{"a":"b\\"c"}', '\u2028'];

describe('array literals', () => {
  it('give back every awkward text, and NULL as null, in order', async () => {
    const values = [...awkward, null, ...awkward.map((t) => `${t}${t}`)];
    expect(await readBack(values, 'text')).toEqual(values);
  });

  it('give back many random texts made of the characters that need care', async () => {
    const pieces = ['"', '\\', ',', '{', '}', ' ', 'N', 'U', 'L', '中', '𠮷', 'a'];
    let seed = 11;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
    const values = Array.from({ length: 2_000 }, () => (next() % 17 === 0 ? null : Array.from({ length: next() % 12 }, () => pieces[next() % pieces.length]).join('')));
    expect(await readBack(values, 'text')).toEqual(values);
  });

  it('give back uuids, integers, bigints, booleans, instants and bytes as their types', async () => {
    expect(await readBack(['0192f3a4-1b2c-7d3e-8f40-123456789abc', null], 'uuid')).toEqual(['0192f3a4-1b2c-7d3e-8f40-123456789abc', null]);
    expect(await readBack([0, -1, 2_147_483_647, null], 'int')).toEqual([0, -1, 2_147_483_647, null]);
    expect((await readBack([9_007_199_254_740_991, 1], 'bigint')).map(String)).toEqual(['9007199254740991', '1']);
    expect(await readBack([true, false, null], 'boolean')).toEqual([true, false, null]);
    const instants = [new Date(Date.UTC(2026, 11, 3, 14, 20, 0, 123)), new Date(0)];
    expect(await readBack(instants, 'timestamptz')).toEqual(instants);
    const bytes = [Buffer.from([0, 1, 0x5c, 0x22, 0xff]), Buffer.alloc(0)];
    expect(await readBack(bytes, 'bytea')).toEqual(bytes);
  });

  it('give back char(6) region codes, compared as the column compares them', async () => {
    const r = await client.query<{ same: boolean }>(`SELECT bool_and(a = b) AS same FROM unnest($1::bpchar[], $2::text[]) AS u(a, b)`, [arrayLiteral(['210211', '210202']), arrayLiteral(['210211', '210202'])]);
    expect(r.rows[0]?.same).toBe(true);
  });

  it('are empty braces for an empty array', async () => {
    expect(await readBack([], 'text')).toEqual([]);
  });

  it('refuse what they cannot write rather than guess', () => {
    expect(() => arrayLiteral([Number.NaN])).toThrow(TypeError);
    expect(() => arrayLiteral([new Date(Number.NaN)])).toThrow(TypeError);
    expect(() => arrayLiteral([{ an: 'object' }])).toThrow(TypeError);
  });
});

describe('a JSON column beside array columns', () => {
  const zipped = (ids: readonly string[], json: Buffer | string) =>
    client.query<{ id: string; payload: unknown }>(
      'SELECT id, payload FROM ROWS FROM (unnest($1::text[]), json_array_elements($2::json)) WITH ORDINALITY AS u(id, payload, n) ORDER BY n',
      [arrayLiteral(ids), json],
    );

  it('zips value for value with the arrays, in order', async () => {
    const payloads = [{ opinion: '同意 "引号" \\ 反斜杠\n换行', n: 1.5 }, {}, { list: [null, true, '𠮷'] }, { deep: { a: { b: ['NULL', '{}'] } } }];
    const ids = ['a', 'b', 'c', 'd'];
    const r = await zipped(ids, jsonArray(payloads));
    expect(r.rows).toEqual(ids.map((id, i) => ({ id, payload: payloads[i] })));
  });

  it('keeps each value as the text JSON.stringify writes for it, awkward text and left-out values included', async () => {
    const values: unknown[] = [...awkward.map((text) => ({ [text]: text, list: [text] })), undefined, null, 0, -1.25e-7, [], '', { gone: undefined, kept: 1 }, () => 1];
    const r = await client.query<{ text: string }>('SELECT e::text AS text FROM json_array_elements($1::json) WITH ORDINALITY AS u(e, n) ORDER BY n', [jsonArray(values)]);
    expect(r.rows.map((row) => row.text)).toEqual(values.map((value) => JSON.stringify(value) ?? 'null'));
  });

  it('is an empty array for no values', async () => {
    expect((await zipped([], jsonArray([]))).rows).toEqual([]);
  });
});
