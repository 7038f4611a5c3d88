/**
 * Figures from the clerk's action, the way the clerk waits for them: the app runs as a clerk's
 * PC runs it without Electron (browser mode's built bundle in its own process, its service
 * thread owning a copy of the 1M-case fixture) and every call crosses what the renderer's calls
 * cross: HTTP on loopback with JSON both ways, the main thread, the message to the service
 * thread and back. What the screen then does with the answer (Vue rendering) is not included.
 *
 *   intake.click_to_number_p95_ms  受理 clicked → the number in hand: intake/duplicates, then
 *                                  intake/accept with the duplicates acknowledged (as the intake
 *                                  screen awaits both on the click)
 *   search.typed_to_rows_p95_ms    the search box's request → rows parsed: cases/list {query}
 *                                  with case numbers, ID numbers, name prefixes and phones
 *   cases.open_p95_ms              a row clicked → the case's detail parsed: cases/get {id}
 *
 * Inputs come from a separate pass before the app starts, and the file is then dropped from the
 * OS page cache (bench/inputs.ts), so every search and case opened reads cold rows.
 */
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { demoPassword } from '../src-main/services/demo/seed.ts';
import { startBrowserMode, ensureBuilt, type BrowserMode } from './browser-mode.ts';
import { copyOfFixture, fixture } from './fixtures/copy.ts';
import { Rng, item } from './fixtures/rng.ts';
import { bundleTarget, duplicatesInput, intakeForm, sampleApplicants, singleTarget, type Checklist } from './intake-forms.ts';
import { inputsNote, searchInputs, separatePass } from './inputs.ts';
import { percentile, report } from './report.ts';

const samples = Number(process.env.ONEWINDOW_BENCH_SAMPLES ?? 300);
const warmup = 30;
/** Clicks before the timed ones: a counter PC's app has been up since the morning. */
const intakeWarmup = Number(process.env.ONEWINDOW_BENCH_CLICK_WARMUP ?? 300);
const coldStartClicks = 50;
/** The clerk's pause between two acceptances (at least: they come minutes apart); the store's checkpoint timer (50 ms) runs in it. */
const thinkMs = 100;

const round = (n: number) => Number(n.toFixed(3));
const spread = (ms: readonly number[]) => ({ p50: round(percentile(ms, 50)), p95: round(percentile(ms, 95)), p99: round(percentile(ms, 99)), max: round(Math.max(...ms)) });
const transport = 'browser mode (node out/main/browser.js, the built bundle) in its own process: HTTP POST /api/<name> on 127.0.0.1 with JSON both ways, main thread → service thread → main thread';

