import type { Page } from '@playwright/test';
import { creditCodeCheckChar } from '../../src-main/domain/identity/credit-code.ts';
import { residentIdCheckChar } from '../../src-main/domain/identity/resident-id.ts';
import { apiAs, expect, login, screenshot, test, type BrowserMode } from './fixtures.ts';

/**
 * Finding a case: the one search box of 办件 recognises what was typed or scanned (a scanner is
 * a keyboard that types fast and ends with Enter), and F2 or a scan with no field focused opens
 * a case from a notice on any screen. The cases looked for are made here through the API, so
 * their full ID number, credit code and phone are known to the test.
 */

const matterCode = 'GJZ-SCJG-0004';

interface Made {
  caseId: string;
  caseNumber: string;
}

async function acceptFor(mode: BrowserMode, applicant: Record<string, unknown>): Promise<Made> {
  const checklist = await apiAs<{ materials: Array<{ key: string }> }>(mode, 'clerk', 'catalogue/checklist', { target: { kind: 'matter', matterCode } });
  return apiAs<Made>(mode, 'clerk', 'intake/accept', {
    target: { kind: 'matter', matterCode },
    applicant,
    channel: 'window',
    materials: checklist.materials.map((m) => ({ key: m.key, status: 'received' })),
  });
}

const idFirst17 = '21021119850315127';
const idNumber = idFirst17 + residentIdCheckChar(idFirst17);
const creditFirst17 = '91210211MA0QW8E2X';
const creditCode = creditFirst17 + creditCodeCheckChar(creditFirst17);

const drawerOf = (page: Page, caseNumber: string) => page.getByRole('dialog', { name: `办件 ${caseNumber}` });
const box = (page: Page) => page.getByLabel('查找办件');
const rows = (page: Page) => page.locator('.case-table .el-table__body tr');

async function openCases(page: Page): Promise<void> {
  await page.getByRole('link', { name: '办件', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('办件查询');
  await expect(page.locator('.el-loading-mask')).toHaveCount(0);
}

/** Typed by hand: a pause between keys, then 查询. */
async function typeAndSearch(page: Page, text: string): Promise<void> {
  await box(page).fill('');
  await box(page).pressSequentially(text, { delay: 15 });
  await page.getByRole('button', { name: '查询', exact: true }).click();
  await expect(page.locator('.el-loading-mask')).toHaveCount(0);
}

/** Scanned: every character at once, then the Enter the scanner sends. */
async function scanInto(page: Page, text: string): Promise<void> {
  await box(page).fill('');
  await box(page).focus();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await expect(page.locator('.el-loading-mask')).toHaveCount(0);
}

let person: Made;
let enterprise: Made;

test.beforeAll(async ({ browserMode }) => {
  person = await acceptFor(browserMode, { type: 'individual', name: '𠮷查找', idType: 'resident_id', idNumber, phone: '13904116789' });
  enterprise = await acceptFor(browserMode, {
    type: 'enterprise',
    name: '大连查找测试有限公司',
    creditCode,
    legalRepresentative: '赵查',
    phone: '0411-87654321',
  });
});

test('the case list box: a case number typed or scanned opens that case', async ({ page, browserMode }) => {
  await login(page, browserMode, 'clerk');
  await openCases(page);
  await expect(box(page)).toBeFocused();

  await box(page).pressSequentially(person.caseNumber.toLowerCase(), { delay: 10 });
  await expect(page.getByTestId('case-search-kind')).toHaveText('按办件编号查找');
  await box(page).press('Enter');
  await expect(drawerOf(page, person.caseNumber)).toBeVisible();
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText(person.caseNumber);
  await screenshot(page, 'find-case-number-typed');
  await page.keyboard.press('Escape');
  await expect(drawerOf(page, person.caseNumber)).toBeHidden();

  await scanInto(page, enterprise.caseNumber);
  await expect(drawerOf(page, enterprise.caseNumber)).toBeVisible();
  await page.keyboard.press('Escape');

  // One wrong character: refused at the box, nothing opened, the list not replaced.
  const last = person.caseNumber.slice(-1);
  const misread = person.caseNumber.slice(0, -1) + (last === '0' ? '1' : '0');
  await scanInto(page, misread);
  await expect(page.locator('.filter-query-item .el-form-item__error')).toContainText('办件编号校验不通过');
  await expect(page.getByRole('dialog', { name: /^办件 / })).toHaveCount(0);
  await screenshot(page, 'find-case-number-misread');
});

test('the case list box: ID number, credit code, phone and name, typed and scanned', async ({ page, browserMode }) => {
  await login(page, browserMode, 'clerk');
  await openCases(page);

  const kinds: Array<{ text: string; kind: string; expect: Made }> = [
    { text: idNumber, kind: '身份证号', expect: person },
    { text: creditCode, kind: '统一社会信用代码', expect: enterprise },
    { text: '13904116789', kind: '联系电话', expect: person },
    { text: '0411-87654321', kind: '联系电话', expect: enterprise },
    { text: '𠮷查', kind: '申请人姓名', expect: person },
  ];
  for (const { text, kind, expect: made } of kinds) {
    await typeAndSearch(page, text);
    await expect(page.getByTestId('case-search-kind')).toHaveText(`按${kind}查找`);
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).first()).toContainText(made.caseNumber);
    await scanInto(page, text);
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).first()).toContainText(made.caseNumber);
  }
  await screenshot(page, 'find-case-by-name');

  // Lowercase x in an ID number and spaces in a grouped number are the same number.
  await typeAndSearch(page, `${idNumber.slice(0, 6)} ${idNumber.slice(6, 14)} ${idNumber.slice(14)}`);
  await expect(page.getByTestId('case-search-kind')).toHaveText('按身份证号查找');
  await expect(rows(page).first()).toContainText(person.caseNumber);
});

