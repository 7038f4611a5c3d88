/**
 * A gateway for the sync demo and the sync tests: its own embedded PostgreSQL in a folder under
 * `dir`, the gateway process on a free loopback port, and its `issue-code` command.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { startEmbedded } from '../gateway/src/db/embedded.ts';
import { runningPostmaster } from '../gateway/src/db/postmaster.ts';

const run = promisify(execFile);
const mainScript = join(import.meta.dirname, '..', 'gateway', 'src', 'main.ts');

export interface DemoGateway {
  url: string;
  databaseUrl: string;
  /** The gateway's data folder (--data-dir), for a command typed by hand against it. */
  dataDir: string;
  /** A one-time code of `centre`; a demo centre gets its name (demoCentreNames) unless `name` says another. */
  issueCode(centre: string, role: 'window' | 'backoffice', options?: { hours?: number; name?: string }): Promise<string>;
  /** Any of the gateway's commands (`revoke-device`, `new-epoch` …); its standard output. */
  command(args: string[]): Promise<string>;
  /** Stops the gateway process (SIGTERM, or SIGKILL to play a crash) and, unless kept, its PostgreSQL. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** The gateway process alone, so a test can cut the link and bring it back on the same port. */
  stopProcess(signal?: NodeJS.Signals): Promise<void>;
  startProcess(): Promise<void>;
  /** Stops PostgreSQL under the running gateway (its connections end mid-transaction) and starts it again on the same port. */
  restartPostgres(): Promise<void>;
  /** The processes it runs, for a caller that must kill them synchronously (a bench exiting early). */
  pids(): { gateway: number | null; postgres: number | null };
}

/**
 * The centres of the demo catalogue's regions (resources/demo/catalogue.json), as their
 * administrators would name them when issuing the first code: a PC registered with a code takes
 * its centre's name from the gateway.
 */
export const demoCentreNames: Readonly<Record<string, string>> = {
  '210200': '大连市政务服务中心',
  '210202': '大连市中山区政务服务中心',
  '210211': '大连市甘井子区政务服务中心',
};

/**
 * `port` and `postgresPort`, when given, are where the gateway and its PostgreSQL listen, also
 * after a restart (`startProcess`, `restartPostgres`); otherwise the system picks free ports.
 */
export async function startDemoGateway(dir: string, dataKey: string, options: { args?: string[]; port?: number; postgresPort?: number } = {}): Promise<DemoGateway> {
  const pgDir = join(dir, 'pg');
  mkdirSync(pgDir, { recursive: true });
  let postgres = await startEmbedded(pgDir, pino({ level: 'silent' }), { port: options.postgresPort });
  // The gateway process and its commands connect over the Unix socket, as a gateway does to its
  // own embedded server (gateway/src/db/embedded.ts); `databaseUrl` stays the loopback TCP one.
  const env = { ...process.env, DATABASE_URL: postgres.socketUrl, GATEWAY_DATA_KEY: dataKey, GATEWAY_LOG_LEVEL: 'warn' };
  const gwDir = join(dir, 'gateway');
  mkdirSync(gwDir, { recursive: true });
  let port = String(options.port ?? 0);
  let child: ReturnType<typeof spawn> | null = null;
  let exited: Promise<void> = Promise.resolve();
  /** Set by stopProcess: an exit after it is the one asked for, not a crash to report. */
  let stopAsked = false;
  let url = '';

  async function startProcess(): Promise<void> {
    const proc = spawn(process.execPath, [mainScript, '--port', port, '--data-dir', gwDir, ...(options.args ?? [])], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    stopAsked = false;
    let out = '';
    const keep = (chunk: Buffer) => (out = tailOf(out + chunk.toString('utf8')));
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        proc.kill('SIGKILL');
        reject(new Error(`gateway did not start in 60 s:\n${out}`));
      }, 60_000);
      proc.stdout?.on('data', () => {
        const m = /ONEWINDOW_GATEWAY_URL=(\S+)/.exec(out);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`gateway exited:\n${out}`));
      });
    });
    port = new URL(url).port;
    // Once it serves, an exit nobody asked for is a crash: say so with its last words, since
    // the caller only sees connections refused from then on. 'close' waits for the pipes to drain.
    proc.once('close', (code, signal) => {
      if (!stopAsked && child === proc) process.stderr.write(unexpectedExit(proc.pid, code, signal, out));
    });
  }

  async function stopProcess(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    stopAsked = true;
    if (child && child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  }

  try {
    await startProcess();
  } catch (error) {
    // Nothing is left running when the gateway never came up: its PostgreSQL stops too.
    await postgres.stop();
    throw error;
  }
  return {
    get url() {
      return url;
    },
    databaseUrl: postgres.url,
    dataDir: gwDir,
    async issueCode(centre, role, { hours, name = demoCentreNames[centre] } = {}) {
      const args = ['issue-code', '--centre', centre, '--role', role, ...(hours ? ['--hours', String(hours)] : []), ...(name ? ['--name', name] : [])];
      const { stdout } = await run(process.execPath, [mainScript, ...args, '--data-dir', gwDir], { env });
      return (JSON.parse(stdout) as { code: string }).code;
    },
    async command(args) {
      const { stdout } = await run(process.execPath, [mainScript, ...args, '--data-dir', gwDir], { env });
      return stdout;
    },
    async stop(signal) {
      await stopProcess(signal);
      await postgres.stop();
    },
    stopProcess,
    startProcess,
    pids() {
      const postgresPid = runningPostmaster(join(pgDir, 'pg'))?.pid ?? null;
      const running = child && child.exitCode === null && child.signalCode === null ? (child.pid ?? null) : null;
      return { gateway: running, postgres: postgresPid };
    },
    async restartPostgres() {
      const port = Number(new URL(postgres.url).port);
      await postgres.stop();
      postgres = await startEmbedded(pgDir, pino({ level: 'silent' }), { port });
    },
  };
}

/** How much of a gateway's output is kept for a report: its last lines, not a long run's whole log. */
const outputTailChars = 16_000;

function tailOf(text: string): string {
  return text.length > outputTailChars ? text.slice(-outputTailChars) : text;
}

function unexpectedExit(pid: number | undefined, code: number | null, signal: NodeJS.Signals | null, output: string): string {
  const how = signal ? `signal ${signal}` : `code ${String(code)}`;
  return `\n[sync-gateway] the gateway process ${String(pid)} exited (${how}) while nobody asked it to stop; its last output:\n${output.trimEnd() || '(none)'}\n\n`;
}
