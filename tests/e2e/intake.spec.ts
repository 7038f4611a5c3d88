import type { Locator, Page } from '@playwright/test';
import { expect, login, screenshot, test } from './fixtures.ts';

/**
 * 一窗受理 end to end: the clerk's whole intake (matter, applicant, materials, decision, result
 * and printed notice) against browser mode with a fresh demo data dir. Each flow uses its own ID
 * numbers, so the flows do not see each other as returning applicants or duplicates.
 */

const caseNumberPattern = /^210211\d{8}W01\d{5}[0-9A-Z]$/;

/** A GB 11643 number with a correct check character. */
function residentId(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, digit, i) => s + Number(digit) * (weights[i] ?? 0), 0);
  return first17 + '10X98765432'.charAt(sum % 11);
}

/** A GB 32100 code with a correct check character. */
function creditCode(first17: string): string {
  const charset = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const sum = [...first17].reduce((s, c, i) => s + charset.indexOf(c) * (weights[i] ?? 0), 0);
  return first17 + charset.charAt((31 - (sum % 31)) % 31);
}

/** The same number with a wrong last character. */
function wrongCheck(id: string): string {
  const last = id.slice(-1);
  return id.slice(0, -1) + (last === '1' ? '2' : '1');
}

// A 1×1 PNG: what a document camera would save, only smaller.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

async function openIntake(page: Page, browserMode: Parameters<typeof login>[1]): Promise<void> {
  await login(page, browserMode, 'clerk');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('一窗受理');
  await expect(page.getByTestId('matter-select')).toBeVisible();
}

async function chooseMatter(page: Page, query: string, name: string): Promise<void> {
  const box = page.getByTestId('matter-select');
  await box.locator('.el-select__wrapper').click();
  await page.keyboard.type(query);
  const option = page.locator('.matter-popper .el-select-dropdown__item', { hasText: name }).first();
  await option.click();
  await expect(box).toContainText(name);
  await expect(page.getByTestId('material-row').first()).toBeVisible();
}

const field = (page: Page, label: string): Locator => page.getByLabel(label, { exact: true });
const row = (page: Page, index: number): Locator => page.getByTestId('material-row').nth(index);

async function setRow(page: Page, index: number, status: '已收取' | '缺失' | '容缺后补'): Promise<void> {
  await row(page, index).locator('.el-radio', { hasText: status }).click();
}

async function fillIndividual(page: Page, a: { idNumber: string; name: string; phone: string; address?: string }): Promise<void> {
  await field(page, '证件号码').fill(a.idNumber);
  await field(page, '姓名').fill(a.name);
  await field(page, '联系电话').fill(a.phone);
  if (a.address !== undefined) await field(page, '地址').fill(a.address);
}

async function expectAccepted(page: Page): Promise<string> {
  const result = page.getByTestId('intake-result');
  await expect(result).toBeVisible();
  const number = (await page.getByTestId('result-case-number').innerText()).trim();
  expect(number).toMatch(caseNumberPattern);
  await expect(page.getByTestId('result-password')).toHaveText(/^\d{6}$/);
  return number;
}

