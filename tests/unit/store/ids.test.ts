import { describe, expect, it } from 'vitest';
import { timeOrderedId } from '../../../src-main/store/ids.ts';

describe('timeOrderedId', () => {
  it('is a well-formed UUID version 7 with the RFC 9562 variant', () => {
    const id = timeOrderedId(Date.UTC(2026, 10, 26));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('carries the millisecond timestamp in its first 48 bits, so later ids sort after earlier ones', () => {
    const at = Date.UTC(2026, 10, 26, 8, 30, 0, 123);
    expect(Number.parseInt(timeOrderedId(at).replace('-', '').slice(0, 12), 16)).toBe(at);
    const ids = [0, 1, 2, 1000, 86_400_000].map((offset) => timeOrderedId(at + offset));
    expect([...ids].sort()).toEqual(ids);
  });

  it('differs within the same millisecond', () => {
    const at = Date.now();
    expect(new Set(Array.from({ length: 1000 }, () => timeOrderedId(at))).size).toBe(1000);
  });
});
