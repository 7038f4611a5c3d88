/**
 * One cold-ish start, run as a fresh process by bench/intake-search.ts:
 *   node bench/startup-child.ts <dataDir>
 * Loads the service code, opens the database (bootServices: open, pragmas, migration check,
 * device id, calendar), logs the clerk in and asks for the first case-list page, the one the
 * app shows after login. Prints one JSON object of timings (ms) on stdout.
 */
import { performance } from 'node:perf_hooks';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: node bench/startup-child.ts <dataDir>');

// performance.now() counts from process start: node's own bootstrap comes first.
const nodeBoot = performance.now();
const { bootServices } = await import('../src-main/host/boot.ts');
const { demoPassword } = await import('../src-main/services/demo/seed.ts');
const imported = performance.now();

const services = bootServices({ dataDir, appVersion: 'bench-startup', seedDemoIfEmpty: false });
const opened = performance.now();

const login = await services.dispatcher.call('session/login', { username: 'clerk', password: demoPassword }, null);
if (!login.ok) throw new Error(login.error.message);
const token = (login.value as { token: string }).token;
const loggedIn = performance.now();

const page = await services.dispatcher.call('cases/list', {}, token);
if (!page.ok) throw new Error(page.error.message);
const firstPage = performance.now();
const value = page.value as { rows: unknown[]; total: number; totalIsLowerBound?: boolean };
services.close();

process.stdout.write(
  `${JSON.stringify({
    node_boot_ms: nodeBoot,
    import_ms: imported - nodeBoot,
    open_ms: opened - imported,
    login_ms: loggedIn - opened,
    first_page_query_ms: firstPage - loggedIn,
    total_ms: firstPage,
    rows: value.rows.length,
    total: value.total,
    total_is_lower_bound: value.totalIsLowerBound ?? false,
  })}\n`,
);
