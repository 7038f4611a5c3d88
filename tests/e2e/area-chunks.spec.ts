import type { Page } from '@playwright/test';
import { expect, login, test } from './fixtures.ts';

/**
 * The renderer is split by area (src-renderer/src/router.ts): a clerk's browser never fetches
 * the supervisor's charts. Checked on what the browser actually fetched, by a string of ECharts'
 * own that minification keeps (the attribute it marks chart elements with); the supervisor's
 * 日志 must fetch it, or the check would prove nothing.
 */
const echartsMark = '_echarts_instance_';

/** Every script the page fetches from browser mode, with its text. */
function recordScripts(page: Page): Array<Promise<{ url: string; text: string }>> {
  const scripts: Array<Promise<{ url: string; text: string }>> = [];
  page.on('response', (response) => {
    if (!/\.js(\?|$)/.test(response.url())) return;
    scripts.push(response.text().then((text) => ({ url: response.url(), text })));
  });
  return scripts;
}

async function visitEveryArea(page: Page): Promise<string[]> {
  const menu = page.getByRole('navigation', { name: '功能区' });
  const labels = await menu.getByRole('link').allTextContents();
  for (const label of labels) {
    await menu.getByRole('link', { name: label.trim(), exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.waitForLoadState('networkidle');
  }
  return labels.map((label) => label.trim());
}

test('a clerk going through every area never fetches ECharts', async ({ page, browserMode }) => {
  const scripts = recordScripts(page);
  await login(page, browserMode, 'clerk');
  const visited = await visitEveryArea(page);
  expect(visited).toEqual(['受理', '办件', '同步']);
  const fetched = await Promise.all(scripts);
  expect(fetched.length).toBeGreaterThan(3);
  expect(fetched.filter((script) => script.text.includes(echartsMark)).map((script) => script.url)).toEqual([]);
});

test("the supervisor's 日志 fetches ECharts, in a chunk of its own", async ({ page, browserMode }) => {
  const scripts = recordScripts(page);
  await login(page, browserMode, 'supervisor');
  await page.getByRole('navigation', { name: '功能区' }).getByRole('link', { name: '日志', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('工作日志');
  await page.waitForLoadState('networkidle');
  const withCharts = (await Promise.all(scripts)).filter((script) => script.text.includes(echartsMark));
  expect(withCharts).toHaveLength(1);
  expect(withCharts[0]?.url).toMatch(/\/assets\/DailyLogView-[\w-]+\.js$/);
});