test('from any screen: F2 opens the scan box, and a scan with no field focused opens the case', async ({ page, browserMode }) => {
  await login(page, browserMode, 'clerk');
  // The clerk is at 受理 with the 事项 box focused.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('一窗受理');
  await page.keyboard.press('F2');
  const finder = page.getByRole('dialog', { name: '扫码查件' });
  await expect(finder).toBeVisible();
  await expect(page.getByTestId('finder-box')).toBeFocused();
  await page.keyboard.type(person.caseNumber);
  await page.keyboard.press('Enter');
  await expect(finder).toBeHidden();
  await expect(drawerOf(page, person.caseNumber)).toBeVisible();
  await screenshot(page, 'find-case-f2-from-intake');
  await page.keyboard.press('Escape');
  await expect(drawerOf(page, person.caseNumber)).toBeHidden();
  // Still at 受理, nothing typed into its form.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('一窗受理');

  // A misread number is said in the box, which stays open for another scan.
  await page.keyboard.press('F2');
  await expect(page.getByTestId('finder-box')).toBeFocused();
  await page.keyboard.type(person.caseNumber.slice(0, -1) + (person.caseNumber.endsWith('0') ? '1' : '0'));
  await page.keyboard.press('Enter');
  await expect(finder.locator('.el-form-item__error')).toContainText('办件编号校验不通过');
  await page.keyboard.press('Escape');
  await expect(finder).toBeHidden();

  // Anything else found by the box goes to the case list with the search done.
  await page.keyboard.press('F2');
  await expect(page.getByTestId('finder-box')).toBeFocused();
  await page.keyboard.type(creditCode);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('办件查询');
  await expect(box(page)).toHaveValue(creditCode);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText(enterprise.caseNumber);

  // No field focused (the heading clicked): the scanner's keystrokes open the case directly.
  await page.getByRole('heading', { level: 1 }).click();
  await page.keyboard.type(enterprise.caseNumber);
  await page.keyboard.press('Enter');
  await expect(drawerOf(page, enterprise.caseNumber)).toBeVisible();
  await screenshot(page, 'find-case-scan-anywhere');
});
