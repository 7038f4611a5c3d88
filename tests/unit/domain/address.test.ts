import { describe, expect, it } from 'vitest';
import { maskAddress } from '../../../src-main/domain/identity/address.ts';

describe('maskAddress', () => {
  it('keeps the administrative area and hides the street and number', () => {
    expect(maskAddress('辽宁省大连市甘井子区黄河路100号')).toBe('辽宁省大连市甘井子区****');
    expect(maskAddress('大连市甘井子区 <b>“红旗”</b> 路 & 😀 号')).toBe('大连市甘井子区****');
    expect(maskAddress('北京市东城区某某街道1号')).toBe('北京市东城区****');
  });

  it('shows only the first few characters when no area can be recognised, and nothing of a short one', () => {
    expect(maskAddress('黄河路100号院3单元')).toBe('黄河路****');
    expect(maskAddress('某地')).toBe('****');
    expect(maskAddress('   ')).toBe('');
  });

  it('never keeps the whole address, even one that ends in an area character', () => {
    expect(maskAddress('大连市')).toBe('大****');
  });
});
