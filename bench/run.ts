/**
 * npm run bench: every benchmark of the project, one JSON object per line on stdout.
 *   node bench/run.ts [name-prefix]     e.g. node bench/run.ts store.
 */
import { benchAuthLogin } from './auth-login.ts';
import { benchBundle } from './bundle.ts';
import { benchCryptoOverhead } from './crypto-overhead.ts';
import { benchExportSaved } from './export-saved.ts';
import { benchExports } from './exports.ts';
import { benchFromTheClick } from './from-the-click.ts';
import { benchGatewayIngest } from './gateway-ingest.ts';
import { intakeSearchBenchmarks } from './intake-search.ts';
import { benchLifecycleFold } from './lifecycle.ts';
import { benchStartupInBrowser } from './startup-browser.ts';
import { benchStoreWritePath } from './store-write-path.ts';
import { benchCrossWindow } from './sync-cross-window.ts';
import { benchSync10k, sync10kFigures } from './sync-10k.ts';
import { benchSyncDrain } from './sync-drain.ts';
import { benchSyncInitial } from './sync-initial.ts';

const filter = process.argv[2] ?? '';

/** A prefix list: one run makes several figures (sharing a started app), run once if any matches. */
const benchmarks: Array<{ prefix: string | string[]; run: () => void | Promise<void> }> = [
  { prefix: 'store.write_path_ratio', run: () => benchStoreWritePath() },
  { prefix: 'crypto.accept_overhead_p99_ms', run: () => benchCryptoOverhead() },
  ...intakeSearchBenchmarks,
  { prefix: 'review.fold_200_events_ms', run: () => benchLifecycleFold() },
  { prefix: 'auth.login_ms', run: () => benchAuthLogin() },
  { prefix: 'export.', run: () => benchExports(filter) },
  { prefix: ['export.month_150k_click_to_saved_s', 'export.month_150k_click_to_saved_mb'], run: () => benchExportSaved() },
  { prefix: 'bundle.', run: () => benchBundle() },
  { prefix: ['startup.login_screen_ms', 'startup.login_to_first_list_ms'], run: () => benchStartupInBrowser() },
  { prefix: 'sync.cross_window_visible_p95_ms', run: () => benchCrossWindow() },
  { prefix: [...sync10kFigures, 'peer.pouchdb.'], run: () => benchSync10k() },
  { prefix: 'sync.drain_50k_s', run: () => benchSyncDrain() },
  { prefix: ['sync.initial_100k_s', 'sync.initial_100k_peak_rss_mb'], run: () => benchSyncInitial() },
  { prefix: ['intake.click_to_number_p95_ms', 'search.typed_to_rows_p95_ms', 'cases.open_p95_ms'], run: () => benchFromTheClick(filter) },
  { prefix: 'gateway.ingest_events_per_s', run: () => benchGatewayIngest() },
];

for (const bench of benchmarks) {
  const prefixes = typeof bench.prefix === 'string' ? [bench.prefix] : bench.prefix;
  if (prefixes.some((prefix) => prefix.startsWith(filter) || filter.startsWith(prefix))) await bench.run();
}