test('individual: matter, applicant with odd characters, scans, drafts, accept', async ({ page, browserMode }) => {
  await openIntake(page, browserMode);
  await screenshot(page, 'intake-individual-1-empty');

  await chooseMatter(page, '户籍', '户籍迁移（迁入）');
  const summary = page.getByTestId('matter-summary');
  await expect(summary).toContainText('承诺件');
  await expect(summary).toContainText('5 个工作日');
  await expect(summary).toContainText('不收费');
  await screenshot(page, 'intake-individual-2-matter');

  // Quotes, markup, emoji and rare CJK exactly as typed.
  const name = `𠮷田"春" <b>䶮</b> 龘'😀`;
  const address = `大连市甘井子区“山东路”<i>12</i>号 ☀️ 𠮷`;
  await fillIndividual(page, { idNumber: residentId('21020319850312001'), name, phone: '13904110001', address });
  await expect(page.getByTestId('id-facts')).toContainText('出生日期 1985-03-12');
  await screenshot(page, 'intake-individual-3-applicant');

  await page.getByTestId('materials-all-received').click();
  await setRow(page, 4, '缺失'); // 结婚证 is optional
  // A scan: the first one saves a draft by itself.
  await page.getByTestId('scan-input-0').setInputFiles({ name: '户口迁移申请表.png', mimeType: 'image/png', buffer: png });
  await expect(row(page, 0).getByTestId('material-files')).toContainText('户口迁移申请表.png');
  await expect(page.getByTestId('draft-saved')).toBeVisible();
  // Not a scan: refused at its row, in Chinese.
  await page.getByTestId('scan-input-1').setInputFiles({ name: '身份证.txt', mimeType: 'text/plain', buffer: Buffer.from('not an image') });
  await expect(row(page, 1).getByTestId('scan-error')).toContainText('不是图片或 PDF');
  await screenshot(page, 'intake-individual-4-materials');

  // 暂存, start afresh, and resume the draft from the list: form, verdicts and scans come back.
  await page.keyboard.press('Control+s');
  await expect(page.getByText('已暂存。可在“暂存件”中继续办理。')).toBeVisible();
  await page.getByTestId('intake-new').click();
  await expect(field(page, '姓名')).toHaveValue('');
  await page.getByTestId('drafts-open').click();
  const drafts = page.getByTestId('drafts-drawer');
  await expect(drafts.getByTestId('draft-row')).toHaveCount(1);
  await expect(drafts.getByTestId('draft-row')).toContainText('户籍迁移（迁入）');
  await expect(drafts.getByTestId('draft-row')).toContainText(name);
  await screenshot(page, 'intake-individual-5-drafts');
  await drafts.getByTestId('draft-resume').click();
  await expect(field(page, '姓名')).toHaveValue(name);
  await expect(field(page, '地址')).toHaveValue(address);
  await expect(row(page, 0).getByTestId('material-files')).toContainText('户口迁移申请表.png');
  await expect(row(page, 4).locator('.el-radio.is-checked')).toHaveText('缺失');

  await page.getByTestId('decide-accept').click();
  const number = await expectAccepted(page);
  await expect(page.getByTestId('result-applicant')).toHaveText(name);
  await expect(page.getByTestId('result-applicant').locator('b, i')).toHaveCount(0);
  await expect(page.getByTestId('result-due')).toHaveText(/^\d{4}-\d{2}-\d{2}$/);
  await expect(page.getByTestId('print-acceptance')).toBeFocused();
  await expect(page.getByTestId('print-handover')).toBeVisible();
  await screenshot(page, 'intake-individual-6-result');

  // The draft went into the case.
  await expect(page.getByTestId('drafts-count')).toHaveCount(0);

  await page.getByTestId('print-acceptance').click();
  await expect(page.getByRole('heading', { level: 1, name: '受理通知书' })).toBeVisible();
  await expect(page.getByTestId('print-case-number')).toHaveText(number);
  await screenshot(page, 'intake-individual-7-print');
  // Back from printing: the result is still there for the hand-over sheet.
  await page.getByTestId('print-back').click();
  await expect(page.getByTestId('result-case-number')).toHaveText(number);
});

