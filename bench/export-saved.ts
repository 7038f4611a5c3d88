/**
 * The export as the supervisor waits for it, in Chromium against browser mode: 日志 → 近 30 天 →
 * 导出 Excel clicked, until the workbook is saved where the download goes (Playwright's
 * download.saveAs, i.e. the browser has all of it). A month of 150,000 cases.
 *
 *   export.month_150k_click_to_saved_s    the click → the file saved
 *   export.month_150k_click_to_saved_mb   memory that wait costs: the app process's peak resident
 *                                         memory above what it held before the click (both threads;
 *                                         the kernel's VmHWM, reset first) plus the browser's
 *                                         (all its processes, sampled every 50 ms)
 *
 * The older export figures (export.month_150k_xlsx_s, export.month_150k_rss_growth_mb) time only
 * writing the file inside the process; they stay, for comparison.
 */
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { chromium } from '@playwright/test';
import { dateInChina } from '../src-main/domain/time/iso-date.ts';
import { ensureBuilt, startBrowserMode } from './browser-mode.ts';
import { fill, site } from './exports.ts';
import { report } from './report.ts';
import { chromiumOptions, fillLogin, loginScreenUsable, pageOptions } from './startup-browser.ts';

/** Resident KiB of the Chromium processes below this one (the browser, its renderer, GPU and utility processes). */
function browserRssKb(root = process.pid): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const ppid = Number(/PPid:\s+(\d+)/.exec(status)?.[1]);
      const isChromium = readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('chromium');
      rss.set(Number(entry), isChromium ? Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) : 0);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // A process that ended while we read: it holds no memory any more.
    }
  }
  let total = 0;
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop() ?? 0;
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

export async function benchExportSaved(): Promise<void> {
  ensureBuilt();
  const now = new Date();
  const today = dateInChina(now);
  const services = site(now);
  const dataDir = services.env.dataDir;
  fill(services, today, 30, 5_000);
  services.close();
  const app = await startBrowserMode(dataDir);
  const browser = await chromium.launch(chromiumOptions);
  try {
    const context = await browser.newContext({ ...pageOptions, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(app.url);
    await loginScreenUsable(page);
    await fillLogin(page, 'supervisor');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByRole('navigation', { name: '功能区' }).getByRole('link', { name: '日志', exact: true }).click();
    await page.getByRole('button', { name: '近 30 天' }).click();
    await page.waitForLoadState('networkidle');
    await page.locator('.figures .el-loading-mask').waitFor({ state: 'detached', timeout: 120_000 }).catch(() => {});

    const before = app.memory();
    const peakReset = app.resetPeak();
    const browserBefore = browserRssKb();
    let browserPeak = browserBefore;
    let serverPeakSampled = before.rssKb;
    const sampler = setInterval(() => {
      browserPeak = Math.max(browserPeak, browserRssKb());
      serverPeakSampled = Math.max(serverPeakSampled, app.memory().rssKb);
    }, 50);
    const saveTo = `${dataDir}/saved-export.xlsx`;
    const t0 = performance.now();
    let savedMs: number;
    try {
      const download = page.waitForEvent('download', { timeout: 300_000 });
      await page.getByTestId('export-xlsx').click();
      await (await download).saveAs(saveTo);
      savedMs = performance.now() - t0;
    } finally {
      clearInterval(sampler);
    }
    const after = app.memory();
    const serverPeak = peakReset ? after.peakKb : serverPeakSampled;
    const serverGrowthMb = (serverPeak - before.rssKb) / 1024;
    const browserGrowthMb = (browserPeak - browserBefore) / 1024;
    const file = statSync(saveTo);
    const common = { rows: 150_000, file_mb: Number((file.size / 1_048_576).toFixed(2)), load_avg_1m: Number((loadavg()[0] ?? 0).toFixed(2)) };
    report('export.month_150k_click_to_saved_s', savedMs / 1000, 's', {
      includes: '导出 Excel clicked on 日志 (近 30 天) → exports/create over HTTP (the workbook written in the service thread) → the file handed to the browser → saved (download.saveAs)',
      budget: 15,
      ...common,
    });
    report('export.month_150k_click_to_saved_mb', serverGrowthMb + browserGrowthMb, 'MB', {
      includes: 'peak resident memory above the level before the click: the app process (both threads) plus the browser (all its processes)',
      app_process_mb: Number(serverGrowthMb.toFixed(1)),
      app_peak_from: peakReset ? 'VmHWM after clear_refs' : 'VmRSS sampled every 50 ms',
      browser_mb: Number(browserGrowthMb.toFixed(1)),
      ...common,
    });
    await context.close();
  } finally {
    await browser.close();
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