export async function benchFromTheClick(filter: string): Promise<void> {
  const wants = (name: string) => name.startsWith(filter) || filter.startsWith(name);
  const info = await fixture();
  ensureBuilt();
  const dataDir = copyOfFixture(info);
  const n = samples + warmup;
  const { inputs, pageCacheDropped } = separatePass(dataDir, (pass) => ({ search: searchInputs(pass, 0xc11c, n), applicants: sampleApplicants(pass) }));
  const app = await startBrowserMode(dataDir);
  try {
    const token = await app.login('clerk', demoPassword);
    const common = { rows_in_db: info.stats.cases, transport, inputs: { ...inputsNote, page_cache_dropped: pageCacheDropped } };
    if (wants('search.typed_to_rows_p95_ms')) await typedToRows(app, token, inputs.search, common);
    if (wants('cases.open_p95_ms')) await openCase(app, token, inputs.search.caseIds, common);
    if (wants('intake.click_to_number_p95_ms')) await clickToNumber(app, token, inputs.applicants, common);
  } finally {
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function timed(call: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await call();
  return performance.now() - t;
}

async function typedToRows(app: BrowserMode, token: string, inputs: ReturnType<typeof searchInputs>, common: Record<string, unknown>): Promise<void> {
  // What a clerk types into the one search box, the kinds taken in turn.
  const kinds = {
    case_number: inputs.caseNumbers,
    id_number: inputs.repeaters.map((r) => r.idNumber),
    name_prefix: inputs.namePrefixes,
    phone: inputs.phones,
  };
  const names = Object.keys(kinds) as Array<keyof typeof kinds>;
  const typed = (i: number) => {
    const kind = item(names, i % names.length);
    return { kind, query: item(kinds[kind], Math.floor(i / names.length)) };
  };
  let rowsReturned = 0;
  const search = async (i: number) => {
    const page = await app.value<{ rows: unknown[] }>('cases/list', { query: typed(i).query, page: 1, pageSize: 20 }, token);
    rowsReturned += page.rows.length;
  };
  for (let i = 0; i < warmup; i++) await search(i);
  rowsReturned = 0;
  const ms: number[] = [];
  const byKind: Record<string, number[]> = {};
  for (let i = warmup; i < warmup + samples; i++) {
    const took = await timed(() => search(i));
    ms.push(took);
    (byKind[typed(i).kind] ??= []).push(took);
  }
  const s = spread(ms);
  report('search.typed_to_rows_p95_ms', s.p95, 'ms', {
    includes: 'the search box\'s request (cases/list {query}, page 1 of 20) sent → its rows parsed, over HTTP through the service thread; not the box\'s debounce nor the table\'s rendering',
    ...s,
    samples: ms.length,
    warmup_searches: warmup,
    by_kind_p95: Object.fromEntries(Object.entries(byKind).map(([kind, kindMs]) => [kind, round(percentile(kindMs, 95))])),
    mean_rows_returned: round(rowsReturned / samples),
    ...common,
    load_avg_1m: round(loadavg()[0] ?? 0),
  });
}

async function openCase(app: BrowserMode, token: string, caseIds: readonly string[], common: Record<string, unknown>): Promise<void> {
  const open = (i: number) => app.value('cases/get', { id: item(caseIds, i) }, token);
  for (let i = 0; i < warmup; i++) await open(i);
  const ms: number[] = [];
  for (let i = warmup; i < warmup + samples; i++) ms.push(await timed(() => open(i)));
  const s = spread(ms);
  report('cases.open_p95_ms', s.p95, 'ms', {
    includes: 'a case row clicked → cases/get {id} answered and parsed (facts, materials, timeline), over HTTP through the service thread; not the drawer\'s rendering',
    ...s,
    samples: ms.length,
    warmup_opens: warmup,
    ...common,
    load_avg_1m: round(loadavg()[0] ?? 0),
  });
}

async function clickToNumber(app: BrowserMode, token: string, applicants: ReturnType<typeof sampleApplicants>, common: Record<string, unknown>): Promise<void> {
  const rng = new Rng(0xc1c4);
  const checklist = (target: unknown) => app.value<Checklist>('catalogue/checklist', { target }, token);
  const lists = { bundle: await checklist(bundleTarget), single: await checklist(singleTarget) };
  let made = 0;
  let duplicatesSeen = 0;
  // One click: the duplicate check, then the accept carrying the duplicates the clerk acknowledged.
  const click = async (kind: 'bundle' | 'single'): Promise<number> => {
    const form = intakeForm(rng, ++made, lists[kind], kind, applicants);
    await sleep(thinkMs);
    const t = performance.now();
    const found = await app.value<Array<{ id: string }>>('intake/duplicates', duplicatesInput(form), token);
    const accepted = await app.value<{ caseNumber: string }>('intake/accept', { ...form, acknowledgedDuplicates: found.map((d) => d.id).slice(0, 50) }, token);
    const ms = performance.now() - t;
    if (!accepted.caseNumber) throw new Error('intake/accept answered without a case number');
    if (found.length > 0) duplicatesSeen++;
    return ms;
  };
  const cold = { bundle: [] as number[], single: [] as number[] };
  for (let i = 0; i < intakeWarmup; i++) {
    const b = await click('bundle');
    const s = await click('single');
    if (i < coldStartClicks) {
      cold.bundle.push(b);
      cold.single.push(s);
    }
  }
  duplicatesSeen = 0;
  const bundle: number[] = [];
  const single: number[] = [];
  for (let i = 0; i < samples; i++) {
    bundle.push(await click('bundle'));
    single.push(await click('single'));
  }
  const s = spread(bundle);
  report('intake.click_to_number_p95_ms', s.p95, 'ms', {
    includes: '受理 clicked → the case number in hand: intake/duplicates then intake/accept (duplicates acknowledged), each over HTTP through the service thread, as the intake screen awaits them; not the form\'s own validation nor rendering',
    via: '新生儿出生一件事 (YJS-XSECS): 10 materials, parent + 5 child cases; half returning applicants',
    ...s,
    samples: bundle.length,
    single_matter: { via: '企业设立登记 (GJZ-SCJG-0001), 8 materials, 1 case', ...spread(single) },
    clicks_with_duplicates_found: duplicatesSeen,
    warmup_clicks: intakeWarmup * 2,
    cold_start: { clicks_after_boot: coldStartClicks, bundle: spread(cold.bundle), single: spread(cold.single) },
    pause_between_clicks_ms: thinkMs,
    ...common,
    load_avg_1m: round(loadavg()[0] ?? 0),
  });
}
