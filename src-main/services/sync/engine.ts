/**
 * The sync engine in the service thread. One cycle: check the session (epoch, clock), push the
 * outbox oldest first in batches, pull the change feed page by page, each page with its cursor
 * in one local transaction; when caught up, wait on a long-poll so the back office sees a case
 * within a second or two. A failure backs off with jitter (honouring Retry-After); a failure that
 * waiting cannot cure (revoked device, protocol too old) stops until a person acts. Nothing is
 * ever removed from the outbox but by the gateway's answer, so no failure loses or doubles a
 * write (the event id is the idempotency key).
 */
import type { WorkCalendar } from '../../domain/time/calendar.ts';
import { pullLimits, type PullResponse } from '../../domain/sync/pull.ts';
import type { Store, WriteContext } from '../../store/store.ts';
import type { CalendarProvider } from '../calendar/provider.ts';
import { applyPulledPage, ownRunsHeld, runEvents, unheldOwnEvents } from './apply.ts';
import { ScanSender } from './attachment-push.ts';
import { Backoff } from './backoff.ts';
import { GatewayClient, SyncFailure, waitingHelps } from './client.ts';
import { openCredentials, readLink, recordAttempt, saveCredentials, type Credentials } from './link.ts';
import { sendableNow } from './outbox.ts';
import { pushBatches, type PushSide, type RunSummary } from './push-batches.ts';
import { adoptSession } from './resend.ts';
import { Transport } from './transport.ts';

export interface SyncDeps {
  store: Store;
  calendar: CalendarProvider;
  deviceId: string;
  appVersion: string;
  clock: () => Date;
  /** The data folder: a case's scans are read from it before the case is pushed. */
  dataDir: string;
}

export interface SyncEngineOptions {
  transport?: Transport;
  random?: () => number;
  /** How long a caught-up pull waits on the gateway for news (long-poll). */
  longPollSeconds?: number;
  /** How often a waiting long-poll looks for new local writes to push. */
  outboxCheckMs?: number;
  /** Tests speak an older or newer protocol to see the refusal. */
  protocolVersion?: number;
}

export type LinkHealth = 'unknown' | 'online' | 'offline' | 'error' | 'revoked';

export type { RunSummary };

const pullPageSize = 1000;

/**
 * The next page's size. A page that brought no event in full (the echo of this PC's push comes
 * as a few runs of numbers it already holds; accounts, catalogues and calendars are few) cost a
 * round trip for little; the page after it is asked as large as the protocol allows. A page with
 * events in full keeps the next at 1,000: each page is stored in one transaction, and a first
 * sync's memory stays bounded.
 */
