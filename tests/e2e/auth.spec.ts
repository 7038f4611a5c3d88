import { demoPassword, expect, login, openApp, screenshot, test } from './fixtures.ts';

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
  await expect(page.locator('.el-form-item', { hasText: '用户名' }).locator('.el-form-item__error')).toHaveText('请输入用户名');
  await expect(page.locator('.el-form-item', { hasText: '密码' }).locator('.el-form-item__error')).toHaveText('请输入密码');
});

test('a wrong password shows 用户名或密码错误 at the password field', async ({ page, browserMode }) => {
  await openApp(page, browserMode);
  // clerk2: repeated failures count towards a lockout, which must not reach accounts other tests use.
  await page.getByLabel('用户名').fill('clerk2');
  await page.getByLabel('密码', { exact: true }).fill('not-the-password');
  await page.getByLabel('密码', { exact: true }).press('Enter');
  const error = page.locator('.el-form-item', { hasText: '密码' }).locator('.el-form-item__error');
  await expect(error).toContainText('用户名或密码错误');
  await expect(page.getByRole('navigation', { name: '功能区' })).toHaveCount(0);
  await screenshot(page, 'login-wrong-password');

  // The same mistake twice still shows (the message is not lost to an unchanged value).
  await page.getByLabel('密码', { exact: true }).press('Enter');
  await expect(error).toContainText('用户名或密码错误');
});

test('an expired session anywhere leads back to login with 登录已过期, then back to work', async ({ page, browserMode }) => {
  await login(page, browserMode, 'reviewer');
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
