/**
 * sync.initial_100k_s and sync.initial_100k_peak_rss_mb: the first sync of a new back-office PC
 * at a centre that holds 100,000 cases (issue 17: at most 60 s and 200 MB).
 *
 * The gateway process runs on its embedded PostgreSQL, on a copy of a cached folder in which a
 * window PC of 210211 accepted and handed over (移交) 100,000 cases through its write path and
 * pushed them (bench/fixtures/sync-centre.ts). The new PC is the app as a reviewer's PC runs it
 * without Electron: browser mode in its own process (its sync in the service thread), a new data
 * folder, run from the bundle a PC installs (out/main/browser.js, built first), not from the
 * TypeScript sources: Node's type stripping would add its own memory to both threads. The clock
 * runs from the admin's sync/register call (as the 同步 page makes it) until the reviewer's
 * workbench counts (review/queues, asked once a second as the screen would) show all 100,000
 * cases in 待审. The memory is the kernel's peak resident set (VmHWM) of that process
 * over its whole life, both threads, as the PC's task manager would show it at its highest.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { registerApp, startBrowserApp } from '../scripts/sync-apps.ts';
import { ensureBuilt } from './browser-mode.ts';
import { ownApp, ownGateway, withOwned } from './cleanup.ts';
import { centreCode, centreEventsPerCase, centreFixture, startCentreGateway } from './fixtures/sync-centre.ts';
import { report } from './report.ts';

const cases = Number(process.env.ONEWINDOW_BENCH_INITIAL_CASES ?? 100_000);
const round = (n: number) => Number(n.toFixed(1));

function memoryKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? Number.NaN);
}

export async function benchSyncInitial(): Promise<void> {
  // Browser mode serves the built renderer: a fresh clone has none until this builds it.
  ensureBuilt();
  const fixture = await centreFixture(cases);
  const gatewayDirs: string[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'onewindow-bench-initial-'));
  try {
    await withOwned(async (own) => {
      const centre = await startCentreGateway(fixture);
      gatewayDirs.push(centre.dir);
      const gateway = ownGateway(own, centre.gateway);
      const app = ownApp(own, await startBrowserApp({ label: 'bench-initial-app', dataDir, entry: 'built' }));
      const pid = app.child.pid ?? 0;
      const reviewer = await app.login('reviewer');
      const waiting = async () => (await app.api<{ counts: Record<string, number> }>('review/queues', {}, reviewer)).counts['待审'] ?? 0;
      const before = await waiting();
      const code = await gateway.issueCode(centreCode, 'backoffice');
      const rssBeforeKb = memoryKb(pid, 'VmRSS');
      const load = round(loadavg()[0] ?? 0);
      const started = performance.now();
      await registerApp(app, gateway.url, code, 'bench new back office');
      let peakSampledKb = 0;
      let shown = before;
      while (shown < before + cases) {
        await sleep(1000);
        shown = await waiting();
        peakSampledKb = Math.max(peakSampledKb, memoryKb(pid, 'VmRSS'));
        if (performance.now() - started > 900_000) throw new Error(`${shown - before} of ${cases} cases in 待审 after 15 minutes`);
      }
      const seconds = (performance.now() - started) / 1000;
      const peakKb = memoryKb(pid, 'VmHWM');
      const common = {
        cases,
        events: cases * centreEventsPerCase,
        pages: Math.ceil((cases * centreEventsPerCase) / 1000),
        load_avg_1m_before: load,
        load_avg_1m_after: round(loadavg()[0] ?? 0),
      };
      report('sync.initial_100k_s', seconds, 's', {
        target_max: 60,
        ...common,
        includes: `a new back-office PC (browser mode from the built bundle in its own process, a new data folder with the demo centre) registered with the gateway (sync/register), its background sync pulling the centre's feed in pages of 1,000 changes (each page with its cursor in one local transaction: cases created from their headers, events appended and folded, queues projected) from the gateway process and its embedded PostgreSQL holding ${cases} cases × ${centreEventsPerCase} events (受理, 移交); until review/queues shows all of them in 待审 (asked once a second)`,
      });
      report('sync.initial_100k_peak_rss_mb', peakKb / 1024, 'MB', {
        target_max: 200,
        ...common,
        includes: 'the peak resident set (VmHWM from /proc) of the new PC\'s app process (browser mode from the built bundle) over its whole life (start, login, registration, the first sync; both threads, SQLite\'s cache and the pages of the node binary included)',
        app_rss_before_sync_mb: round(rssBeforeKb / 1024),
        app_rss_peak_sampled_during_sync_mb: round(peakSampledKb / 1024),
        app_rss_sampled: 'VmRSS of the app process once a second during the sync, beside the kernel\'s exact peak',
      });
    });
  } finally {
    for (const dir of gatewayDirs) rmSync(dir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.main) await benchSyncInitial();
