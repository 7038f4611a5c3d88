import { readFile } from 'node:fs/promises';
import { expect, screenshot, test } from './fixtures.ts';

// A new PC with neither a site file nor the demo: nobody can log in until the wizard has run.
test.use({ browserModeArgs: ['--no-demo'] });

test('the first run: the wizard configures the centre and window, makes the admin, and the admin screen shows where each value came from', async ({ page, browserMode }) => {
  await page.goto(browserMode.url);
  await expect(page.getByTestId('first-run')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('本机没有站点文件')).toBeVisible();
  await screenshot(page, 'deploy-first-run-empty');

  await page.getByTestId('setup-centre-name').fill('大连市甘井子区政务服务中心');
  await page.getByTestId('setup-region').fill('21021');
  await page.getByTestId('setup-window-number').fill('01');
  await page.getByTestId('setup-window-name').fill('综合窗口一');
  await page.getByTestId('setup-device-code').fill('g1');
  await page.getByTestId('setup-gateway').fill('https://gw.gjz.example.gov.cn/');
  await page.getByTestId('setup-username').fill('itadmin');
  await page.getByTestId('setup-display-name').fill('信息科王工');
  await page.getByTestId('setup-password').fill('Hall#Admin2026');
  await page.getByTestId('setup-password-again').fill('Hall#Admin2026');
  await page.getByTestId('setup-submit').click();
  // The site file's own rules, in Chinese, at each field; nothing is sent.
  await expect(page.getByText('区划代码应为 6 位数字（GB/T 2260），如 "210211"')).toBeVisible();
  await expect(page.getByText('设备代码应为 3 位大写字母或数字')).toBeVisible();
  await screenshot(page, 'deploy-first-run-errors');

  await page.getByTestId('setup-region').fill('210211');
  await page.getByTestId('setup-device-code').fill('G01');
  await page.getByTestId('setup-submit').click();
  // Logged in as the new admin, who lands at 设置.
  await expect(page.getByRole('navigation', { name: '功能区' })).toBeVisible({ timeout: 45_000 });
  const config = page.getByTestId('site-config');
  await expect(config).toContainText('本机没有站点文件');
  const table = page.getByTestId('site-config-table');
  await expect(table.locator('tr', { hasText: '服务中心' })).toContainText('大连市甘井子区政务服务中心');
  await expect(page.getByTestId('source-centre.name')).toHaveText('本机设置');
  await expect(page.getByTestId('source-gateway.url')).toHaveText('本机设置');
  await expect(table.locator('tr', { hasText: '前置服务地址' })).toContainText('https://gw.gjz.example.gov.cn/');
  await expect(table.locator('tr', { hasText: '本机窗口' }).first()).toContainText('综合窗口一（01，设备代码 G01）');
  await expect(page.getByTestId('source-session.idleMinutes')).toHaveText('默认值');
  // Registration with the central platform starts from the address the wizard was given: only the code is left to type.
  await expect(page.getByTestId('sync-gateway-url')).toHaveValue('https://gw.gjz.example.gov.cn/');

  // The kiosk switch: kept on this PC; in browser mode the page says where it takes effect.
  await expect(page.getByTestId('site-kiosk-note')).toContainText('在柜台电脑的一窗通桌面程序下次启动时生效');
  await expect(page.getByTestId('source-kiosk.enabled')).toHaveText('默认值');
  await page.getByTestId('site-kiosk').click();
  await expect(page.getByText('已开启窗口全屏，下次启动时生效。')).toBeVisible();
  await expect(page.getByTestId('source-kiosk.enabled')).toHaveText('本机设置');
  await expect(table.locator('tr', { hasText: '窗口全屏' })).toContainText('开');

  // One button: the diagnostic bundle as a download, with the configuration and its sources, no password.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('diagnostics-bundle').click()]);
  expect(download.suggestedFilename()).toMatch(/^onewindow-diagnostics-.+\.json$/);
  const bundle = await readFile(await download.path(), 'utf8');
  expect(bundle).not.toContain('Hall#Admin2026');
  const parsed = JSON.parse(bundle) as { configuration: { values: Array<{ key: string; source: string }> }; audit: { ok: boolean } };
  expect(parsed.configuration.values.find((v) => v.key === 'centre.name')?.source).toBe('local');
  expect(parsed.audit.ok).toBe(true);
  await expect(page.getByText(/诊断包已生成/)).toBeVisible();
  await screenshot(page, 'deploy-effective-config');

  // The wizard is closed for good: the address leads to the login screen.
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.goto(`${new URL(browserMode.url).origin}/#/setup`);
  await expect(page.getByRole('button', { name: '登录', exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('first-run')).toHaveCount(0);
});
