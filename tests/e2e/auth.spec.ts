import type { Page } from '@playwright/test';
import { apiAs, demoPassword, expect, login, openApp, screenshot, test } from './fixtures.ts';

/** Logs in where the side menu does not show (a password to change first). */
async function enter(page: Page, mode: Parameters<typeof openApp>[1], username: string, password: string): Promise<void> {
  await openApp(page, mode);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByLabel('密码', { exact: true }).press('Enter');
  await expect(page.getByTestId('status-user')).toBeVisible();
}

/** A login field's message, as the field announces it (its accessible description) and as shown beneath it. */
async function expectLoginFieldMessage(page: Page, label: string, message: string): Promise<void> {
  await expect(page.getByLabel(label, { exact: true })).toHaveAccessibleDescription(new RegExp(message));
  await expect(page.getByRole('form', { name: '登录' }).getByText(message)).toBeVisible();
}

const fieldError = (page: Page, label: string) =>
  page.locator('.el-form-item', { has: page.getByText(label, { exact: true }) }).locator('.el-form-item__error');

test('the login screen: demo centre, demo accounts, focus on the username', async ({ page, browserMode }) => {
  await openApp(page, browserMode);
  await expect(page.locator('.login-centre')).toContainText('演示');
  await expect(page.getByTestId('demo-hint')).toContainText(demoPassword);
  await expect(page.getByLabel('用户名')).toBeFocused();
  // The launch token leaves the address bar once the page has it.
  expect(new URL(page.url()).searchParams.has('launch')).toBe(false);
  // Tab order: username → password → 登录.
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('密码', { exact: true })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: '登录', exact: true })).toBeFocused();
  await screenshot(page, 'login');
});

test('empty fields are refused at the fields, in Chinese', async ({ page, browserMode }) => {
  await openApp(page, browserMode);
  await page.getByLabel('用户名').press('Enter');
  await expectLoginFieldMessage(page, '用户名', '请输入用户名');
  await expectLoginFieldMessage(page, '密码', '请输入密码');
  // Typing a user name and leaving the field takes its message away; 密码's stays.
  await page.getByLabel('用户名').fill('clerk');
  await page.getByLabel('用户名').press('Tab');
  await expect(page.getByLabel('用户名')).toHaveAccessibleDescription('');
  await expectLoginFieldMessage(page, '密码', '请输入密码');
});

test('a wrong password shows 用户名或密码错误 at the password field', async ({ page, browserMode }) => {
  await openApp(page, browserMode);
  // clerk2: repeated failures count towards a lockout, which must not reach accounts other tests use.
  await page.getByLabel('用户名').fill('clerk2');
  await page.getByLabel('密码', { exact: true }).fill('not-the-password');
  await page.getByLabel('密码', { exact: true }).press('Enter');
  await expectLoginFieldMessage(page, '密码', '用户名或密码错误');
  await expect(page.getByRole('navigation', { name: '功能区' })).toHaveCount(0);
  await screenshot(page, 'login-wrong-password');

  // The same mistake twice still shows (the message is not lost to an unchanged value).
  await page.getByLabel('密码', { exact: true }).press('Enter');
  await expectLoginFieldMessage(page, '密码', '用户名或密码错误');
});

test('an expired session anywhere leads back to login with 登录已过期, then back to work', async ({ page, browserMode }) => {
  await login(page, browserMode, 'reviewer');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('审查');
  await page.getByRole('link', { name: '办件', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('办件查询');
  // Main forgets sessions on restart or after their time; stand in for that on the next call.
  await page.route('**/api/cases/list', (route) =>
    route.fulfill({
      status: 401,
      contentType: 'application/json',
      body: JSON.stringify({ ok: false, error: { code: 'UNAUTHENTICATED', message: '登录已过期，请重新登录。' } }),
    }),
  );
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.getByRole('button', { name: '登录', exact: true })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: '登录已过期' }).first()).toBeVisible();
  await screenshot(page, 'login-expired');

  await page.unroute('**/api/cases/list');
  await page.getByLabel('用户名').fill('reviewer');
  await page.getByLabel('密码', { exact: true }).fill(demoPassword);
  await page.getByLabel('密码', { exact: true }).press('Enter');
  // Back where the reviewer was.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('办件查询');
  await expect(page.locator('.el-pagination__total')).toHaveText(/^共 \d+ 条$/);
});

