import { describe, expect, it } from 'vitest';
import { ScanCapture } from '../../src-renderer/src/shell/scan-capture.ts';

/** Feeds keys `gap` ms apart, starting at `start`; returns what the final Enter produced. */
function feed(capture: ScanCapture, keys: string[], gap: number, start = 1000): string | null {
  let result: string | null = null;
  keys.forEach((key, i) => (result = capture.key(key, start + i * gap)));
  return result;
}

describe('telling a scanner from a person', () => {
  const number = [...'21021120261126W01000019'];

  it('takes a fast burst ending in Enter as one scan', () => {
    expect(feed(new ScanCapture(), [...number, 'Enter'], 5)).toBe('21021120261126W01000019');
  });

  it('ignores the same characters typed at a person’s pace', () => {
    expect(feed(new ScanCapture(), [...number, 'Enter'], 150)).toBeNull();
  });

  it('ignores a short burst (a stray key and Enter) and starts afresh after a pause', () => {
    const capture = new ScanCapture();
    expect(feed(capture, ['a', 'Enter'], 5)).toBeNull();
    // Typed slowly, then the scanner: only the scanned part comes out.
    expect(feed(capture, ['x', 'y'], 300, 5000)).toBeNull();
    expect(feed(capture, [...number, 'Enter'], 5, 6000)).toBe('21021120261126W01000019');
  });

  it('reads capitals sent with Shift, as keyboard-mode scanners send them', () => {
    const keys = number.flatMap((key) => (/[A-Z]/.test(key) ? ['Shift', key] : [key]));
    expect(feed(new ScanCapture(), [...keys, 'Enter'], 4)).toBe('21021120261126W01000019');
  });

  it('drops a burst broken by a non-character key', () => {
    expect(feed(new ScanCapture(), [...number.slice(0, 10), 'ArrowDown', ...number.slice(10), 'Enter'], 5)).toBeNull();
  });
});