test('enterprise: credit code checked as typed, then accepted; a draft is discarded', async ({ page, browserMode }) => {
  await openIntake(page, browserMode);
  await chooseMatter(page, 'GJZ-SCJG-0003', '企业简易注销登记');
  await page.getByTestId('applicant-type').getByText('企业（单位）').click();
  const code = creditCode('91210211MA0TEXT01');
  const box = page.getByLabel('统一社会信用代码');
  await box.fill(wrongCheck(code));
  await expect(page.locator('[data-field="applicant.creditCode"] .el-form-item__error')).toHaveText(
    `统一社会信用代码校验位错误：最后一位应为 ${code.slice(-1)}，请核对代码`,
  );
  await screenshot(page, 'intake-enterprise-1-bad-code');
  await box.fill(code);
  await expect(page.locator('[data-field="applicant.creditCode"] .el-form-item__error')).toHaveCount(0);
  await field(page, '企业名称').fill('大连“海韵”<食品>有限公司 ☀️');
  await field(page, '法定代表人').fill('王䶮');
  await field(page, '联系人').fill('龘龙');
  await field(page, '联系电话').fill('0411-86600001');
  await field(page, '地址').fill('大连市甘井子区中华西路 18 号');
  await page.getByTestId('materials-all-received').click();
  await screenshot(page, 'intake-enterprise-2-form');

  // 暂存 and delete the draft from the list.
  await page.getByTestId('decide-save').click();
  await expect(page.getByTestId('drafts-count')).toHaveText('1');
  await page.getByTestId('drafts-open').click();
  const drafts = page.getByTestId('drafts-drawer');
  await drafts.getByTestId('draft-discard').click();
  await page.locator('.el-message-box').getByRole('button', { name: '删除', exact: true }).click();
  await expect(drafts.getByTestId('draft-row')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(drafts).toBeHidden();

  await page.keyboard.press('Alt+s');
  await expectAccepted(page);
  await expect(page.getByTestId('result-applicant')).toHaveText('大连“海韵”<食品>有限公司 ☀️');
  await screenshot(page, 'intake-enterprise-3-result');
});

test('bundle: the union of materials, and one child case per department', async ({ page, browserMode }) => {
  await openIntake(page, browserMode);
  await chooseMatter(page, '新生儿', '新生儿出生一件事');
  await expect(page.getByTestId('bundle-matters').locator('tbody tr')).toHaveCount(5);
  await expect(page.getByTestId('bundle-matters')).toContainText('甘井子区卫生健康局');
  await screenshot(page, 'intake-bundle-1-matter');
  // A material several matters need is asked for once, naming who needs it.
  const shared = page.getByTestId('material-row').filter({ has: page.locator('.m-title', { hasText: /^出生医学证明$/ }) });
  await expect(shared).toHaveCount(1);
  await expect(shared.getByTestId('material-matters')).toContainText('预防接种证办理、出生登记（新生儿入户）、城乡居民基本医疗保险参保登记');
  await fillIndividual(page, { idNumber: residentId('21021119900521002'), name: '李娜', phone: '13904110002' });
  await page.getByTestId('materials-all-received').click();
  await screenshot(page, 'intake-bundle-2-form');
  await page.keyboard.press('Control+Enter');
  // A bundle says what it will create before anything is created.
  const preview = page.getByTestId('decision-preview');
  await expect(preview).toContainText('将生成 1 个一件事总件和 5 个事项办件');
  await expect(preview.locator('li')).toHaveCount(5);
  await expect(page.getByTestId('intake-result')).toBeHidden();
  await screenshot(page, 'intake-bundle-2b-confirm');
  await page.getByRole('button', { name: '确认受理（6 个办件）' }).click();
  await expectAccepted(page);
  const children = page.getByTestId('result-children').locator('tbody tr');
  await expect(children).toHaveCount(5);
  for (const department of ['甘井子区卫生健康局', '大连市公安局甘井子分局', '甘井子区医疗保障局', '甘井子区人力资源和社会保障局']) {
    await expect(page.getByTestId('result-children')).toContainText(department);
  }
  for (const text of await children.locator('td:first-child').allInnerTexts()) expect(text.trim()).toMatch(caseNumberPattern);
  await screenshot(page, 'intake-bundle-3-result');
});

test('one-time notice: a missing material is listed on the 一次性告知书', async ({ page, browserMode }) => {
  await openIntake(page, browserMode);
  await chooseMatter(page, '身份证换领', '居民身份证换领');
  await fillIndividual(page, { idNumber: residentId('21020419770808003'), name: '王秀英', phone: '0411-84567890' });
  await setRow(page, 0, '已收取');
  await setRow(page, 1, '缺失');
  await setRow(page, 2, '已收取');
  await screenshot(page, 'intake-notice-1-form');
  await page.keyboard.press('Alt+g');
  // Alt+G asks first, naming what the notice will ask for.
  const preview = page.getByTestId('decision-preview');
  await expect(preview).toContainText('补齐以下 1 项材料');
  await expect(preview).toContainText('居民户口簿');
  await expect(page.getByTestId('intake-result')).toBeHidden();
  await page.getByRole('button', { name: '确认出具' }).click();
  await expect(page.getByTestId('intake-result')).toBeVisible();
  await expect(page.getByTestId('intake-result')).toContainText('一次性告知');
  expect((await page.getByTestId('result-case-number').innerText()).trim()).toMatch(caseNumberPattern);
  await screenshot(page, 'intake-notice-2-result');
  await page.getByTestId('print-notice').click();
  await expect(page.getByRole('heading', { level: 1, name: '一次性告知书' })).toBeVisible();
  await expect(page.getByTestId('print-outstanding')).toContainText('居民户口簿');
  await expect(page.getByTestId('print-outstanding')).not.toContainText('原居民身份证');
  await screenshot(page, 'intake-notice-3-print');
});

test('refusal: the reason is required in the dialog and printed', async ({ page, browserMode }) => {
  await openIntake(page, browserMode);
  await chooseMatter(page, '最低生活保障', '最低生活保障审核确认');
  await fillIndividual(page, { idNumber: residentId('21021319600101004'), name: "O'Brien 林", phone: '13904110004' });
  await page.keyboard.press('Alt+j');
  const dialog = page.getByTestId('refuse-dialog');
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('refuse-reason')).toBeFocused();
  await page.keyboard.type('不符合');
  await page.keyboard.press('Control+Enter');
  await expect(dialog.locator('.el-form-item__error')).toHaveText('请写明不予受理的理由（至少 5 个字），它将印在不予受理通知书上');
  await screenshot(page, 'intake-refusal-1-dialog');
  // Esc closes the dialog and keeps what was typed.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await page.getByTestId('decide-refuse').click();
  await expect(page.getByTestId('refuse-reason')).toHaveValue('不符合');
  const reason = '申请人户籍不在本区，不属于本机关受理范围，请向户籍所在地街道申请';
  await page.getByTestId('refuse-reason').fill(reason);
  await page.getByTestId('refuse-confirm').click();
  await expect(page.getByTestId('intake-result')).toContainText('不予受理');
  expect((await page.getByTestId('result-case-number').innerText()).trim()).toMatch(caseNumberPattern);
  await screenshot(page, 'intake-refusal-2-result');
  await page.getByTestId('print-refusal').click();
  await expect(page.getByTestId('print-reason')).toHaveText(reason);
  await screenshot(page, 'intake-refusal-3-print');
});

