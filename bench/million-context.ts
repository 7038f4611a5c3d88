/**
 * What the 1M-case benchmarks share: a private copy of the fixture with services booted on it and
 * a clerk logged in, API calls made as the service thread receives them, and timed call series
 * reported with their spread.
 */
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { bootServices, type Services } from '../src-main/host/boot.ts';
import { demoPassword } from '../src-main/services/demo/seed.ts';
import { copyOfFixture, fixture } from './fixtures/copy.ts';
import type { FixtureInfo } from './fixtures/million.ts';
import { item } from './fixtures/rng.ts';
import { percentile, report } from './report.ts';

export const samples = Number(process.env.ONEWINDOW_BENCH_SAMPLES ?? 300);
export const warmup = 30;

export interface Context {
  fixture: FixtureInfo;
  dataDir: string;
  services: Services;
  token: string;
  rows: number;
}

let shared: Promise<Context> | null = null;

/** A private copy of the fixture with services booted on it and a clerk logged in (window 01). */
export function context(): Promise<Context> {
  shared ??= (async () => {
    const info = await fixture();
    const dataDir = copyOfFixture(info);
    const services = bootServices({ dataDir, appVersion: 'bench', seedDemoIfEmpty: false });
    process.once('exit', () => {
      services.close();
      rmSync(dataDir, { recursive: true, force: true });
    });
    const login = await services.dispatcher.call('session/login', { username: 'clerk', password: demoPassword }, null);
    if (!login.ok) throw new Error(login.error.message);
    const rows = services.env.store.read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM case_record'))?.n ?? 0;
    return { fixture: info, dataDir, services, token: (login.value as { token: string }).token, rows };
  })();
  return shared;
}

/**
 * In the app each API call is a message to the service thread, so the thread's event loop turns
 * between calls and a due timer (the store's WAL checkpoint) runs there, not inside a call.
 * Calling the dispatcher in a tight await loop would starve timers; yield as the thread does.
 */
export const betweenMessages = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function call(c: Context, name: string, input: unknown, token = c.token): Promise<unknown> {
  await betweenMessages();
  const result = await c.services.dispatcher.call(name, input, token);
  if (!result.ok) throw new Error(`${name} ${JSON.stringify(input)}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

export interface Timed {
  ms: number[];
  returned: number[];
}

/** Warm-up, then one timed call per input (inputs cycled); rows returned kept for context. */
export async function timeCalls(c: Context, name: string, inputs: readonly unknown[], count = samples, tokenFor: (i: number) => string = () => c.token): Promise<Timed> {
  for (let i = 0; i < Math.min(warmup, inputs.length); i++) await call(c, name, item(inputs, i), tokenFor(i));
  const ms: number[] = [];
  const returned: number[] = [];
  for (let i = 0; i < count; i++) {
    const k = (warmup + i) % inputs.length;
    const input = item(inputs, k);
    const token = tokenFor(k);
    await betweenMessages();
    const t = performance.now();
    const result = await c.services.dispatcher.call(name, input, token);
    ms.push(performance.now() - t);
    if (!result.ok) throw new Error(`${name} ${JSON.stringify(input)}: ${result.error.code} ${result.error.message}`);
    const value = result.value;
    returned.push(Array.isArray((value as { rows?: unknown[] }).rows) ? ((value as { rows: unknown[] }).rows.length) : 1);
  }
  return { ms, returned };
}

export const round = (n: number) => Number(n.toFixed(3));
export const spread = (ms: readonly number[]) => ({ p50: round(percentile(ms, 50)), p95: round(percentile(ms, 95)), p99: round(percentile(ms, 99)), max: round(Math.max(...ms)) });
export const mean = (xs: readonly number[]) => round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length));

export function reportSpread(name: string, p: 95 | 99, timed: Timed, target: string, c: Context, extra: { via: string } & Record<string, unknown>): void {
  const s = spread(timed.ms);
  report(name, p === 95 ? s.p95 : s.p99, 'ms', {
    includes: `${extra.via} at the dispatcher, in process (no service thread, no HTTP, no rendering)`,
    target,
    ...s,
    samples: timed.ms.length,
    rows_in_db: c.rows,
    mean_rows_returned: mean(timed.returned),
    ...extra,
    load_avg_1m: round(loadavg()[0] ?? 0),
  });
}
