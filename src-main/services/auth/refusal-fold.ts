/**
 * Refused calls that carry no session (a made-up or stale bearer token, forged fields before
 * login) cost the caller nothing, so each cannot be its own audit row: anyone who can reach the
 * API could bury the trail. The first in a window is written at once; the rest of that window
 * are counted and written as one row (`folded`) when the window ends.
 */
export class SessionlessRefusals {
  private readonly windowMs: number;
  private readonly clock: () => number;
  private windowStart = Number.NEGATIVE_INFINITY;
  private folded = new Map<string, number>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(options: { windowMs?: number; clock?: () => number } = {}) {
    this.windowMs = options.windowMs ?? 60_000;
    this.clock = options.clock ?? Date.now;
  }

  /**
   * True when this refusal is to be written now; otherwise it is counted under `reason`, and
   * `flush` is called once with the counts when the window ends.
   */
  admit(reason: string, flush: (counts: ReadonlyMap<string, number>) => void): boolean {
    const now = this.clock();
    if (now - this.windowStart >= this.windowMs && this.timer === null) {
      this.windowStart = now;
      return true;
    }
    this.folded.set(reason, (this.folded.get(reason) ?? 0) + 1);
    if (this.timer === null) {
      const wait = Math.max(0, this.windowStart + this.windowMs - now);
      this.timer = setTimeout(() => {
        this.timer = null;
        const counts = this.folded;
        this.folded = new Map();
        this.windowStart = this.clock();
        flush(counts);
      }, wait);
      // A pending summary never keeps a finished process alive; `drain` writes it on close.
      this.timer.unref();
    }
    return false;
  }

  /** Writes what is still counted (on close). */
  drain(flush: (counts: ReadonlyMap<string, number>) => void): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.folded.size > 0) flush(this.folded);
    this.folded = new Map();
  }
}
