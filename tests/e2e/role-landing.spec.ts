import type { Page } from '@playwright/test';
import { residentIdCheckChar } from '../../src-main/domain/identity/resident-id.ts';
import { apiAs, expect, login, screenshot, test, type BrowserMode } from './fixtures.ts';

/**
 * Each role lands where it works (written out here, not read from the area table), its first
 * screen is kept as a picture, and the clerk sees what waits at the window: 待流转 and 待出件
 * with their counts, and after 受理 that the case must still be sent on.
 */

const landings = [
  { username: 'clerk', heading: '一窗受理', path: '#/intake' },
  { username: 'reviewer', heading: '审查', path: '#/review' },
  { username: 'supervisor', heading: '工作日志', path: '#/daily-log' },
  { username: 'admin', heading: '系统设置', path: '#/settings' },
] as const;

for (const landing of landings) {
  test(`${landing.username} lands on ${landing.heading}`, async ({ page, browserMode }) => {
    await login(page, browserMode, landing.username);
    await expect(page).toHaveURL(new RegExp(`${landing.path}$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(landing.heading);
    await expect(page.locator('main .el-alert--error')).toHaveCount(0);
    await screenshot(page, `first-screen-${landing.username}`);
  });
}

async function total(mode: BrowserMode, status: string): Promise<number> {
  return (await apiAs<{ total: number }>(mode, 'clerk', 'cases/list', { status, pageSize: 1 })).total;
}

const count = (page: Page, key: string) => page.getByTestId(`queue-${key}-count`);

test('the clerk sees 待流转 and 待出件 with their counts, and each lists its cases', async ({ page, browserMode }) => {
  const waitingToSend = await total(browserMode, 'accepted');
  const waitingToHand = await total(browserMode, 'decided');
  // The demo hall has cases at the window in both queues.
  expect(waitingToSend).toBeGreaterThan(0);
  expect(waitingToHand).toBeGreaterThan(0);

  await login(page, browserMode, 'clerk');
  await expect(count(page, 'send-on')).toHaveText(String(waitingToSend));
  await expect(count(page, 'hand-over')).toHaveText(String(waitingToHand));

  await page.getByTestId('queue-send-on').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('办件查询');
  await expect(page.locator('.el-loading-mask')).toHaveCount(0);
  await expect(page.locator('.el-pagination__total')).toHaveText(`共 ${waitingToSend} 条`);
  const statuses = await page.locator('.case-table .el-table__body td .el-tag:not(.row-tag):not(.bundle-tag)').allInnerTexts();
  expect(new Set(statuses)).toEqual(new Set(['已受理']));
  await screenshot(page, 'clerk-queue-send-on');

  await page.getByTestId('queue-hand-over').click();
  await expect(page.locator('.el-pagination__total')).toHaveText(`共 ${waitingToHand} 条`);
  const handOver = await page.locator('.case-table .el-table__body td .el-tag:not(.row-tag):not(.bundle-tag)').allInnerTexts();
  expect(new Set(handOver)).toEqual(new Set(['待出件']));
});

test('after 受理 the clerk is told to send the case on, and 立即流转 sends it to the back office', async ({ page, browserMode }) => {
  const before = await total(browserMode, 'accepted');
  await login(page, browserMode, 'clerk');
  await page.keyboard.type('食品经营许可');
  await page.keyboard.press('Enter');
  const first17 = '21021119760412771';
  await page.getByLabel('证件号码', { exact: true }).fill(first17 + residentIdCheckChar(first17));
  await page.getByLabel('姓名', { exact: true }).fill('流转提醒');
  await page.getByLabel('联系电话', { exact: true }).fill('13904115555');
  await page.getByTestId('materials-all-received').click();
  await page.keyboard.press('Control+Enter');

  const notice = page.getByTestId('send-on-notice');
  await expect(notice).toContainText('下一步：流转到部门后台');
  await expect(notice).toContainText('部门后台才能看到');
  await expect(count(page, 'send-on')).toHaveText(String(before + 1));
  await screenshot(page, 'clerk-accepted-send-on');
  const caseNumber = (await page.getByTestId('result-case-number').innerText()).trim();

  await page.getByTestId('send-on-now').click();
  await expect(notice).toContainText('已流转');
  await expect(count(page, 'send-on')).toHaveText(String(before));
  const found = await apiAs<{ rows: Array<{ caseNumber: string; status: string }> }>(browserMode, 'clerk', 'cases/list', { query: caseNumber });
  expect(found.rows.map((r) => [r.caseNumber, r.status])).toEqual([[caseNumber, 'in_review']]);
});
