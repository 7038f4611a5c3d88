/**
 * One gateway process: configuration, the database pool, the epoch, the feed listener, and the
 * HTTP(S) server. It holds no state of its own beyond caches: any number of processes can serve
 * one PostgreSQL, and devices may talk to any of them.
 */
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { migrate, openPool, type Db } from './db/database.ts';
import { startEmbedded, type EmbeddedServer } from './db/embedded.ts';
import { EpochKeeper } from './db/epoch.ts';
import type { GatewayConfig } from './config.ts';
import { Sealer } from './keys.ts';
import { GatewayError } from './http/errors.ts';
import { sealLegacyFileNames } from './services/legacy-file-names.ts';
import { FeedListener, FeedNotifier } from './services/listener.ts';

export interface Gateway {
  config: GatewayConfig;
  log: Logger;
  db: Db;
  sealer: Sealer;
  epoch: EpochKeeper;
  listener: FeedListener | null;
  notifier: FeedNotifier;
  stopping: boolean;
  /** Admits one push or refuses with 429: a bound on the pushes in hand, so a burst queues at the devices, not here. */
  admitPush(): () => void;
}

export const maxConcurrentPushes = Number(process.env.GATEWAY_MAX_CONCURRENT_PUSHES ?? '48');

export interface Opened {
  gateway: Gateway;
  embedded: EmbeddedServer | null;
  databaseUrl: string;
}

/** Starts (or adopts) the database, applies migrations, seals what an older gateway left in plain text, and settles the epoch. */
export async function openGateway(config: GatewayConfig, log: Logger, options: { listen: boolean }): Promise<Opened> {
  const embedded = config.databaseUrl === null ? await startEmbedded(config.dataDir, log) : null;
  // The gateway's own connections to its embedded server go over the Unix socket (embedded.ts).
  const databaseUrl = config.databaseUrl ?? (embedded as EmbeddedServer).socketUrl;
  const db = openPool(databaseUrl, log);
  await migrate(db, log);
  const sealer = new Sealer(config.dataKey);
  await sealLegacyFileNames(db, sealer, log);
  const epoch = new EpochKeeper(db, log);
  await epoch.current();
  let inFlightPushes = 0;
  const gateway: Gateway = {
    config,
    log,
    db,
    sealer,
    epoch,
    listener: options.listen ? new FeedListener(databaseUrl, log) : null,
    notifier: new FeedNotifier(db, log),
    stopping: false,
    admitPush() {
      if (inFlightPushes >= maxConcurrentPushes) {
        throw new GatewayError('RATE_LIMITED', '中心平台正忙，请稍后自动重试；待发送的办件保留在本机', { retryAfterSeconds: 1 });
      }
      inFlightPushes++;
      let released = false;
      return () => {
        if (!released) inFlightPushes--;
        released = true;
      };
    },
  };
  await gateway.listener?.start();
  return { gateway, embedded, databaseUrl };
}

/**
 * Graceful shutdown: new requests are answered 503 with Retry-After (and the connection closed),
 * long-polls are released, every request in hand (a push batch mid-transaction included)
 * finishes, and only then is the listening socket closed (Node's close() would drop connections
 * it considers idle, which can include one whose answer is still being prepared) and the
 * database pool ended. The grace period running out, or a second signal, closes at once.
 */
export async function closeGateway(opened: Opened, server: Server | null, inFlight: () => number): Promise<void> {
  const { gateway, embedded } = opened;
  gateway.stopping = true;
  gateway.log.info({ inFlight: inFlight() }, 'shutting down: finishing the requests in hand');
  await gateway.listener?.close();
  const deadline = Date.now() + gateway.config.shutdownGraceMs;
  while (inFlight() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  await gateway.notifier.flush();
  if (server) {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }
  await gateway.db.end();
  await embedded?.stop();
  gateway.log.info('stopped');
}