test('logging out ends the session at main, not just on screen', async ({ page, browserMode }) => {
  await login(page, browserMode, 'clerk');
  const loggedOut = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/session/logout');
  await page.getByRole('button', { name: '退出登录' }).click();
  expect((await loggedOut).status()).toBe(200);
  await expect(page.getByRole('button', { name: '登录', exact: true })).toBeVisible();
  // Going back to a work area now needs a login.
  await page.evaluate("location.hash = '#/cases'");
  await expect(page.getByRole('button', { name: '登录', exact: true })).toBeVisible();
  await expect(page).toHaveURL(/#\/login\?redirect=/);
});

test('a new account must change its password first; messages at the fields; later changes from the header', async ({ page, browserMode }) => {
  await apiAs(browserMode, 'admin', 'users/create', { username: 'newclerk', displayName: '新来的', role: 'clerk', temporaryPassword: 'Temp#2026x' });
  await enter(page, browserMode, 'newclerk', 'Temp#2026x');
  const forced = page.getByTestId('forced-change');
  await expect(forced).toBeVisible();
  // Nothing else is offered until the password is changed: main would refuse it anyway.
  await expect(page.getByRole('navigation', { name: '功能区' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: '修改密码', exact: true })).toHaveCount(1);

  const current = forced.getByLabel('当前密码');
  const next = forced.getByLabel('新密码', { exact: true });
  const confirm = forced.getByLabel('确认新密码');
  await next.fill('abcdefgh');
  await confirm.fill('abcdefgi');
  await forced.getByRole('button', { name: '修改密码' }).click();
  await expect(fieldError(page, '当前密码')).toHaveText('请输入当前密码');
  await expect(fieldError(page, '新密码')).toHaveText('密码须包含小写字母、大写字母、数字、符号中的至少三类');
  await expect(fieldError(page, '确认新密码')).toHaveText('两次输入的新密码不一致，请重新输入');
  await screenshot(page, 'password-forced-errors');

  // Main's answer lands at its field too.
  await current.fill('Wrong#2026x');
  await next.fill('Window#2026');
  await confirm.fill('Window#2026');
  await forced.getByRole('button', { name: '修改密码' }).click();
  await expect(fieldError(page, '当前密码')).toHaveText('当前密码不正确。');
  await next.fill('Newclerk#2026');
  await confirm.fill('Newclerk#2026');
  await current.fill('Temp#2026x');
  await forced.getByRole('button', { name: '修改密码' }).click();
  await expect(fieldError(page, '新密码')).toHaveText('密码不能包含用户名');

  await next.fill('Window#2026');
  await confirm.fill('Window#2026');
  await forced.getByRole('button', { name: '修改密码' }).click();
  await expect(forced).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('一窗受理');
  await screenshot(page, 'password-forced-done');

  // A voluntary change later, from the header; the dialog can be cancelled.
  await page.getByRole('button', { name: '修改密码', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: '修改密码' });
  await dialog.getByLabel('当前密码').fill('Window#2026');
  await dialog.getByLabel('新密码', { exact: true }).fill('Counter#2027');
  await dialog.getByLabel('确认新密码').fill('Counter#2027');
  await screenshot(page, 'password-voluntary');
  await dialog.getByRole('button', { name: '修改密码' }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole('button', { name: '退出登录' }).click();
  await login(page, browserMode, 'newclerk', 'Counter#2027');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('一窗受理');
});

test('after an admin reset the password must be changed again', async ({ page, browserMode }) => {
  const users = await apiAs<{ id: string; username: string }[]>(browserMode, 'admin', 'users/list', {});
  const clerk2 = users.find((user) => user.username === 'clerk2');
  if (!clerk2) throw new Error('demo user clerk2 missing');
  await apiAs(browserMode, 'admin', 'users/resetPassword', { userId: clerk2.id, temporaryPassword: 'Reset#2026x' });
  await enter(page, browserMode, 'clerk2', 'Reset#2026x');
  await expect(page.getByTestId('forced-change')).toBeVisible();
});

/** A clerk halfway through an intake: matter chosen, applicant typed, nothing saved. */
async function startIntake(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('一窗受理');
  const box = page.getByTestId('matter-select');
  await box.locator('.el-select__wrapper').click();
  await page.keyboard.type('户籍');
  await page.locator('.matter-popper .el-select-dropdown__item', { hasText: '户籍迁移（迁入）' }).first().click();
  await expect(page.getByTestId('material-row').first()).toBeVisible();
  await page.getByLabel('姓名', { exact: true }).fill('锁屏测试人');
  await page.getByLabel('联系电话', { exact: true }).fill('13900001111');
}

test('idle for 10 minutes locks the screen; the password resumes the unsaved intake exactly', async ({ page, browserMode }) => {
  await page.clock.install();
  await login(page, browserMode, 'clerk');
  await startIntake(page);
  const lockScreen = page.getByTestId('lock-screen');
  await page.clock.fastForward('09:00');
  await expect(lockScreen).toHaveCount(0);
  await page.clock.fastForward('01:30');
  await expect(lockScreen).toBeVisible();
  // Main locked the session too: nothing but the password gets past it.
  await expect(lockScreen).toContainText('屏幕已锁定');
  await screenshot(page, 'idle-locked');

  const password = lockScreen.getByLabel('密码', { exact: true });
  await expect(password).toBeFocused();
  await password.fill('not-the-password');
  await password.press('Enter');
  await expect(lockScreen.locator('.el-form-item__error')).toContainText('用户名或密码错误');
  await password.fill(demoPassword);
  await password.press('Enter');
  await expect(lockScreen).toHaveCount(0);
  await expect(page.getByLabel('姓名', { exact: true })).toHaveValue('锁屏测试人');
  await expect(page.getByLabel('联系电话', { exact: true })).toHaveValue('13900001111');
  await expect(page.getByTestId('matter-select')).toContainText('户籍迁移（迁入）');
  await screenshot(page, 'idle-resumed');
});

test('切换用户 at a locked screen: the next clerk logs in and does not see the unsaved form', async ({ page, browserMode }) => {
  await login(page, browserMode, 'clerk');
  await startIntake(page);
  await page.getByRole('button', { name: '锁定', exact: true }).click();
  const lockScreen = page.getByTestId('lock-screen');
  await expect(lockScreen).toBeVisible();
  await screenshot(page, 'lock-manual');
  await lockScreen.getByRole('button', { name: '切换用户' }).click();
  await expect(page.getByRole('button', { name: '登录', exact: true })).toBeVisible();

  await page.getByLabel('用户名').fill('supervisor');
  await page.getByLabel('密码', { exact: true }).fill(demoPassword);
  await page.getByLabel('密码', { exact: true }).press('Enter');
  await expect(page.getByTestId('status-user')).toBeVisible();
  await page.evaluate("location.hash = '#/intake'");
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('一窗受理');
  await expect(page.getByLabel('姓名', { exact: true })).toHaveValue('');
  await expect(page.getByText('锁屏测试人')).toHaveCount(0);
  await screenshot(page, 'switch-user-clean');
});
