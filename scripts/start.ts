/**
 * `npm start` (after `npm run build`): the desktop app when the Electron binary is here,
 * otherwise browser mode with the same arguments.
 *   node scripts/start.ts [--port N] [--data-dir DIR] [--start-fresh]
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from '../src-main/electron/binary.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const passthrough = process.argv.slice(2);

function run(command: string, args: string[]): void {
  // On POSIX the child gets its own process group, so a Ctrl+C in the terminal reaches it once,
  // forwarded from here (a second SIGINT would cut its clean database shutdown short). On Windows
  // the child shares the console and receives Ctrl+C itself.
  const posix = process.platform !== 'win32';
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', detached: posix });
  const forward = (signal: NodeJS.Signals) => {
    if (posix || signal !== 'SIGINT') child.kill(signal);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => forward(signal));
  child.on('error', (error) => {
    console.error(`无法启动 ${command}：${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    process.exit(code ?? 128 + (signal ? constants.signals[signal] : 0));
  });
}

const electron = findElectronBinary();
if (electron.available) {
  if (!existsSync(join(root, 'out', 'main', 'index.js'))) {
    console.error('找不到已构建的程序（out/main/index.js）。请先运行 npm run build。 / Not built yet: run npm run build first.');
    process.exit(2);
  }
  run(electron.path, ['.', ...passthrough]);
} else {
  console.log('Electron 可执行文件不可用（本机未下载 Electron），改用浏览器模式 / Electron binary not available; starting browser mode');
  console.log(`(${electron.detail})`);
  run(process.execPath, [join(root, 'src-main', 'browser-mode', 'main.ts'), ...passthrough]);
}
