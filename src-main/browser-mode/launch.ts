/**
 * Browser mode's start, in the order a clerk waits for it: the login page is served first, then
 * the service thread opens the database. Only what serving the page needs is imported up front;
 * the service host (and, in its thread, everything behind the API) is loaded when the page first
 * asks for data (the login screen, once shown, asks for the centre's name), or after
 * `servicesAtLatestMs` when no page does (the scheduled export, the backup and sync run there).
 * Started together, the thread's start (its code, the database read from disk) took the CPU and
 * the disk the page's files were being served and run with. API calls that arrive before the
 * thread is ready wait for it (services.ts).
 */
import { existsSync } from 'node:fs';
import { flushCompileCache } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir, resourcesDir } from '../services/paths.ts';
import { startBrowserServer } from './server.ts';
import type { StartingServices } from './services.ts';

const defaultPort = 47800;
/** The service thread starts at the first API call, or this long after listening without one. */
const servicesAtLatestMs = 3_000;

/** Runs browser mode; returns the exit code, or -1 while it keeps serving. */
export async function launch(): Promise<number> {
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
  // Filled in once the services are loaded; a call made before then asks for them and waits.
  let servicesStarted: (services: StartingServices) => void = () => undefined;
  const services = new Promise<StartingServices>((resolve) => (servicesStarted = resolve));
  let wanted: () => void = () => undefined;
  const servicesWanted = new Promise<void>((resolve) => (wanted = resolve));
  let server;
  try {
    server = await startBrowserServer({
      callApi: async (name, input, token) => {
        wanted();
        return (await services).call(name, input, token);
      },
      rendererDir,
      port,
      fallbackPort: values.port === undefined,
      dataDir,
    });
  } catch (error) {
    console.error((error as Error).message);
    return 4;
  }
  if (values.port === undefined && server.port !== defaultPort) {
    console.log(`默认端口 ${defaultPort} 已被占用，改用端口 ${server.port}。`);
  }
  console.log(`一窗通（浏览器模式）数据目录：${dataDir}`);
  console.log(`仅监听本机。请在浏览器中打开：`);
  console.log(`ONEWINDOW_URL=${server.url}`);
  const listening = server;
  let started: StartingServices | null = null;
  // Registered as soon as the page can be served: a stop while the thread still starts waits for
  // it, then closes the database cleanly (checkpointing the WAL) like any other stop.
  const shutdown = async () => {
    await listening.close();
    await started?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());

  const fallback = setTimeout(wanted, servicesAtLatestMs);
  await servicesWanted;
  clearTimeout(fallback);
  // Now the database: a store that cannot open is said on the console and ends the process.
  const [{ startServices }, { appVersion }] = await Promise.all([import('./services.ts'), import('../host/app-info.ts')]);
  started = startServices({ dataDir, appVersion: appVersion(), startFresh: values['start-fresh'], seedDemoIfEmpty: !values['no-demo'] });
  servicesStarted(started);
  let host;
  try {
    host = await started.ready;
  } catch (error) {
    console.error(started.describeFailure(error));
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
  // Written now, not only at exit: a PC switched off without stopping the app still starts warm.
  flushCompileCache();
  return -1;
}
