/**
 * `npm run demo:sync` — the sync story on one machine, for a newcomer to watch:
 *   the central platform's gateway (its own embedded PostgreSQL), a window PC at 甘井子 (210211),
 *   甘井子's 市场监管 back office and 中山's (210202) back office for the 跨区通办 part, each a
 *   browser-mode OneWindow with its own data folder, all registered with the gateway (each takes
 *   its code's centre). It prints the addresses and the steps, and stops everything on Ctrl-C.
 * Everything lives in a temporary folder and on free loopback ports; nothing is left behind.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { gatewaySwitch, issueCodeCommand } from './demo-sync-tools.ts';
import { registerApp, startBrowserApp, type BrowserApp } from './sync-apps.ts';
import { startDemoGateway, type DemoGateway } from './sync-gateway.ts';

const root = join(import.meta.dirname, '..');

async function ensureBuilt(): Promise<void> {
  if (existsSync(join(root, 'out', 'renderer', 'index.html'))) return;
  console.log('首次运行：正在构建界面（npm run build）…');
  await new Promise<void>((resolve, reject) => {
    const child = spawn('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`构建失败（退出码 ${code}）`))));
  });
}

async function main(): Promise<void> {
  await ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'onewindow-sync-demo-'));
  const started: Array<{ stop(): Promise<unknown> }> = [];
  const stopAll = async () => {
    for (const s of started.reverse()) await s.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void stopAll().then(() => process.exit(0)));
  process.once('SIGTERM', () => void stopAll().then(() => process.exit(0)));
  try {
    console.log('正在启动中心平台前置服务（内置 PostgreSQL）…');
    const dataKey = randomBytes(32).toString('hex');
    const gateway: DemoGateway = await startDemoGateway(dir, dataKey);
    started.push(gateway);
    console.log('正在启动三台一窗通（浏览器模式）…');
    const [windowPc, backOffice, zhongshan]: BrowserApp[] = await Promise.all([
      startBrowserApp({ label: 'window' }),
      startBrowserApp({ label: 'backoffice' }),
      startBrowserApp({ label: 'zhongshan' }),
    ]);
    started.push(windowPc!, backOffice!, zhongshan!);
    const w = await registerApp(windowPc!, gateway.url, await gateway.issueCode('210211', 'window'), '甘井子区政务服务中心 3号窗口');
    const b = await registerApp(backOffice!, gateway.url, await gateway.issueCode('210211', 'backoffice'), '市场监管局后台');
    const z = await registerApp(zhongshan!, gateway.url, await gateway.issueCode('210202', 'backoffice'), '中山区市场监管局后台');
    const named = (app: { link: { centreName: string; deviceCode: string } | null }) => `${app.link?.centreName ?? '?'}，设备 ${app.link?.deviceCode ?? '?'}`;
    console.log(`
一窗通同步演示已就绪（Ctrl-C 结束并清除全部演示数据）

  中心平台前置服务：${gateway.url}
  综合窗口（${named(w)}）：${windowPc!.url}
      用 clerk / Demo@2026 登录
  市场监管 后台（${named(b)}）：${backOffice!.url}
      用 reviewer / Demo@2026 登录
  跨区通办 后台（${named(z)}）：${zhongshan!.url}
      用 reviewer-zs-scjg / Demo@2026 登录

演示步骤：
  1. 窗口受理一件“市场监管”事项（如 企业设立登记），并“移交后台”；
     想看离线受理：在本终端输入 g 回车，只停前置服务；受理后状态栏显示“离线 · 待发送”，再输入 g 回车恢复。
  2. 几秒内后台的“审查 · 待审”队列出现该件：认领、审查、作出决定。
  3. 决定回到窗口：窗口出件，申请人评价。
  4. 跨区通办：窗口受理中山区的事项“个体工商户变更登记”，中山区后台认领并作出决定，决定回到甘井子的窗口。
  5. 各台电脑底部状态栏显示 在线/离线、待发送件数、最近同步时间；点击进入“同步”页。
演示数据（种子里的 30 天历史）只留在各自电脑上，不发送到中心平台；演示中新办的件会同步。

再签发注册码（如注册第四台电脑；另开终端，在本仓库目录下运行，--centre/--role 按需改）：
  ${issueCodeCommand(gateway, dataKey)}
`);
    const toggle = gatewaySwitch(gateway);
    // Line mode, not raw keys: Ctrl-C still ends the demo as promised.
    createInterface({ input: process.stdin }).on('line', (line) => {
      if (line.trim().toLowerCase() !== 'g') return;
      toggle().then(console.log, (error: unknown) => console.error(`前置服务切换失败：${error instanceof Error ? error.message : String(error)}`));
    });
  } catch (error) {
    console.error(`演示启动失败：${error instanceof Error ? error.message : String(error)}`);
    await stopAll();
    process.exit(1);
  }
}

await main();
