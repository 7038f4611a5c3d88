/**
 * A barcode scanner is a keyboard that types fast: its characters arrive a few milliseconds
 * apart and end with Enter. Keys typed while no field has the focus are collected here; a burst
 * fast enough to be a scanner and ending in Enter is handed over as one scan. A person typing
 * (slower than `maxGapMs` between keys) never produces one.
 */
export interface ScanCaptureOptions {
  /** The longest pause between two scanned characters. */
  maxGapMs: number;
  /** Shorter bursts are ignored (a stray key followed by Enter). */
  minLength: number;
}

export const scannerTiming: ScanCaptureOptions = { maxGapMs: 60, minLength: 8 };

/** Scanners press Shift for capitals like a keyboard does: these keys are part of a burst. */
const modifierKeys = new Set(['Shift', 'CapsLock']);

export class ScanCapture {
  private buffer = '';
  private lastAt = -Infinity;
  /** The burst was interrupted (an arrow, a function key): what follows is not one clean scan. */
  private broken = false;

  private readonly options: ScanCaptureOptions;

  constructor(options: ScanCaptureOptions = scannerTiming) {
    this.options = options;
  }

  /** Feeds one key press; returns the scanned text when this Enter ends a scan. */
  key(key: string, at: number): string | null {
    if (modifierKeys.has(key)) return null;
    const slow = at - this.lastAt > this.options.maxGapMs;
    this.lastAt = at;
    if (key === 'Enter') {
      const scanned = slow || this.broken ? '' : this.buffer;
      this.buffer = '';
      this.broken = false;
      return scanned.length >= this.options.minLength ? scanned : null;
    }
    if (key.length !== 1) {
      this.buffer = '';
      this.broken = true;
      return null;
    }
    if (slow) {
      this.buffer = key;
      this.broken = false;
    } else {
      this.buffer += key;
    }
    return null;
  }

  clear(): void {
    this.buffer = '';
    this.lastAt = -Infinity;
    this.broken = false;
  }
}

/** Whether a key press belongs to a field (typed into it) rather than to the page. */
export function typedIntoField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}
