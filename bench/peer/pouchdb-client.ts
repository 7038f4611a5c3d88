/**
 * The PouchDB peer's client, in a process of its own with Node's defaults (the bench process
 * runs the measured apps with the heap of the app's service thread); the measured run, and the
 * warm-up's into another database of the server (`../warm-up.ts`): a local database
 * holding the documents in `docsFile` replicates them to `remote`, an empty database of the
 * server, then an empty local database replicates them from it, each timed, with PouchDB's
 * default replication options. Prints one JSON line: { pushSeconds, pullSeconds, docs }.
 *
 *   node bench/peer/pouchdb-client.ts <remote> <docsFile>
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import PouchDB from 'pouchdb-node';

const [remote, docsFile] = process.argv.slice(2);
if (!remote || !docsFile) throw new Error('usage: pouchdb-client.ts <remote> <docsFile>');
const docs = JSON.parse(readFileSync(docsFile, 'utf8')) as object[];
const dir = mkdtempSync(join(tmpdir(), 'onewindow-bench-pouchdb-client-'));
try {
  const source = new PouchDB(join(dir, 'source'));
  const target = new PouchDB(join(dir, 'target'));
  try {
    for (let i = 0; i < docs.length; i += 1000) await source.bulkDocs(docs.slice(i, i + 1000));
    let t = performance.now();
    const pushed = await source.replicate.to(remote);
    const pushSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    const pulled = await target.replicate.from(remote);
    const pullSeconds = (performance.now() - t) / 1000;
    if (pushed.docs_written !== docs.length || pulled.docs_written !== docs.length) {
      throw new Error(`PouchDB replicated ${pushed.docs_written} up and ${pulled.docs_written} down of ${docs.length}`);
    }
    process.stdout.write(`${JSON.stringify({ pushSeconds, pullSeconds, docs: docs.length })}\n`);
  } finally {
    await source.close();
    await target.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
