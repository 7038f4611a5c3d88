/**
 * When to try again after a failure: exponential from 1 s to 5 min with full jitter (a random
 * point in the window, so a hall's PCs coming back after an outage do not knock together), and
 * never sooner than the gateway's Retry-After.
 */
export class Backoff {
  private failures = 0;
  private readonly random: () => number;
  private readonly baseMs: number;
  private readonly maxMs: number;
  constructor(random: () => number = Math.random, baseMs = 1000, maxMs = 5 * 60_000) {
    this.random = random;
    this.baseMs = baseMs;
    this.maxMs = maxMs;
  }

  /** Delay before the next try after one more failure. */
  next(retryAfterMs: number | null): number {
    const window = Math.min(this.maxMs, this.baseMs * 2 ** Math.min(this.failures, 20));
    this.failures++;
    const jittered = Math.floor(this.random() * window);
    return retryAfterMs === null ? jittered : Math.max(retryAfterMs, jittered);
  }

  reset(): void {
    this.failures = 0;
  }

  get attempts(): number {
    return this.failures;
  }
}
