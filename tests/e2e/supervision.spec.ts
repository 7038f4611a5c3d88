import { readFile } from 'node:fs/promises';
import { expect, login, screenshot, test } from './fixtures.ts';

test('the supervisor’s daily log: figures, charts with their numbers, tables, exports', async ({ page, browserMode }) => {
  await login(page, browserMode, 'supervisor');
  await page.getByRole('link', { name: '日志', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('工作日志');
  const dashboard = page.getByTestId('dashboard');
  await expect(dashboard.getByTestId('log-intakes').locator('.figure-value')).not.toHaveText('—');
  // Thirty days of demo history: the trend has bars, and its numbers are one click away.
  await expect(page.getByTestId('chart-trend').locator('canvas')).toBeVisible();
  await screenshot(page, 'daily-log-dashboard');

  await page.getByRole('button', { name: '近 30 天' }).click();
  await expect(page.locator('.el-loading-mask')).toHaveCount(0);
  const intakes = Number(await dashboard.getByTestId('log-intakes').locator('.figure-value').innerText());
  expect(intakes).toBeGreaterThan(50);
  await page.getByTestId('chart-trend').getByText('数据', { exact: true }).click();
  const trendRows = page.getByTestId('chart-trend-data').locator('.el-table__body tr');
  await expect(trendRows).toHaveCount(30);
  // The window table adds up to the figure above it.
  const windowCells = await page.getByTestId('log-table-windows').locator('.el-table__body tr td:nth-child(2)').allInnerTexts();
  expect(windowCells.reduce((s, v) => s + Number(v), 0)).toBe(intakes);
  await page.getByTestId('chart-ratings').getByText('数据', { exact: true }).click();
  await expect(page.getByTestId('chart-ratings-data')).toContainText('非常满意');
  await screenshot(page, 'daily-log-30-days-numbers');

  // An export is a real file download: the workbook's name names the range.
  const download = page.waitForEvent('download');
  await page.getByTestId('export-xlsx').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^综合窗口工作日志_\d{4}-\d{2}-\d{2}_至_\d{4}-\d{2}-\d{2}\.xlsx$/);
  const bytes = await readFile((await file.path()) ?? '');
  expect(bytes.subarray(0, 2).toString()).toBe('PK');
  const csv = page.waitForEvent('download');
  await page.getByTestId('export-csv').click();
  const csvBytes = await readFile((await (await csv).path()) ?? '');
  expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

  // Supervisor actions from the log: an overdue case opens with 改派 and 督办 at hand.
  const overdue = page.getByTestId('overdue-cases').locator('.el-table__body tr');
  await expect(overdue.first()).toBeVisible();
  await overdue.first().getByRole('button').first().click();
  const drawer = page.getByRole('dialog', { name: /^办件 / });
  await expect(drawer).toBeVisible();
  await expect(drawer.getByRole('group', { name: '可办理的操作' })).toContainText('改派');
  await screenshot(page, 'daily-log-overdue-case');
});

test('a scheduled-export folder that does not exist is refused with what to do', async ({ page, browserMode }) => {
  await login(page, browserMode, 'supervisor');
  await page.getByRole('link', { name: '日志', exact: true }).click();
  const panel = page.getByTestId('export-schedule');
  await panel.getByTestId('schedule-enabled').click();
  await panel.getByPlaceholder('如 D:\\日志导出 或 \\\\服务器\\共享\\日志').fill('/no/such/share');
  await panel.getByTestId('schedule-save').click();
  await expect(panel).toContainText('不存在或网络共享未连接');
  await panel.getByPlaceholder('如 D:\\日志导出 或 \\\\服务器\\共享\\日志').fill(browserMode.dataDir);
  await panel.getByPlaceholder('如 18:30').fill('25:00');
  await panel.getByTestId('schedule-save').click();
  await expect(panel).toContainText('时间格式应为');
  await panel.getByPlaceholder('如 18:30').fill('18:30');
  await panel.getByTestId('schedule-save').click();
  await expect(page.getByText('定时导出设置已保存')).toBeVisible();
  await panel.scrollIntoViewIfNeeded();
  await screenshot(page, 'daily-log-schedule');
});

test('an export with full ID numbers asks first and is named apart from a masked one', async ({ page, browserMode }) => {
  await login(page, browserMode, 'supervisor');
  await page.getByRole('link', { name: '日志', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('工作日志');
  await page.getByTestId('export-full').click();
  await page.getByTestId('export-csv').click();
  const confirm = page.getByRole('dialog', { name: '导出完整证件号' });
  await expect(confirm).toContainText('记入审计日志');
  await screenshot(page, 'export-full-confirm');
  await confirm.getByRole('button', { name: '取消' }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByText(/已导出/)).toHaveCount(0);

  const download = page.waitForEvent('download');
  await page.getByTestId('export-csv').click();
  await page.getByRole('dialog', { name: '导出完整证件号' }).getByRole('button', { name: '确认导出' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^综合窗口工作日志_\d{4}-\d{2}-\d{2}(_至_\d{4}-\d{2}-\d{2})?_完整证件号\.csv$/);
  await expect(page.getByText(/证件号码完整/)).toBeVisible();
});
