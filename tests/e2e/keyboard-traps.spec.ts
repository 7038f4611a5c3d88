import type { Locator, Page } from '@playwright/test';
import { residentIdCheckChar } from '../../src-main/domain/identity/resident-id.ts';
import { apiAs, expect, login, screenshot, test } from './fixtures.ts';

/**
 * The intake screen at the speed of a clerk's hands: what Enter picks, what a shortcut does
 * before it asks, and that nothing typed is lost to the Tab order or saved by a slip.
 */

const field = (page: Page, label: string): Locator => page.getByLabel(label, { exact: true });

function residentId(first17: string): string {
  return first17 + residentIdCheckChar(first17);
}

async function openIntake(page: Page, browserMode: Parameters<typeof login>[1]): Promise<void> {
  await login(page, browserMode, 'clerk');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('一窗受理');
  await expect(page.getByTestId('matter-select').locator('input')).toBeFocused();
}

test('typing a matter’s name and Enter picks that matter, not a bundle that contains it', async ({ page, browserMode }) => {
  await openIntake(page, browserMode);
  await page.keyboard.type('社会保障卡');
  // The single matter's group comes first, and its option is the one highlighted.
  await expect(page.locator('.matter-popper .el-select-group__title').first()).toHaveText('单项事项');
  await screenshot(page, 'traps-matter-picker');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('matter-select')).toContainText('社会保障卡申领');
  await expect(page.getByTestId('matter-summary')).toContainText('GJZ-RS-0004');
  await expect(page.getByTestId('bundle-matters')).toHaveCount(0);

  // A bundle typed by its own name is still picked first.
  await page.getByTestId('matter-select').locator('.el-select__wrapper').click();
  await page.keyboard.type('新生儿');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('matter-select')).toContainText('新生儿出生一件事');
});

test('Ctrl+Enter on a bundle says what it will create and creates nothing until confirmed', async ({ page, browserMode }) => {
  await openIntake(page, browserMode);
  await page.keyboard.type('新生儿出生');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('bundle-matters').locator('tbody tr')).toHaveCount(5);
  await field(page, '证件号码').fill(residentId('21021119910611223'));
  await field(page, '姓名').fill('周敏');
  await field(page, '联系电话').fill('13904117788');
  await page.getByTestId('materials-all-received').click();
  const before = await apiAs<{ total: number }>(browserMode, 'clerk', 'cases/list', { query: '周敏' });

  await page.keyboard.press('Control+Enter');
  const preview = page.getByTestId('decision-preview');
  await expect(preview).toContainText('将生成 1 个一件事总件和 5 个事项办件');
  for (const matter of ['出生医学证明首次签发', '预防接种证办理', '出生登记（新生儿入户）', '城乡居民基本医疗保险参保登记', '社会保障卡申领']) {
    await expect(preview).toContainText(matter);
  }
  await screenshot(page, 'traps-bundle-confirm');
  // Stepping back leaves the form as it was and nothing created.
  await page.getByRole('button', { name: '返回修改' }).click();
  await expect(preview).toBeHidden();
  await expect(page.getByTestId('intake-result')).toHaveCount(0);
  await expect(field(page, '姓名')).toHaveValue('周敏');
  expect((await apiAs<{ total: number }>(browserMode, 'clerk', 'cases/list', { query: '周敏' })).total).toBe(before.total);

  await page.keyboard.press('Control+Enter');
  await page.getByRole('button', { name: '确认受理（6 个办件）' }).click();
  await expect(page.getByTestId('result-children').locator('tbody tr')).toHaveCount(5);
});

test('Alt+G asks before issuing a one-time notice, naming the missing materials', async ({ page, browserMode }) => {
  await openIntake(page, browserMode);
  await page.keyboard.type('居民身份证换领');
  await page.keyboard.press('Enter');
  await field(page, '证件号码').fill(residentId('21020419770808113'));
  await field(page, '姓名').fill('孙丽');
  await field(page, '联系电话').fill('13904117799');
  const rows = page.getByTestId('material-row');
  await rows.nth(0).locator('.el-radio', { hasText: '已收取' }).click();
  await rows.nth(1).locator('.el-radio', { hasText: '缺失' }).click();
  await rows.nth(2).locator('.el-radio', { hasText: '已收取' }).click();

  await page.keyboard.press('Alt+g');
  const preview = page.getByTestId('decision-preview');
  await expect(preview).toContainText('告知申请人补齐以下 1 项材料');
  await expect(preview).toContainText('居民户口簿');
  await screenshot(page, 'traps-notice-confirm');
  await page.keyboard.press('Escape');
  await expect(preview).toBeHidden();
  await expect(page.getByTestId('intake-result')).toHaveCount(0);

  await page.keyboard.press('Alt+g');
  await page.getByRole('button', { name: '确认出具' }).click();
  await expect(page.getByTestId('intake-result')).toContainText('一次性告知');
});

test('a returning applicant: Tab from 姓名 goes to 联系电话, and 填入以往信息 keeps what was typed', async ({ page, browserMode }) => {
  const idNumber = residentId('21021119790101334');
  const checklist = await apiAs<{ materials: Array<{ key: string }> }>(browserMode, 'clerk', 'catalogue/checklist', {
    target: { kind: 'matter', matterCode: 'GJZ-GA-0004' },
  });
  await apiAs(browserMode, 'clerk', 'intake/accept', {
    target: { kind: 'matter', matterCode: 'GJZ-GA-0004' },
    applicant: { type: 'individual', name: '钱进', idType: 'resident_id', idNumber, phone: '13904110001', address: '大连市甘井子区旧址 1 号' },
    channel: 'window',
    materials: checklist.materials.map((m) => ({ key: m.key, status: 'received' })),
  });

  await openIntake(page, browserMode);
  await page.keyboard.type('社会保障卡');
  await page.keyboard.press('Enter');
  await field(page, '证件号码').fill(idNumber);
  await expect(page.getByTestId('returning-offer')).toContainText('钱进');
  await field(page, '姓名').click();
  await page.keyboard.type('钱进');
  await page.keyboard.press('Tab');
  // The offer's button is not in the way: the new number goes where the clerk expects it.
  await expect(field(page, '联系电话')).toBeFocused();
  await page.keyboard.type('13904119999');
  await expect(field(page, '联系电话')).toHaveValue('13904119999');
  await screenshot(page, 'traps-returning-tab');

  await page.keyboard.press('Alt+y');
  // The blank address is filled; the phone typed today stays.
  await expect(field(page, '地址')).toHaveValue('大连市甘井子区旧址 1 号');
  await expect(field(page, '联系电话')).toHaveValue('13904119999');
  await expect(field(page, '姓名')).toHaveValue('钱进');
});

test('Ctrl+S on an empty form saves no draft', async ({ page, browserMode }) => {
  await openIntake(page, browserMode);
  const drafts = async () => (await apiAs<unknown[]>(browserMode, 'clerk', 'intake/drafts', {})).length;
  const before = await drafts();
  await page.keyboard.press('Control+s');
  await expect(page.getByText('当前登记还没有填写任何内容，无需暂存。')).toBeVisible();
  await screenshot(page, 'traps-empty-save');
  expect(await drafts()).toBe(before);
  await expect(page.getByTestId('drafts-count')).toHaveCount(0);

  // With something typed, Ctrl+S saves as before.
  await field(page, '姓名').fill('吴暂存');
  await page.keyboard.press('Control+s');
  await expect(page.getByText('已暂存。可在“暂存件”中继续办理。')).toBeVisible();
  expect(await drafts()).toBe(before + 1);
});