const nextPageLimit = (page: PullResponse): number => (page.events.length === 0 ? pullLimits.maxLimit : pullPageSize);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class SyncEngine {
  readonly transport: Transport;
  private readonly backoff: Backoff;
  private readonly options: Required<Omit<SyncEngineOptions, 'transport' | 'random' | 'protocolVersion'>> & { protocolVersion?: number };
  private health: LinkHealth = 'unknown';
  private sessionChecked = false;
  private nextTryAt = 0;
  private running = false;
  private loopDone: Promise<void> | null = null;
  private longPoll: AbortController | null = null;
  /** Cycles never overlap: a manual sync waits for the background one (whose long-poll it cuts short). */
  private exclusive: Promise<unknown> = Promise.resolve();
  private pushesUnderWay = 0;
  /**
   * Told when a push starts sending and when it has ended (sent, refused or failed), whoever started
   * it: the background loop or 立即同步. The service thread passes it on to the update gate.
   */
  onPushing: ((pushing: boolean) => void) | null = null;

  private readonly deps: SyncDeps;
  private readonly scans: ScanSender;

  constructor(deps: SyncDeps, options: SyncEngineOptions = {}) {
    this.deps = deps;
    this.scans = new ScanSender(deps.store, deps.dataDir, (fn) => this.write(fn));
    this.transport = options.transport ?? new Transport();
    this.backoff = new Backoff(options.random);
    this.options = { longPollSeconds: options.longPollSeconds ?? 20, outboxCheckMs: options.outboxCheckMs ?? 200, protocolVersion: options.protocolVersion };
  }

  /** Whether outbox items are on their way to the gateway right now. */
  get pushing(): boolean {
    return this.pushesUnderWay > 0;
  }

  get linkHealth(): LinkHealth {
    return this.health;
  }

  /** When the background loop tries next (0 = now); the status bar says so after a failure. */
  get retryAt(): number {
    return this.nextTryAt;
  }

  /** Starts the background loop; it idles while the PC is not registered. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = this.loop();
  }

  async stop(): Promise<void> {
    this.halt();
    await this.loopDone;
  }

  /** Stops the loop without waiting for it (the store is closing): a cycle in flight ends at its next step. */
  halt(): void {
    this.running = false;
    this.longPoll?.abort();
  }

  /**
   * 立即同步: cuts a waiting long-poll short, then runs one full cycle now, whatever the backoff;
   * cases held back for their scans are tried again in it too.
   */
  async syncNow(): Promise<RunSummary> {
    this.longPoll?.abort();
    this.nextTryAt = 0;
    return this.serially(() => {
      this.scans.releaseHolds();
      return this.cycle(false);
    });
  }

  /** After a (re-)registration: forget what was known about the old link. */
  linkChanged(): void {
    this.sessionChecked = false;
    this.health = 'unknown';
    this.nextTryAt = 0;
    this.backoff.reset();
    this.longPoll?.abort();
  }

  private serially<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.exclusive.then(fn, fn);
    this.exclusive = run.catch(() => undefined);
    return run;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const link = this.deps.store.read((tx) => readLink(tx));
      const wait = this.nextTryAt - Date.now();
      if (!link || link.revoked === 1 || wait > 0) {
        await sleep(Math.min(Math.max(wait, 0) || 1000, 1000));
        continue;
      }
      await this.serially(() => this.cycle(true)).catch(() => undefined);
    }
  }

  private write<T>(fn: Parameters<Store['write']>[1] extends (tx: infer X) => unknown ? (tx: X) => T : never, durability?: WriteContext['durability']): T {
    const context: WriteContext = { actor: { userId: null, role: null }, deviceId: this.deps.deviceId, now: this.deps.clock(), durability };
    return this.deps.store.write(context, fn);
  }

  private calendar(): WorkCalendar {
    return this.deps.store.read((tx) => this.deps.calendar.get(tx));
  }

  /** One cycle; records its outcome (for the status bar) and schedules the next try. */
  private async cycle(longPoll: boolean): Promise<RunSummary> {
    const summary: RunSummary = { pushed: 0, rejected: 0, pulledEvents: 0, receivedEvents: 0 };
    try {
      try {
        await this.push(summary);
        await this.pull(summary, longPoll);
      } catch (error) {
        // An expired access token is renewed with the device secret and the cycle tried once more.
        if (!(error instanceof SyncFailure && error.kind === 'UNAUTHENTICATED')) throw error;
        await this.renew(true);
        await this.push(summary);
        await this.pull(summary, longPoll);
      }
      this.health = 'online';
      this.backoff.reset();
      this.nextTryAt = 0;
      return summary;
    } catch (error) {
      if (error instanceof Error && error.name === 'AbortError') return summary;
      this.fail(error);
      throw error;
    }
  }

  private fail(error: unknown): void {
    const failure = error instanceof SyncFailure ? error : new SyncFailure('INTERNAL', `同步出错：${error instanceof Error ? error.message : String(error)}。稍后自动重试，办件都保存在本机。`);
    if (failure.kind === 'DEVICE_REVOKED') {
      this.health = 'revoked';
      this.write((tx) => tx.run('UPDATE sync_link SET revoked = 1 WHERE id = 1'));
    } else if (failure.kind === 'NETWORK' || failure.kind === 'UNAVAILABLE' || failure.kind === 'GARBAGE') {
      this.health = 'offline';
    } else {
      this.health = 'error';
    }
    this.sessionChecked = false;
    // Waiting cures a network or a busy gateway; an upgrade or a new code takes a person, so ask again rarely.
    const delay = waitingHelps(failure.kind) ? this.backoff.next(failure.retryAfterMs) : Math.max(failure.retryAfterMs ?? 0, 10 * 60_000);
    this.nextTryAt = Date.now() + delay;
    this.write((tx) => {
      recordAttempt(tx, { ok: false, code: failure.kind, message: failure.message });
      if (failure.kind === 'DEVICE_REVOKED') tx.audit({ action: 'sync.revoked', outcome: 'failed', detail: { message: failure.message } });
    });
  }

  /** The gateway's client and this PC's credentials (the sync cycle's, and a scan fetched when it is opened). */
  client(): { client: GatewayClient; credentials: Credentials } {
    const { link, credentials } = this.deps.store.read((tx) => {
      const row = readLink(tx);
      if (!row) throw new SyncFailure('NOT_FOUND', '本机尚未注册到中心平台，请管理员在“同步”页注册本机。');
      return { link: row, credentials: openCredentials(tx, row) };
    });
    return { client: new GatewayClient(this.transport, new URL(link.gateway_url), this.options.protocolVersion), credentials };
  }

  /** A fresh access token from the device secret: before it expires, or after a 401. */
  async renew(force: boolean): Promise<string> {
    const { client, credentials } = this.client();
    if (!force && Date.parse(credentials.accessTokenExpiresAt) - Date.now() > 60_000) return credentials.accessToken;
    const renewed = await client.renewToken(credentials.deviceId, credentials.deviceSecret).catch((error: unknown) => {
      // The secret itself no longer opens the gateway: only a new registration helps.
      if (error instanceof SyncFailure && error.kind === 'UNAUTHENTICATED') {
        throw new SyncFailure('DEVICE_REVOKED', '本机的同步凭据已失效（设备密钥不再被中心平台接受）。请管理员在“同步”页用新的注册码重新注册本机；未发送的办件保留在本机，注册后自动补发。');
      }
      throw error;
    });
    this.write((tx) => saveCredentials(tx, { ...credentials, accessToken: renewed.accessToken, accessTokenExpiresAt: renewed.accessTokenExpiresAt }));
    return renewed.accessToken;
  }

  /**
   * The session: the gateway's epoch and clock. A new epoch (the gateway restored from a backup)
   * makes this PC resend from its event log what the gateway lacks, and pull again from the start.
   */
  private async checkSession(): Promise<void> {
    if (this.sessionChecked) return;
    const token = await this.renew(false);
    const session = await this.client().client.session(token);
    const skewMs = this.deps.clock().getTime() - Date.parse(session.serverTime);
    this.write((tx) => adoptSession(tx, this.deps.deviceId, session, skewMs));
    this.sessionChecked = true;
  }

  private checkEpoch(epoch: string): void {
    const saved = this.deps.store.read((tx) => readLink(tx)?.epoch ?? null);
    if (saved !== epoch) {
      this.sessionChecked = false;
      throw new SyncFailure('EPOCH_CHANGED', '中心平台已从备份恢复，本机正在补发它缺少的办件记录。');
    }
  }

  private async push(summary: RunSummary): Promise<void> {
    await this.checkSession();
    let sending = false;
    // The batches' answers commit one after another: the WAL is checkpointed once after the last,
    // not between two of them on the thread that sends the next (store/checkpoint.ts).
    const releaseCheckpoints = this.deps.store.checkpointer.hold();
    try {
      const side: PushSide = {
        store: this.deps.store,
        clock: this.deps.clock,
        scans: this.scans,
        token: () => this.renew(false),
        client: () => this.client().client,
        checkEpoch: (epoch) => this.checkEpoch(epoch),
        write: (fn) => this.write(fn),
        calendar: () => this.calendar(),
      };
      await pushBatches(side, summary, () => {
        if (sending) return;
        sending = true;
        this.pushesUnderWay += 1;
        this.onPushing?.(true);
      });
    } finally {
      releaseCheckpoints();
      if (sending) {
        this.pushesUnderWay -= 1;
        this.onPushing?.(this.pushing);
      }
    }
  }

  /**
   * The change feed, page by page, each page with its cursor in one local transaction. While a
   * page is stored the next is already asked for (from the cursor the stored page ends at); a
   * page fetched but never stored is asked for again from the saved cursor.
   */
  private async pull(summary: RunSummary, longPoll: boolean): Promise<void> {
    await this.checkSession();
    let waitSeconds = 0;
    let ahead: Promise<PullResponse> | null = null;
    // A push of a page or more is what the feed brings back first (its echo, as runs): the first
    // page is asked for as large as after any page of own events (nextPageLimit).
    let firstLimit = summary.pushed >= pullPageSize ? pullLimits.maxLimit : pullPageSize;
    // While pages follow each other at once, the WAL is checkpointed once after the last (store/checkpoint.ts).
    let releaseCheckpoints: (() => void) | null = null;
    try {
      for (;;) {
        let page: PullResponse;
        if (ahead) {
          page = await ahead;
          ahead = null;
        } else {
          const cursor = this.deps.store.read((tx) => readLink(tx)?.cursor ?? null);
          const abort = new AbortController();
          this.longPoll = waitSeconds > 0 ? abort : null;
          const watcher = waitSeconds > 0 ? this.watchOutbox(abort) : null;
          try {
            page = await this.fetchPage(cursor, waitSeconds, firstLimit, abort.signal);
            firstLimit = pullPageSize;
          } finally {
            if (watcher) clearInterval(watcher);
            this.longPoll = null;
          }
        }
        this.checkEpoch(page.epoch);
        if (page.hasMore) {
          releaseCheckpoints ??= this.deps.store.checkpointer.hold();
          ahead = this.fetchPage(page.cursor, 0, nextPageLimit(page));
          ahead.catch(() => undefined);
          // The request leaves on a later tick (the token, the socket): let it go before the page
          // is stored, which holds the thread, or the gateway would only start once it is.
          await new Promise((resolve) => setImmediate(resolve));
        }
        const calendar = this.calendar();
        const stored = page;
        // A page and its cursor can be fetched again: its commit does not wait for the fsync
        // (store.ts, `durability`). The checkpoint after the pull syncs the WAL, and a push makes
        // it durable before its request leaves.
        const { received } = this.write((tx) => {
          const applied = applyPulledPage(tx, calendar, stored);
          recordAttempt(tx, { ok: true, skewMs: null });
          return applied;
        }, 'deferred');
        // A stored page proves the link: the cycle itself ends only after its long poll (20 s), and
        // a PC that just registered and synced would read 正在连接 beside its 最近同步 until then.
        this.health = 'online';
        summary.pulledEvents += page.events.length + (page.acknowledged?.length ?? 0) + runEvents(page.acknowledgedRuns ?? []);
        summary.receivedEvents += received;
        if (page.hasMore) {
          waitSeconds = 0;
          continue;
        }
        releaseCheckpoints?.();
        releaseCheckpoints = null;
        // Caught up. In the background, wait once on the gateway for news; the loop then starts over.
        if (!longPoll || waitSeconds > 0) return;
        waitSeconds = this.options.longPollSeconds;
      }
    } finally {
      releaseCheckpoints?.();
    }
  }

  /**
   * Own events as runs (this PC holds them and, after its push, their numbers: a push's echo costs
   * next to nothing), brief event by event if the page names a number it does not hold (a lost
   * answer), in full if it names an event it lacks (a restored store). Each asks the same cursor and limit.
   */
  private async fetchPage(cursor: string | null, waitSeconds: number, limit: number, signal?: AbortSignal): Promise<PullResponse> {
    const [token, { client }] = [await this.renew(false), this.client()];
    const asRuns = await client.pull(token, { cursor, limit, waitSeconds, ownEvents: 'brief', ownEventRuns: true }, signal);
    if (this.deps.store.read((tx) => ownRunsHeld(tx, asRuns.acknowledgedRuns ?? []) && unheldOwnEvents(tx, asRuns.acknowledged ?? []) === 0)) return asRuns;
    if (asRuns.acknowledgedRuns !== undefined) {
      const brief = await client.pull(token, { cursor, limit, waitSeconds: 0, ownEvents: 'brief' }, signal);
      if (this.deps.store.read((tx) => unheldOwnEvents(tx, brief.acknowledged ?? [])) === 0) return brief;
    }
    return client.pull(token, { cursor, limit, waitSeconds: 0, ownEvents: 'full' }, signal);
  }

  /** A long-poll ends early when this PC has something to push, so a new case leaves at once. */
  private watchOutbox(abort: AbortController): ReturnType<typeof setInterval> {
    return setInterval(() => {
      const pending = this.deps.store.read((tx) => tx.get(`SELECT 1 FROM outbox o WHERE ${sendableNow} LIMIT 1`, this.deps.clock().toISOString()));
      if (pending || !this.running) abort.abort();
    }, this.options.outboxCheckMs);
  }
}
