/**
 * The gateway's answers, built element by element (gateway/src/http/json-bytes.ts), are the very
 * bytes JSON.stringify and UTF-8 give: Chinese and astral text, escapes, the values JSON leaves out
 * or writes as null, dates, nested objects, empty arrays, and bodies that are not plain objects.
 */
import { describe, expect, it } from 'vitest';
import { jsonBytes } from '../../../gateway/src/http/json-bytes.ts';

const reference = (body: unknown) => Buffer.from(JSON.stringify(body) ?? '');

describe('jsonBytes', () => {
  const bodies: Array<[string, unknown]> = [
    ['a pulled page', {
      epoch: 'e1', cursor: 'c', hasMore: true,
      events: [{ id: 'a', note: '材料齐全，符合法定形式', payload: { opinion: '同意 "引号" \\ 反斜杠\n换行' } }, { id: 'b', note: null, payload: {} }],
      acknowledged: [], cases: [{ header: { personal: { name: '𠮷野家' } } }], users: [], catalogues: [], calendars: [],
    }],
    ['left out and null', { gone: undefined, fn: () => 1, list: [undefined, () => 1, Symbol('s'), Number.NaN, 1], after: 2 }],
    ['dates', { at: new Date(Date.UTC(2026, 11, 3)), list: [new Date(0)] }],
    ['leading left-out key', { first: undefined, list: ['一'], last: '末' }],
    ['an array body', [{ a: '中' }, 2]],
    ['a string body', '文本'],
    ['null', null],
    ['an error answer', { error: { code: 'VALIDATION', message: '拉取请求有误' } }],
    ['an object without prototype', Object.assign(Object.create(null) as object, { list: [1, '二'] })],
    ['an object with toJSON', { toJSON: () => ({ replaced: ['是'] }) }],
  ];
  for (const [name, body] of bodies) {
    it(name, () => {
      expect(jsonBytes(body).equals(reference(body))).toBe(true);
    });
  }

  it('long arrays, encoded a group of elements at a time', () => {
    const results = Array.from({ length: 3_000 }, (_, i) => ({ id: `id-${i}`, outcome: i % 7 === 0 ? 'rejected' : 'applied', seq: i, reason: i % 7 === 0 ? { message: '已被他人认领"\\' } : null }));
    const events = Array.from({ length: 400 }, (_, i) => ({ id: i, note: '材料齐全𠮷'.repeat(i % 50), payload: { big: 'x'.repeat(i * 40) } }));
    for (const body of [{ epoch: 'e', results }, { events, cases: [], more: events.slice(0, 3) }]) expect(jsonBytes(body).equals(reference(body))).toBe(true);
  });

  it('many random pages', () => {
    const words = ['张三', 'a"b', '\u0001', '𠮷', 'plain', '', '李\\四', '\u2028'];
    let seed = 7;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
    for (let n = 0; n < 200; n++) {
      const events = Array.from({ length: next() % 30 }, () => ({ id: String(next()), name: words[next() % words.length], payload: { x: words[next() % words.length], n: next() % 100 } }));
      const body = { cursor: String(next()), events, cases: events.slice(0, next() % 5), hasMore: next() % 2 === 0 };
      expect(jsonBytes(body).equals(reference(body))).toBe(true);
    }
  });
});
