import type { Page } from '@playwright/test';
import { expect, login, screenshot, test } from './fixtures.ts';

const table = (page: Page) => page.locator('.case-table .el-table__body');
const applicantCells = (page: Page) => table(page).locator('td.applicant-cell');

async function showAll(page: Page): Promise<void> {
  await page.locator('.el-pagination__sizes .el-select').click();
  await page.getByRole('option', { name: '100条/页' }).click();
  await expect(page.locator('.el-loading-mask')).toHaveCount(0);
}

async function filterByApplicant(page: Page, prefix: string): Promise<void> {
  const box = page.getByLabel('查找办件');
  await box.fill(prefix);
  await box.press('Enter');
  await expect(page.locator('.el-loading-mask')).toHaveCount(0);
}

test('the case list shows demo cases, and rare and odd names exactly as stored', async ({ page, browserMode }) => {
  await login(page, browserMode, 'clerk');
  await page.getByRole('link', { name: '办件', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('办件查询');
  await expect(table(page).locator('tr').first()).toContainText('演示');

  await showAll(page);
  const names = await applicantCells(page).allInnerTexts();
  // Characters outside the BMP (𠮷), CJK extension A (䶮) and a 64-stroke one (龘), byte for byte;
  // and markup in a name is text, never HTML.
  for (const name of ['𠮷田春', '王䶮', '龘龙', "O'Brien 林", '<b>周</b>杰']) {
    expect(names.map((n) => n.trim())).toContain(name);
  }
  await expect(table(page).locator('b')).toHaveCount(0);
  await screenshot(page, 'cases-all');

  // The applicant filter is a prefix match, also for a character outside the BMP.
  await filterByApplicant(page, '𠮷');
  const filtered = (await applicantCells(page).allInnerTexts()).map((n) => n.trim());
  expect(filtered.length).toBeGreaterThan(0);
  expect(new Set(filtered)).toEqual(new Set(['𠮷田春']));
  await filterByApplicant(page, '王');
  const wang = (await applicantCells(page).allInnerTexts()).map((n) => n.trim());
  expect(wang).toContain('王䶮');
  expect(wang.every((name) => name.startsWith('王'))).toBe(true);
  await screenshot(page, 'cases-filter-wang');
});

test('filtering by status shows only that status; paging moves through the list', async ({ page, browserMode }) => {
  await login(page, browserMode, 'reviewer');
  await page.getByRole('link', { name: '办件', exact: true }).click();
  // The visible box of el-select sits over its input: click the box, as a person would.
  await page.locator('.filter-status .el-select__wrapper').click();
  await page.getByRole('option', { name: '一次性告知', exact: true }).click();
  await expect(page.locator('.el-loading-mask')).toHaveCount(0);
  const statuses = await table(page).locator('td .el-tag:not(.row-tag):not(.bundle-tag)').allInnerTexts();
  expect(statuses.length).toBeGreaterThan(0);
  expect(new Set(statuses)).toEqual(new Set(['一次性告知']));

  await page.getByRole('button', { name: '重置' }).click();
  await expect(page.locator('.el-loading-mask')).toHaveCount(0);
  const firstPage = await table(page).locator('tr').first().innerText();
  await page.locator('.el-pager li', { hasText: /^2$/ }).click();
  await expect(page.locator('.el-pager li.is-active')).toHaveText('2');
  await expect(table(page).locator('tr').first()).not.toHaveText(firstPage);
});

test('opening a case shows its details and timeline; a note is added to the timeline', async ({ page, browserMode }) => {
  await login(page, browserMode, 'clerk');
  await page.getByRole('link', { name: '办件', exact: true }).click();
  await filterByApplicant(page, '龘');
  const firstRow = table(page).locator('tr').first();
  const caseNumber = (await firstRow.locator('.case-number').innerText()).trim();
  // The case number is a button: the row opens from the keyboard too.
  await firstRow.locator('.case-number').focus();
  await page.keyboard.press('Enter');

  const drawer = page.getByRole('dialog', { name: `办件 ${caseNumber}` });
  await expect(drawer).toBeVisible();
  await expect(drawer.locator('.case-facts')).toContainText('龘龙');
  await expect(drawer.getByRole('heading', { name: '办理记录' })).toBeVisible();

  // Browser mode has no OS keystore: the key-file fallback is said on every screen.
  await expect(page.getByTestId('status-key-file')).toBeVisible();
  // Personal data is masked until asked for; the full view is one audited click away.
  const idNumber = drawer.getByTestId('fact-id-number');
  await expect(idNumber).toHaveText(/^\d{4}\*{10}[\dX]{4}$/);
  await drawer.getByTestId('reveal-personal').click();
  await expect(idNumber).toHaveText(/^\d{17}[\dX]$/);
  await expect(drawer.locator('.case-facts')).toContainText('本次查看已记入审计日志');
  await screenshot(page, 'case-detail-revealed');
  await drawer.getByRole('button', { name: '重新遮挡' }).click();
  await expect(idNumber).toHaveText(/\*{10}/);
  await expect(drawer.locator('.el-timeline-item').first()).toBeVisible();

  // Blank: refused at the field, with the API table's own message.
  const noteBox = drawer.getByLabel('备注内容');
  await noteBox.fill('   ');
  await drawer.getByRole('button', { name: '添加备注' }).click();
  await expect(drawer.locator('.el-form-item__error')).toHaveText('备注不能为空');

  const note = `已电话告知申请人携带原件 𠮷 ${Date.now()}`;
  await noteBox.fill(note);
  await noteBox.press('Enter');
  await expect(page.getByText('备注已添加。')).toBeVisible();
  const newest = drawer.locator('.el-timeline-item').first();
  await expect(newest).toContainText('备注');
  await expect(newest).toContainText(note);
  await expect(newest).toContainText('王芳（综合窗口受理人员）');
  await expect(noteBox).toHaveValue('');
  await expect(drawer.locator('.el-form-item__error')).toHaveCount(0);
  await screenshot(page, 'case-detail-note');

  // Still there when the case is opened again (it was stored, not just drawn).
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await firstRow.locator('.case-number').click();
  await expect(page.getByRole('dialog', { name: `办件 ${caseNumber}` }).locator('.el-timeline')).toContainText(note);
});

test('a 一件事 bundle lists its matters, each opening its own case', async ({ page, browserMode }) => {
  await login(page, browserMode, 'supervisor');
  await page.getByRole('link', { name: '办件', exact: true }).click();
  await showAll(page);
  const bundleRow = table(page).locator('tr', { has: page.locator('.bundle-tag') }).first();
  await bundleRow.locator('.case-number').click();
  const drawer = page.locator('.el-drawer');
  await expect(drawer.getByRole('heading', { name: '一件事包含的事项' })).toBeVisible();
  await expect(drawer.getByRole('heading', { name: '材料' })).toBeVisible();
  await screenshot(page, 'case-detail-bundle');
  const child = drawer.locator('.case-children li').first();
  const childNumber = (await child.locator('.mono').innerText()).trim();
  await child.getByRole('button').click();
  await expect(page.getByRole('dialog', { name: `办件 ${childNumber}` })).toBeVisible();
  await expect(drawer.getByRole('button', { name: '查看一件事' })).toBeVisible();
});
