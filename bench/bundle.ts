/**
 * What each area of the renderer makes the browser load, measured in Chromium against browser
 * mode (the built, minified renderer): the JavaScript and CSS files fetched on the way to each
 * screen that were not fetched before it, with their size as built and gzipped (level 6, what a
 * web server would send; browser mode and Electron read them from disk unzipped).
 *
 *   bundle.login_screen_kb   opening the app up to a usable login screen (gzipped KiB; raw beside)
 *   bundle.<area>_kb         entering the area after the screens before it: a clerk logs in
 *                            (landing on 受理), opens 办件; a supervisor then logs in (landing on
 *                            日志: what that landing fetched counts as 日志's), opens 审查 and 设置
 *   bundle.clerk_loads_echarts  1 if anything a clerk loads carries ECharts (it should not)
 *
 * Which chunk holds which packages comes from out/renderer-chunks.json (electron.vite.config.ts).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from '@playwright/test';
import { ensureBuilt, outDir, startBrowserMode } from './browser-mode.ts';
import { report } from './report.ts';
import { chromiumOptions, fillLogin, loginScreenUsable, pageOptions } from './startup-browser.ts';

type ChunkMap = Record<string, { bytes: number; packages: string[]; folders: string[]; isEntry: boolean }>;

const chartPackages = ['echarts', 'zrender', 'vue-echarts'];
const kib = (bytes: number) => Number((bytes / 1024).toFixed(1));

interface Step {
  name: string;
  files: string[];
  /** The role landed here after login: the files are what the login fetched on its way there. */
  landed?: boolean;
}

function sizes(files: readonly string[], chunks: ChunkMap) {
  let raw = 0;
  let gzip = 0;
  const packages = new Set<string>();
  for (const file of files) {
    const bytes = readFileSync(join(outDir, 'renderer', file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 6 }).length;
    for (const pkg of chunks[file]?.packages ?? []) packages.add(pkg);
  }
  return { raw, gzip, charts: chartPackages.some((p) => packages.has(p)) };
}

/** Records the renderer's JS and CSS files as the page fetches them; `take()` returns those since the last call. */
function recordAssets(page: Page, origin: string): { take(): string[] } {
  const seen = new Set<string>();
  let fresh: string[] = [];
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.origin !== origin || !/\.(js|css)$/.test(url.pathname)) return;
    const file = url.pathname.replace(/^\//, '');
    if (seen.has(file)) return;
    seen.add(file);
    fresh.push(file);
  });
  return {
    take: () => {
      const out = fresh;
      fresh = [];
      return out;
    },
  };
}

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.locator('.el-loading-mask').first().waitFor({ state: 'detached' }).catch(() => {});
}

export async function benchBundle(): Promise<void> {
  ensureBuilt();
  const chunks: ChunkMap = existsSync(join(outDir, 'renderer-chunks.json')) ? (JSON.parse(readFileSync(join(outDir, 'renderer-chunks.json'), 'utf8')) as ChunkMap) : {};
  // The sizes do not depend on the data: a fresh demo store is enough.
  const dataDir = mkdtempSync(join(tmpdir(), 'onewindow-bench-bundle-'));
  const app = await startBrowserMode(dataDir);
  const browser = await chromium.launch(chromiumOptions);
  const steps: Step[] = [];
  try {
    // The area where the role landed after login was loaded by the login: its files are the landing's.
    let landing: { heading: string; files: string[] } | null = null;
    const area = async (page: Page, assets: { take(): string[] }, name: string, link: string, heading: string) => {
      await page.getByRole('navigation', { name: '功能区' }).getByRole('link', { name: link, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await settle(page);
      const files = assets.take();
      const landed = landing?.heading === heading;
      steps.push({ name, files: landed && landing ? [...landing.files, ...files] : files, landed });
    };
    // A clerk: the login screen, the landing area (受理), then 办件.
    const clerk = await browser.newContext(pageOptions);
    const page = await clerk.newPage();
    const assets = recordAssets(page, app.origin);
    await page.goto(app.url);
    await loginScreenUsable(page);
    await settle(page);
    steps.push({ name: 'login_screen', files: assets.take() });
    await fillLogin(page, 'clerk');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByRole('navigation', { name: '功能区' }).waitFor();
    await settle(page);
    steps.push({ name: 'intake', files: assets.take() });
    await area(page, assets, 'cases', '办件', '办件查询');
    await clerk.close();
    const clerkFiles = steps.flatMap((s) => s.files);

    // A supervisor, in a browser that has already loaded what the clerk's screens need.
    const supervisor = await browser.newContext(pageOptions);
    const sPage = await supervisor.newPage();
    const sAssets = recordAssets(sPage, app.origin);
    await sPage.goto(app.url);
    await loginScreenUsable(sPage);
    await fillLogin(sPage, 'supervisor');
    await sPage.getByRole('button', { name: '登录', exact: true }).click();
    await sPage.getByRole('navigation', { name: '功能区' }).waitFor();
    await settle(sPage);
    // A supervisor lands on 日志: what that landing fetched is 日志's, not nothing.
    const landingHeading = sPage.getByRole('heading', { level: 1 }).first();
    await landingHeading.waitFor();
    landing = { heading: (await landingHeading.textContent())?.trim() ?? '', files: sAssets.take() };
    await area(sPage, sAssets, 'cases', '办件', '办件查询');
    sAssets.take();
    steps.pop();
    const already = new Set(clerkFiles);
    const newOnly = (s: Step) => ({ ...s, files: s.files.filter((f) => !already.has(f)) });
    await area(sPage, sAssets, 'review', '审查', '审查');
    await area(sPage, sAssets, 'daily_log', '日志', '工作日志');
    await area(sPage, sAssets, 'settings', '设置', '系统设置');
    await supervisor.close();
    for (let i = steps.length - 3; i < steps.length; i++) steps[i] = newOnly(steps[i] as Step);

    for (const step of steps) {
      const s = sizes(step.files, chunks);
      report(`bundle.${step.name}_kb`, kib(s.gzip), 'KiB', {
        includes:
          step.name === 'login_screen'
            ? 'JS + CSS fetched from opening the app to a usable login screen, gzipped'
            : `JS + CSS first fetched on entering this area (not counting what earlier screens loaded)${step.landed ? ', here the landing after login' : ''}, gzipped`,
        raw_kb: kib(s.raw),
        files: step.files,
        carries_echarts: s.charts,
      });
    }
    const clerkSizes = sizes(clerkFiles, chunks);
    report('bundle.clerk_loads_echarts', clerkSizes.charts ? 1 : 0, 'bool', {
      includes: 'every JS file a clerk fetches (login, 受理, 办件) checked against the chunk map for echarts, zrender, vue-echarts',
      clerk_total_kb: kib(clerkSizes.gzip),
      clerk_total_raw_kb: kib(clerkSizes.raw),
      chunks_with_charts: Object.entries(chunks).filter(([, c]) => chartPackages.some((p) => c.packages.includes(p))).map(([file]) => file),
    });
  } finally {
    await browser.close();
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
