/**
 * Warming both sync servers before a measured push and pull, the same way for each: the gateway
 * serves another centre's window pushing its outbox and then a new back office of that centre
 * pulling it (`warm-up-centre.ts`), and the PouchDB server a replication of that window's items
 * as documents into another of its databases and then from it into an empty one
 * (`peer/pouchdb-client.ts`). Each warm-up client runs in its own process, so the bench
 * process, which runs the measured clients, stays as cold as an app just started.
 */
import { join } from 'node:path';
import type { DemoGateway } from '../scripts/sync-gateway.ts';
import { lastJsonLine, runNode } from './cleanup.ts';
import { eventsPerCase } from './fixtures/sync-outbox.ts';

/**
 * The warm-up window's cases (ten events each): as many events as the measured push. After a
 * much smaller warm-up the gateway's compiler was still busy in the measured push, whose CPU
 * then hardly differed from a server just started's (docs/sync-performance.md, How to measure).
 */
export const warmUpCases = 1000;
/** 大连市's centre: its cases and feed are not 甘井子's, whose back office the bench measures. */
const warmUpCentre = '210200';

/**
 * Another centre's window pushes `warmUpCases` × 10 events into `gateway` and a new back office of
 * that centre pulls them; the window's items are written to `docsFile` as documents.
 */
export async function warmUpGateway(gateway: DemoGateway, docsFile: string): Promise<{ events: number }> {
  const windowCode = await gateway.issueCode(warmUpCentre, 'window');
  const backOfficeCode = await gateway.issueCode(warmUpCentre, 'backoffice');
  const done = lastJsonLine<{ events: number }>(await runNode(join(import.meta.dirname, 'warm-up-centre.ts'), [gateway.url, windowCode, backOfficeCode, String(warmUpCases), docsFile], 'pipe'));
  if (done.events !== warmUpCases * eventsPerCase) throw new Error(`the warm-up window pushed ${done.events} events, expected ${warmUpCases * eventsPerCase}`);
  return done;
}

/**
 * Other devices replicate the documents in `docsFile` into `remote` (a database of the PouchDB
 * server other than the measured one) and from it into an empty database: the measured client's
 * own run (`peer/pouchdb-client.ts`), in a process of its own so the bench process stays cold.
 */
export async function warmUpPouchdb(remote: string, docsFile: string): Promise<{ docs: number }> {
  return lastJsonLine<{ docs: number }>(await runNode(join(import.meta.dirname, 'peer', 'pouchdb-client.ts'), [remote, docsFile], 'pipe'));
}
