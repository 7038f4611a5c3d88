/**
 * Other devices' replications that warm the PouchDB server before the measured ones, as the
 * warm-up window and back office do for the gateway: in their own process (so the bench
 * process's PouchDB stays cold), a local database holding the documents in `docsFile` replicates
 * them to `remote`, a database of the server other than the measured one, and then an empty
 * local database replicates them from it. Prints one JSON line: { docs, pulled }.
 *
 *   node bench/peer/pouchdb-warm-up.ts <remote> <docsFile>
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PouchDB from 'pouchdb-node';

const [remote, docsFile] = process.argv.slice(2);
if (!remote || !docsFile) throw new Error('usage: pouchdb-warm-up.ts <remote> <docsFile>');
const docs = JSON.parse(readFileSync(docsFile, 'utf8')) as object[];
const dir = mkdtempSync(join(tmpdir(), 'onewindow-bench-pouchdb-warm-up-'));
try {
  const source = new PouchDB(join(dir, 'source'));
  try {
    for (let i = 0; i < docs.length; i += 1000) await source.bulkDocs(docs.slice(i, i + 1000));
    const pushed = await source.replicate.to(remote);
    if (pushed.docs_written !== docs.length) throw new Error(`the warm-up replicated ${pushed.docs_written} of ${docs.length}`);
  } finally {
    await source.close();
  }
  const target = new PouchDB(join(dir, 'target'));
  let pulled: number;
  try {
    pulled = (await target.replicate.from(remote)).docs_written;
    if (pulled !== docs.length) throw new Error(`the warm-up pulled ${pulled} of ${docs.length}`);
  } finally {
    await target.close();
  }
  process.stdout.write(`${JSON.stringify({ docs: docs.length, pulled })}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
