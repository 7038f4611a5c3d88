/**
 * Another centre's window PC that warms a gateway before a measured push: in its own process (so
 * the bench process's app code stays cold), it registers with the one-time code it is given,
 * takes `cases` cases of 大连市 (210200) through its write path, ten events each, and pushes them
 * with 立即同步. The items it pushed are written as JSON documents to `docsFile`, for the PouchDB
 * peer's own warm-up with the same records. Prints one JSON line: { events, pushed, rejected }.
 *
 *   node bench/warm-up-window.ts <gatewayUrl> <code> <cases> <docsFile>
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootServices } from '../src-main/host/boot.ts';
import { eventsPerCase, takeCases } from './fixtures/sync-outbox.ts';
import { itemsAsDocuments, pendingEvents, register } from './sync-apps.ts';

const [gatewayUrl, code, casesArg, docsFile] = process.argv.slice(2);
const cases = Number(casesArg);
if (!gatewayUrl || !code || !docsFile || !(cases > 0)) throw new Error('usage: warm-up-window.ts <gatewayUrl> <code> <cases> <docsFile>');

const dataDir = mkdtempSync(join(tmpdir(), 'onewindow-bench-warm-up-window-'));
try {
  const services = bootServices({ dataDir, appVersion: 'bench' });
  try {
    // Scaffolding thrown away after: its commits need not wait for the disk.
    services.env.store.db.pragma('synchronous = OFF');
    // Registered first: a PC takes its centre's region for its case numbers from its registration.
    await register(services, gatewayUrl, code, 'window');
    // A matter of 大连市's own (two review steps, as the measured window's): its cases stay in
    // 大连市's feed, so the measured back office of 甘井子 pulls none of them.
    await takeCases(services, cases, { matterCode: 'DL-BDC-0002', reviewer: 'reviewer-dl-bdc', applicantRegion: '210200', applicantName: '预热' }, () => {});
    const events = pendingEvents(services, 'case.event');
    if (events !== cases * eventsPerCase) throw new Error(`the warm-up window's outbox holds ${events} events, expected ${cases * eventsPerCase}`);
    // Its accounts (queued by the registration) go in the same push: the peer gets them too.
    const waiting = pendingEvents(services);
    writeFileSync(docsFile, JSON.stringify(itemsAsDocuments(services, waiting)));
    const run = await services.env.sync.syncNow();
    if (run.pushed !== waiting || run.rejected !== 0 || pendingEvents(services) !== 0) throw new Error(`the warm-up push left ${pendingEvents(services)} waiting: ${JSON.stringify(run)}`);
    process.stdout.write(`${JSON.stringify({ events, pushed: run.pushed, rejected: run.rejected })}\n`);
  } finally {
    services.close();
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
