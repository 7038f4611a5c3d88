/**
 * Another centre's PCs that warm a gateway before a measured push and pull: in their own process
 * (so the bench process's app code stays cold), a window registers with the first one-time code
 * it is given, takes `cases` cases of 大连市 (210200) through its write path, ten events each, and
 * pushes them with 立即同步; then a new back office of that centre registers with the second code
 * and pulls them with 立即同步 (its first sync). The items pushed are written as JSON documents to
 * `docsFile`, for the PouchDB peer's own warm-up with the same records.
 * Prints one JSON line: { events, pushed, rejected, pulled }.
 *
 *   node bench/warm-up-centre.ts <gatewayUrl> <windowCode> <backOfficeCode> <cases> <docsFile>
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootServices } from '../src-main/host/boot.ts';
import { eventsPerCase, takeCases } from './fixtures/sync-outbox.ts';
import { heldEvents, itemsAsDocuments, pendingEvents, register } from './sync-apps.ts';

const [gatewayUrl, code, backOfficeCode, casesArg, docsFile] = process.argv.slice(2);
const cases = Number(casesArg);
if (!gatewayUrl || !code || !backOfficeCode || !docsFile || !(cases > 0)) throw new Error('usage: warm-up-centre.ts <gatewayUrl> <windowCode> <backOfficeCode> <cases> <docsFile>');

/** A new back office of 大连市 pulls what the window pushed, into an empty store; returns how many events it holds. */
async function pullIntoNewBackOffice(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'onewindow-bench-warm-up-backoffice-'));
  try {
    const services = bootServices({ dataDir: dir, appVersion: 'bench' });
    try {
      services.env.store.db.pragma('synchronous = OFF');
      await register(services, gatewayUrl!, backOfficeCode!, 'backoffice');
      await services.env.sync.syncNow();
      return heldEvents(services);
    } finally {
      services.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

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
    const pulled = await pullIntoNewBackOffice();
    if (pulled !== events) throw new Error(`the warm-up back office holds ${pulled} events after its pull, expected ${events}`);
    process.stdout.write(`${JSON.stringify({ events, pushed: run.pushed, rejected: run.rejected, pulled })}\n`);
  } finally {
    services.close();
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
