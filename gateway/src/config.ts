/**
 * The gateway's configuration: command-line flags first, then environment variables, then the
 * embedded defaults. The data key that seals personal data comes from here (an environment
 * variable or a key file), never from the database, so a copy of the database alone reveals
 * no personal data.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { protocolVersion } from '../../src-main/domain/sync/version.ts';

/**
 * The protocol version this gateway speaks; the build's by default. A higher one rehearses the
 * next release's roll-out (apps one version behind must keep syncing, two behind are told to
 * upgrade) before that release exists.
 */
function protocolVersionOf(text: string | undefined): number {
  if (text === undefined || text === '') return protocolVersion;
  const version = Number(text);
  if (!Number.isInteger(version) || version < protocolVersion) throw new ConfigError(`GATEWAY_PROTOCOL_VERSION must be an integer of at least ${protocolVersion}`);
  return version;
}

export interface GatewayConfig {
  /** The sync protocol version it speaks (it answers this one and the one before). */
  protocolVersion: number;
  host: string;
  port: number;
  /** An existing PostgreSQL 14+; null = the embedded server in `dataDir`. */
  databaseUrl: string | null;
  dataDir: string;
  tls: { cert: Buffer; key: Buffer } | null;
  dataKey: Uint8Array;
  accessTokenHours: number;
  logLevel: string;
  /** How long shutdown waits for the requests in hand before closing anyway. */
  shutdownGraceMs: number;
}

export class ConfigError extends Error {}

const repoRoot = resolve(dirname(new URL(import.meta.url).pathname), '../..');

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function readKey(hexOrFile: { hex?: string; file: string; create: boolean }): Uint8Array {
  if (hexOrFile.hex !== undefined) {
    if (!/^[0-9a-fA-F]{64}$/.test(hexOrFile.hex)) throw new ConfigError('GATEWAY_DATA_KEY must be 64 hexadecimal characters (32 bytes)');
    return Uint8Array.from(Buffer.from(hexOrFile.hex, 'hex'));
  }
  if (!existsSync(hexOrFile.file)) {
    if (!hexOrFile.create) throw new ConfigError(`data key file ${hexOrFile.file} does not exist`);
    mkdirSync(dirname(hexOrFile.file), { recursive: true });
    writeFileSync(hexOrFile.file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  }
  const text = readFileSync(hexOrFile.file, 'utf8').trim();
  if (!/^[0-9a-fA-F]{64}$/.test(text)) throw new ConfigError(`data key file ${hexOrFile.file} must hold 64 hexadecimal characters`);
  return Uint8Array.from(Buffer.from(text, 'hex'));
}

export const configFlags = {
  host: { type: 'string' },
  port: { type: 'string' },
  'data-dir': { type: 'string' },
  'database-url': { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'key-file': { type: 'string' },
  'log-level': { type: 'string' },
} as const;

export function loadConfig(argv: string[], env: NodeJS.ProcessEnv): GatewayConfig {
  const { values } = parseArgs({ args: argv, options: configFlags, strict: false, allowPositionals: true });
  const text = (flag: string, name: string): string | undefined => {
    const v = values[flag];
    return typeof v === 'string' ? v : env[name];
  };
  const host = text('host', 'GATEWAY_HOST') ?? '127.0.0.1';
  const portText = text('port', 'GATEWAY_PORT') ?? '47900';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`port "${portText}" is not a port number`);
  const dataDir = resolve(text('data-dir', 'GATEWAY_DATA_DIR') ?? join(repoRoot, '.data', 'gateway'));
  const certFile = text('tls-cert', 'GATEWAY_TLS_CERT');
  const keyFile = text('tls-key', 'GATEWAY_TLS_KEY');
  if ((certFile === undefined) !== (keyFile === undefined)) throw new ConfigError('HTTPS needs both --tls-cert and --tls-key (PEM files issued by the site CA)');
  const tls = certFile !== undefined && keyFile !== undefined ? { cert: readFileSync(certFile), key: readFileSync(keyFile) } : null;
  if (tls === null && !isLoopback(host)) {
    throw new ConfigError(`plain HTTP is served on loopback only; to listen on ${host}, give --tls-cert and --tls-key (a certificate from the site CA)`);
  }
  const keyFilePath = text('key-file', 'GATEWAY_KEY_FILE');
  const dataKey = readKey({ hex: env.GATEWAY_DATA_KEY, file: keyFilePath ?? join(dataDir, 'gateway.key'), create: keyFilePath === undefined });
  const hours = Number(env.GATEWAY_ACCESS_TOKEN_HOURS ?? '24');
  if (!(hours > 0)) throw new ConfigError('GATEWAY_ACCESS_TOKEN_HOURS must be a positive number');
  return {
    host,
    port,
    databaseUrl: text('database-url', 'DATABASE_URL') ?? null,
    dataDir,
    tls,
    dataKey,
    accessTokenHours: hours,
    logLevel: text('log-level', 'GATEWAY_LOG_LEVEL') ?? 'info',
    shutdownGraceMs: Number(env.GATEWAY_SHUTDOWN_GRACE_MS ?? '15000'),
    protocolVersion: protocolVersionOf(env.GATEWAY_PROTOCOL_VERSION),
  };
}
