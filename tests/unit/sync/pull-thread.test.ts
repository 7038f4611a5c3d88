/**
 * The pull's requests sent from the pull thread (pull-thread.ts) against a real gateway process
 * and its PostgreSQL: the pages, the refusals, the network errors and the aborts are those the
 * engine's own transport gives, sent from the engine's thread.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoGateway } from '../../../scripts/sync-gateway.ts';
import type { PullRequest, PullResponse } from '../../../src-main/domain/sync/pull.ts';
import { GatewayClient, SyncFailure } from '../../../src-main/services/sync/client.ts';
import { PullThread } from '../../../src-main/services/sync/pull-thread.ts';
import { Transport } from '../../../src-main/services/sync/transport.ts';
import { acceptAndTransfer, startSyncApp, startTestGateway, stopAllSyncApps, type SyncApp } from '../../helpers/sync.ts';

let gateway: DemoGateway;
let windowPc: SyncApp;
let backOffice: SyncApp;
let token: string;
const caseIds: string[] = [];
const transport = new Transport({ timeoutMs: 10_000, deadlineMs: 30_000 });
const thread = new PullThread(transport);

beforeAll(async () => {
  gateway = await startTestGateway('onewindow-sync-pull-thread-');
  windowPc = await startSyncApp(gateway, { role: 'window', users: ['clerk'] });
  backOffice = await startSyncApp(gateway, { role: 'backoffice', users: ['reviewer'], register: true, sendAccounts: false });
  for (const name of ['甲', '乙', '丙']) caseIds.push((await acceptAndTransfer(windowPc, 'GJZ-SCJG-0003', `拉取线程${name}`)).caseId);
  await windowPc.engine.syncNow();
  token = await backOffice.engine.renew(false);
}, 120_000);

afterAll(async () => {
  thread.close();
  await stopAllSyncApps();
  await gateway?.stop();
});

const base = () => new URL(gateway.url);
const viaThread = () => new GatewayClient(transport, base(), undefined, thread);
const direct = () => new GatewayClient(transport, base());
const request = (cursor: string | null, limit: number, waitSeconds = 0): PullRequest => ({ cursor, limit, waitSeconds, ownEvents: 'brief', ownEventRuns: true });

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('the pull thread', () => {
  it('brings the feed page by page, in order, each page as the engine thread would have read it', async () => {
    let cursor: string | null = null;
    const pages: PullResponse[] = [];
    for (;;) {
      const [page, same]: [PullResponse, PullResponse] = await Promise.all([viaThread().pull(token, request(cursor, 7)), direct().pull(token, request(cursor, 7))]);
      expect(page).toEqual(same);
      pages.push(page);
      if (!page.hasMore) break;
      cursor = page.cursor;
    }
    expect(pages.length).toBeGreaterThan(2);
    expect(pages.flatMap((p) => p.cases.map((c) => c.header.caseId))).toEqual(expect.arrayContaining(caseIds));
  });

  it('a refusal in the middle of a pull reaches the caller as the gateway said it', async () => {
    const first = await viaThread().pull(token, request(null, 5));
    expect(first.hasMore).toBe(true);
    const refused = await failureOf(viaThread().pull('x'.repeat(40), request(first.cursor, 5)));
    const same = await failureOf(direct().pull('x'.repeat(40), request(first.cursor, 5)));
    expect(refused).toBeInstanceOf(SyncFailure);
    expect((refused as SyncFailure).kind).toBe('UNAUTHENTICATED');
    expect(refused.message).toBe(same.message);
  });

  it('a gateway that cannot be reached gives the same Chinese message as from the engine thread', async () => {
    const closed = new URL('http://127.0.0.1:9');
    const failure = await failureOf(new GatewayClient(transport, closed, undefined, thread).pull(token, request(null, 5)));
    expect(failure).toBeInstanceOf(SyncFailure);
    expect((failure as SyncFailure).kind).toBe('NETWORK');
    expect(failure.message).toMatch(/^连不上中心平台 127\.0\.0\.1:9（对方未在运行或端口不对），稍后自动重试/);
  });

  it('a long poll cut short ends as an abort, not a failure', async () => {
    const caughtUp = await (async () => {
      let cursor: string | null = null;
      for (;;) {
        const page: PullResponse = await viaThread().pull(token, request(cursor, 1000));
        if (!page.hasMore) return page.cursor;
        cursor = page.cursor;
      }
    })();
    const abort = new AbortController();
    const started = Date.now();
    setTimeout(() => abort.abort(), 200);
    const error = await failureOf(viaThread().pull(token, request(caughtUp, 1000, 20), abort.signal));
    expect(error.name).toBe('AbortError');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('closed with a request under way, the request ends as aborted and the next starts a new thread', async () => {
    const waiting = failureOf(viaThread().pull(token, request(null, 1000, 20)));
    thread.close();
    expect((await waiting).name).toBe('AbortError');
    const page = await viaThread().pull(token, request(null, 3));
    expect(page.hasMore).toBe(true);
    expect(page).toEqual(await direct().pull(token, request(null, 3)));
  });
});
