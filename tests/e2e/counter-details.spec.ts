import type { Locator, Page } from '@playwright/test';
import { residentIdCheckChar } from '../../src-main/domain/identity/resident-id.ts';
import { apiAs, expect, login, screenshot, test } from './fixtures.ts';

/**
 * What issue 15 found wrong at the window once a decided case comes back: the clerk hands it
 * over, closes it and records the applicant's rating through the screen; then the drawer must
 * name the applicant (not the clerk) as the one who rated, the 办理 panel must no longer say
 * 已决定, and the department must show by name, not by code.
 */

const actionsOf = (drawer: Locator) => drawer.getByRole('group', { name: '可办理的操作' });

async function act(page: Page, drawer: Locator, label: string, fill?: (dialog: Locator) => Promise<void>): Promise<void> {
  await actionsOf(drawer).getByRole('button', { name: label, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: label, exact: true });
  await expect(dialog).toBeVisible();
  await fill?.(dialog);
  await dialog.getByRole('button', { name: `确定${label}` }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`「${label}」已办理。`).last()).toBeVisible();
  await expect(page.locator('.el-loading-mask')).toHaveCount(0);
}

test('a decided case handed over, closed and rated at the window: the applicant rated, no 已决定 left, the department by name', async ({ page, browserMode }) => {
  // A demo case the back office decided, waiting at the window (one matter, not a 一件事).
  const decided = await apiAs<{ rows: Array<{ id: string; caseNumber: string | null; isBundle: boolean; departmentCode: string; departmentName: string }> }>(
    browserMode,
    'clerk',
    'cases/list',
    { status: 'decided', page: 1, pageSize: 20 },
  );
  const target = decided.rows.find((row) => !row.isBundle && row.caseNumber);
  if (!target?.caseNumber) throw new Error('the demo history has no decided single-matter case');
  const caseNumber = target.caseNumber;

  await login(page, browserMode, 'clerk');
  await page.getByRole('link', { name: '办件', exact: true }).click();
  const box = page.getByLabel('查找办件');
  await box.fill(caseNumber);
  await box.press('Enter');
  const drawer = page.getByRole('dialog', { name: `办件 ${caseNumber}` });
  await expect(drawer.getByTestId('case-actions')).toBeVisible();
  await expect(page.locator('.el-loading-mask')).toHaveCount(0);

  // The department by its name, never its code.
  // (The matter's code, GJZ-SW-0001, begins with the department's: only the 实施部门 item is looked at.)
  const department = drawer.locator('.el-descriptions__label', { hasText: '实施部门' }).locator('xpath=following-sibling::*[1]');
  await expect(department).toHaveText(target.departmentName);
  await expect(department).not.toContainText(target.departmentCode);
  // Waiting for hand-over, the panel says so.
  await expect(drawer.getByTestId('case-queue')).toHaveText('已决定');

  const first17 = '21021119900101123';
  await act(page, drawer, '出件', async (dialog) => {
    await dialog.getByLabel('领取人姓名').fill('领取人');
    await dialog.getByLabel('领取人身份证号码').fill(first17 + residentIdCheckChar(first17));
  });
  await act(page, drawer, '办结');
  await expect(drawer.locator('.case-facts')).toContainText('办结');
  // Closed: the decided queue was work waiting, and nothing waits now.
  await expect(drawer.getByTestId('case-actions')).not.toContainText('已决定');
  await expect(drawer.getByTestId('case-queue')).toHaveCount(0);

  // The applicant rates at the evaluator (a dialog in browser mode); the clerk's window records it.
  await actionsOf(drawer).getByRole('button', { name: '评价', exact: true }).click();
  const rating = page.getByRole('dialog', { name: '好差评' });
  await rating.getByRole('radio', { name: '满意', exact: true }).click();
  await rating.getByRole('button', { name: '提交评价' }).click();
  await rating.getByRole('button', { name: '完成' }).click();
  await expect(rating).toBeHidden();
  await expect(drawer.getByTestId('case-rating')).toContainText('满意');

  const rated = drawer.locator('.el-timeline-item[data-event-type="rating.given"]');
  await expect(rated).toHaveCount(1);
  const who = rated.locator('.event-head');
  await expect(who).toContainText('好差评');
  await expect(who).toContainText('申请人（由 王芳 的窗口录入）');
  await expect(who).not.toContainText('王芳（综合窗口受理人员）');
  await rated.scrollIntoViewIfNeeded();
  await screenshot(page, 'counter-closed-rated-drawer');
});

test('a 即办件 accepted on an earlier day and still in review reads 超期 in its drawer, not 「—」', async ({ page, browserMode }) => {
  // A 即办件 is due the day it is accepted; the demo history leaves some in review since then.
  const inReview = await apiAs<{ rows: Array<{ caseNumber: string | null; isBundle: boolean; departmentCode: string; acceptedAt: string | null; dueDate: string | null; assigneeName: string | null }> }>(
    browserMode,
    'supervisor',
    'cases/list',
    { status: 'in_review', page: 1, pageSize: 100 },
  );
  const chinaDate = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
  const today = chinaDate(new Date().toISOString());
  // Claimed by a reviewer, so it waits in 审查中 (an unclaimed one is in 待审).
  const target = inReview.rows.find(
    (row) => !row.isBundle && row.caseNumber && row.assigneeName && row.acceptedAt && row.dueDate === chinaDate(row.acceptedAt) && row.dueDate < today,
  );
  if (!target?.caseNumber) throw new Error('the demo history has no claimed 即办件 left in review since an earlier day');
  const caseNumber = target.caseNumber;
  const reviewer = target.departmentCode === 'GJZ-SCJG' ? 'reviewer' : `reviewer-${target.departmentCode.toLowerCase()}`;

  // The department's reviewer lands on 审查; the case waits in 审查中 with its 期限 tag.
  await login(page, browserMode, reviewer);
  await page.getByTestId('queue-tab-审查中').click();
  const row = page.locator('.review-table .el-table__body tr', { hasText: caseNumber });
  await expect(row.getByTestId('time-tag')).toHaveText(/^超期 \d+ 天$/);
  await row.click();
  const drawer = page.getByRole('dialog', { name: `办件 ${caseNumber}` });
  const time = drawer.getByTestId('case-time');
  await expect(time).toContainText(target.dueDate ?? '');
  await expect(time).toContainText(/已超期 \d+ 个?工作日/);
  await expect(time).not.toContainText('—');
  await screenshot(page, 'counter-immediate-overdue-drawer');
});