test('returning applicant: pre-filled, the duplicate is shown side by side and acknowledged', async ({ page, browserMode }) => {
  const idNumber = residentId('21020219700707005');
  await openIntake(page, browserMode);
  await chooseMatter(page, '居住证', '居住证申领');
  await fillIndividual(page, { idNumber, name: '陈静', phone: '13904110005', address: '大连市甘井子区“红旗”西路 <1> 号' });
  await page.getByTestId('materials-all-received').click();
  await page.getByTestId('decide-accept').click();
  const first = await expectAccepted(page);
  await page.getByTestId('intake-next').click();
  await expect(page.getByTestId('intake-result')).toBeHidden();
  await expect(page.getByTestId('matter-select').locator('input')).toBeFocused();

  // Same person, same matter.
  await chooseMatter(page, '居住证', '居住证申领');
  await field(page, '证件号码').fill(idNumber.toLowerCase());
  const offer = page.getByTestId('returning-offer');
  await expect(offer).toContainText('回头客');
  await expect(offer).toContainText('陈静');
  await expect(page.getByTestId('duplicate-notice')).toContainText(first);
  await screenshot(page, 'intake-returning-1-offer');
  await page.keyboard.press('Alt+y');
  await expect(field(page, '姓名')).toHaveValue('陈静');
  await expect(field(page, '联系电话')).toHaveValue('13904110005');
  await expect(field(page, '地址')).toHaveValue('大连市甘井子区“红旗”西路 <1> 号');
  await page.getByTestId('materials-all-received').click();
  await screenshot(page, 'intake-returning-2-prefilled');

  await page.getByTestId('decide-accept').click();
  const dialog = page.getByTestId('duplicate-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('duplicate-list')).toContainText(first);
  await expect(dialog).toContainText('本次申请');
  await screenshot(page, 'intake-returning-3-duplicate');
  await expect(dialog.getByTestId('duplicate-confirm')).toBeFocused();
  await page.keyboard.press('Enter');
  const second = await expectAccepted(page);
  expect(second).not.toBe(first);
  await screenshot(page, 'intake-returning-4-result');
});

test('keyboard only: a whole intake without the mouse', async ({ page, browserMode }) => {
  await openIntake(page, browserMode);
  const k = page.keyboard;
  // The 事项 box has the focus on arrival.
  await expect(page.getByTestId('matter-select').locator('input')).toBeFocused();
  await k.type('GJZ-YB-0002');
  await expect(page.locator('.matter-popper .el-select-dropdown__item.is-hovering')).toContainText('异地就医备案');
  await screenshot(page, 'intake-keyboard-1-search');
  await k.press('Enter');
  await expect(page.getByTestId('matter-summary')).toContainText('即办件');
  // On to the applicant: type switch → ID type → ID number.
  await expect(page.locator('[data-field="applicant.type"] input[type="radio"]').first()).toBeFocused();
  await k.press('Enter');
  await k.press('Enter');
  await expect(field(page, '证件号码')).toBeFocused();
  await k.type(residentId('21021119880229006'));
  await k.press('Enter');
  await expect(field(page, '姓名')).toBeFocused();
  await k.type('龘龙');
  await k.press('Enter');
  await k.type('13904110006');
  await k.press('Enter');
  await k.type('大连市甘井子区“虹港”路 8 号');
  await k.press('Enter');
  // 代办人 switch, 渠道, 排队号, 取号时间 (Tab works as well as Enter), 备注.
  await k.press('Enter');
  await k.press('Enter');
  await expect(field(page, '排队号')).toBeFocused();
  await k.type('A023');
  await k.press('Tab');
  await expect(field(page, '取号时间')).toBeFocused();
  await k.press('Tab');
  await expect(field(page, '备注')).toBeFocused();
  await screenshot(page, 'intake-keyboard-2-applicant');
  await k.press('Enter');
  // Materials: Space checks 已收取 on the focused row, Enter goes to the next row.
  for (let i = 0; i < 3; i++) {
    await expect(row(page, i).locator('input[type="radio"]').first()).toBeFocused();
    await k.press('Space');
    if (i < 2) await k.press('Enter');
  }
  await expect(row(page, 2).locator('.el-radio.is-checked')).toHaveText('已收取');
  await screenshot(page, 'intake-keyboard-3-materials');
  await k.press('Control+Enter');
  await expectAccepted(page);
  await expect(page.getByTestId('result-applicant')).toHaveText('龘龙');
  await screenshot(page, 'intake-keyboard-4-result');
  // 下一位: a fresh form with the focus on 事项.
  await k.press('Alt+n');
  await expect(page.getByTestId('matter-select').locator('input')).toBeFocused();
});

test('invalid input: a bad check digit is shown at the field and nothing is saved; a missing material is refused at its row', async ({
  page,
  browserMode,
}) => {
  const decisions: string[] = [];
  page.on('request', (request) => {
    if (/\/api\/intake\/(accept|notice|refuse|saveDraft)$/.test(new URL(request.url()).pathname)) decisions.push(new URL(request.url()).pathname);
  });
  await openIntake(page, browserMode);
  await chooseMatter(page, '户籍迁移', '户籍迁移（迁入）');
  const good = residentId('21021119920615007');
  await field(page, '证件号码').fill(wrongCheck(good));
  const idError = page.locator('[data-field="applicant.idNumber"] .el-form-item__error');
  await expect(idError).toHaveText(`身份证号码校验位错误：最后一位应为 ${good.slice(-1)}，请核对号码`);
  await field(page, '姓名').fill('孙建国');
  await field(page, '联系电话').fill('1390411');
  await page.getByTestId('materials-all-received').click();
  await page.getByTestId('decide-accept').click();
  await expect(field(page, '证件号码')).toBeFocused();
  await expect(page.locator('[data-field="applicant.phone"] .el-form-item__error')).toHaveText('手机号码应为11位，当前为7位，请核对');
  await expect(page.getByTestId('decision-problems')).toBeVisible();
  await screenshot(page, 'intake-invalid-1-id');
  await page.waitForTimeout(300);
  expect(decisions).toEqual([]);
  await expect(page.getByTestId('intake-result')).toHaveCount(0);

  // Correct the number and the phone; leave a required material missing: main refuses at its row.
  await field(page, '证件号码').fill(good);
  await expect(idError).toHaveCount(0);
  await field(page, '联系电话').fill('13904110007');
  await setRow(page, 2, '缺失'); // 居民户口簿: required, not deferrable
  await page.getByTestId('decide-accept').click();
  const error = row(page, 2).getByTestId('material-error');
  await expect(error).toContainText('必交材料“居民户口簿”尚未收取且不允许容缺');
  await expect(row(page, 2).locator('input[type="radio"]:checked')).toBeFocused();
  await expect(page.getByTestId('intake-result')).toHaveCount(0);
  // 容缺 is not offered for it.
  await expect(row(page, 2).locator('.el-radio', { hasText: '容缺后补' })).toHaveClass(/is-disabled/);
  await screenshot(page, 'intake-invalid-2-material');
});
