/**
 * Browser mode: the desktop app's services and renderer without the Electron binary.
 *   node src-main/browser-mode/main.ts [--port N] [--data-dir DIR] [--start-fresh] [--no-demo] [--renderer DIR]
 * Listens on 127.0.0.1 only and prints the URL with its per-launch token.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../domain/errors.ts';
import { appVersion } from '../host/app-info.ts';
import { defaultDataDir, resourcesDir } from '../services/paths.ts';
import type { ServiceHost } from '../host/service-host.ts';
import { startBrowserServer } from './server.ts';
import { startServices } from './services.ts';

const defaultPort = 47800;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'start-fresh': { type: 'boolean', default: false },
      // A new data folder without a site file then opens the first-run wizard instead of the demo centre.
      'no-demo': { type: 'boolean', default: false },
      renderer: { type: 'string' },
    },
  });
  const port = values.port === undefined ? defaultPort : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port 应为 0 到 65535 之间的整数，收到“${values.port}”。`);
    return 2;
  }
  const rendererDir = values.renderer ?? join(resourcesDir(), '..', 'out', 'renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) {
    console.error(`找不到已构建的界面（${rendererDir}/index.html）。请先运行 npm run build。`);
    return 2;
  }
  const dataDir = values['data-dir'] ?? defaultDataDir();
  // The service thread opens the database while the HTTP server starts: the login page is served
  // as soon as the port listens, and API calls made before the thread is ready wait for it
  // (services.ts). A store that cannot open is said on the console and ends the process, as before.
  const services = startServices({ dataDir, appVersion: appVersion(), startFresh: values['start-fresh'], seedDemoIfEmpty: !values['no-demo'] });
  let server;
  try {
    server = await startBrowserServer({
      callApi: services.call,
      rendererDir,
      port,
      fallbackPort: values.port === undefined,
      dataDir,
    });
  } catch (error) {
    console.error((error as Error).message);
    await services.stop();
    return 4;
  }
  if (values.port === undefined && server.port !== defaultPort) {
    console.log(`默认端口 ${defaultPort} 已被占用，改用端口 ${server.port}。`);
  }
  console.log(`一窗通（浏览器模式）数据目录：${dataDir}`);
  console.log(`仅监听本机。请在浏览器中打开：`);
  console.log(`ONEWINDOW_URL=${server.url}`);
  const listening = server;
  // Registered as soon as the page can be served: a stop while the thread still starts waits for
  // it, then closes the database cleanly (checkpointing the WAL) like any other stop.
  const shutdown = async () => {
    await listening.close();
    await services.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
  let host: ServiceHost;
  try {
    host = await services.ready;
  } catch (error) {
    console.error(error instanceof AppError ? error.message : `启动失败：${String(error)}`);
    await listening.close();
    return 3;
  }
  host.onFatal = (error) => {
    // Every call already answers with this; the process stops so a supervisor restarts it.
    console.error(error.message);
    process.exitCode = 3;
    setTimeout(() => process.exit(3), 500);
  };
  if (host.movedAsideTo) console.log(`旧数据库已改名保留：${host.movedAsideTo}`);
  return -1;
}

const code = await main();
if (code >= 0) process.exit(code);
