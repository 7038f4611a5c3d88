import type { Locator, Page } from '@playwright/test';
import { demoPassword, expect, login, logout, openApp, screenshot, test } from './fixtures.ts';

const fieldError = (scope: Locator, label: string) =>
  scope.locator('.el-form-item', { has: scope.page().getByText(label, { exact: true }) }).locator('.el-form-item__error');

const usersPanel = (page: Page) => page.getByTestId('users-panel');
const userRow = (page: Page, username: string) => usersPanel(page).locator('.el-table__body tr', { hasText: username });

async function pick(page: Page, dialog: Locator, label: string, option: string): Promise<void> {
  // The select's own input is hidden until it opens: the visible box around it takes the click.
  await dialog.locator('.el-form-item', { has: page.getByText(label, { exact: true }) }).locator('.el-select__wrapper').click();
  await page.getByRole('option', { name: option, exact: true }).click();
  await expect(page.getByRole('option', { name: option, exact: true })).toBeHidden();
}

async function tryLogin(page: Page, mode: Parameters<typeof openApp>[1], username: string, password: string): Promise<void> {
  await openApp(page, mode);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByLabel('密码', { exact: true }).press('Enter');
}

test('admin creates a reviewer, resets their password and disables a clerk, all through the users screen', async ({ page, browserMode }) => {
  // Seven logins, each hashing a password (scrypt) in the service thread, on a shared machine.
  test.setTimeout(300_000);
  await login(page, browserMode, 'admin');
  await expect(usersPanel(page).getByRole('heading', { name: '用户' })).toBeVisible();
  // Departments by name, not by code.
  await expect(userRow(page, 'reviewer-gjz-ga')).toContainText('公安');
  await expect(userRow(page, 'reviewer-gjz-ga')).not.toContainText('GJZ-GA');

  // --- Create: every mistake is said at its field in Chinese, and nothing is created meanwhile.
  await usersPanel(page).getByRole('button', { name: '新建账号' }).click();
  const create = page.getByRole('dialog', { name: '新建账号' });
  await expect(create.getByLabel('姓名')).toBeFocused();
  await create.getByRole('button', { name: '新建' }).click();
  await expect(fieldError(create, '姓名')).toHaveText('请填写姓名');
  await expect(fieldError(create, '用户名')).toHaveText('用户名为 2–32 位字母、数字、点、下划线或连字符');
  await expect(fieldError(create, '角色')).toHaveText('请选择角色');
  await expect(fieldError(create, '初始密码')).toHaveText('请设置初始密码');

  await create.getByLabel('姓名').fill('赵𠮷敏');
  await create.getByLabel('用户名').fill('zhao min');
  await pick(page, create, '角色', '后台审批人员');
  await create.getByLabel('初始密码').fill('onlyletters2026');
  await create.getByLabel('确认密码').fill('onlyletters2027');
  await create.getByRole('button', { name: '新建' }).click();
  await expect(fieldError(create, '用户名')).toHaveText('用户名为 2–32 位字母、数字、点、下划线或连字符');
  await expect(fieldError(create, '所属部门')).toHaveText('后台审批人员须选择所属部门');
  await expect(fieldError(create, '初始密码')).toHaveText('密码须包含小写字母、大写字母、数字、符号中的至少三类');
  await expect(fieldError(create, '确认密码')).toHaveText('两次输入的密码不一致，请重新输入');
  await screenshot(page, 'admin-users-create-errors');

  // A name already taken is main's answer, shown at its field. The department is clicked right
  // after the name is corrected: the name's message clears as the name field loses focus, and the
  // click must still reach the department's box (it used to land beside it as the form moved up).
  await create.getByLabel('用户名').fill('clerk2');
  await pick(page, create, '所属部门', '甘井子区民政局');
  await expect(fieldError(create, '用户名')).toHaveCount(0);
  await expect(fieldError(create, '所属部门')).toHaveCount(0);
  await create.getByLabel('初始密码').fill('Start#2026x');
  await create.getByLabel('确认密码').fill('Start#2026x');
  await create.getByRole('button', { name: '新建' }).click();
  await expect(fieldError(create, '用户名')).toContainText('用户名“clerk2”已存在，请换一个。');

  // Keyboard only: Tab from the name through 角色 to 所属部门, type part of the name, Enter.
  await create.getByLabel('用户名').fill('zhaomin');
  await page.keyboard.press('Tab');
  await expect(create.getByRole('combobox', { name: '角色' })).toBeFocused();
  await page.keyboard.press('Tab');
  const department = create.getByRole('combobox', { name: '所属部门' });
  await expect(department).toBeFocused();
  await page.keyboard.type('公安');
  await expect(page.getByRole('option', { name: '大连市公安局甘井子分局', exact: true })).toBeVisible();
  await expect(page.getByRole('option', { name: '甘井子区民政局', exact: true })).toBeHidden();
  await screenshot(page, 'admin-users-department-typed');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('option', { name: '大连市公安局甘井子分局', exact: true })).toBeHidden();
  await expect(create.getByTestId('user-department')).toContainText('大连市公安局甘井子分局');
  await create.getByRole('button', { name: '新建' }).click();
  await expect(page.getByText('已新建账号“zhaomin”（赵𠮷敏）。首次登录须修改初始密码。')).toBeVisible();
  await expect(create).toBeHidden();
  const created = userRow(page, 'zhaomin');
  await expect(created).toContainText('赵𠮷敏');
  await expect(created).toContainText('后台审批人员');
  await expect(created).toContainText('大连市公安局甘井子分局');
  await expect(created.getByTestId('user-state')).toHaveText('待改密');
  // The list scrolls inside its panel: the new account is at its foot.
  await created.scrollIntoViewIfNeeded();
  await screenshot(page, 'admin-users-created');

  // --- Reset: asks first; cancelling keeps the old password.
  await created.getByRole('button', { name: '重置赵𠮷敏的密码' }).click();
  const reset = page.getByRole('dialog', { name: '重置密码：赵𠮷敏（zhaomin）' });
  await reset.getByLabel('临时密码').fill('short');
  await reset.getByRole('button', { name: '重置密码' }).click();
  await expect(fieldError(reset, '临时密码')).toHaveText('密码至少 8 位，当前为 5 位');
  await reset.getByLabel('临时密码').fill('Again#2026y');
  await reset.getByLabel('确认密码').fill('Again#2026y');
  await reset.getByRole('button', { name: '重置密码' }).click();
  const confirmReset = page.getByRole('dialog', { name: '确认重置密码' });
  await expect(confirmReset).toContainText('确定重置“赵𠮷敏”（zhaomin）的密码？');
  await screenshot(page, 'admin-users-reset-confirm');
  await confirmReset.getByRole('button', { name: '取消' }).click();
  await expect(confirmReset).toBeHidden();
  await reset.getByRole('button', { name: '重置密码' }).click();
  await page.getByRole('dialog', { name: '确认重置密码' }).getByRole('button', { name: '确认重置' }).click();
  await expect(page.getByText('已重置“赵𠮷敏”的密码。该用户下次登录须修改密码。')).toBeVisible();
  await expect(reset).toBeHidden();

  // --- Disable clerk2: asks first; the admin's own account cannot be disabled from here.
  await expect(userRow(page, 'admin').getByRole('button', { name: /停用/ })).toHaveCount(0);
  const clerk2 = userRow(page, 'clerk2');
  await clerk2.getByRole('button', { name: /^停用/ }).click();
  const confirmDisable = page.getByRole('dialog', { name: '停用账号' });
  await expect(confirmDisable).toContainText('不能再登录');
  await confirmDisable.getByRole('button', { name: '确认停用' }).click();
  await expect(clerk2.getByTestId('user-state')).toHaveText('已停用');
  await expect(clerk2.getByRole('button', { name: /^启用/ })).toBeVisible();
  await screenshot(page, 'admin-users-disabled');
  await logout(page);

  // --- The new reviewer logs in with the reset password, must change it, then lands at 审查.
  await tryLogin(page, browserMode, 'zhaomin', 'Start#2026x');
  await expect(page.getByText('用户名或密码错误，请重新输入。')).toBeVisible();
  await tryLogin(page, browserMode, 'zhaomin', 'Again#2026y');
  const forced = page.getByTestId('forced-change');
  await expect(forced).toBeVisible({ timeout: 45_000 });
  await forced.getByLabel('当前密码').fill('Again#2026y');
  await forced.getByLabel('新密码', { exact: true }).fill('Review#2027z');
  await forced.getByLabel('确认新密码').fill('Review#2027z');
  await forced.getByRole('button', { name: '修改密码' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('审查');
  await expect(page.getByTestId('own-department')).toHaveText('本部门：大连市公安局甘井子分局');
  await logout(page);

  // --- The disabled clerk cannot log in, and is told why.
  await tryLogin(page, browserMode, 'clerk2', demoPassword);
  await expect(page.getByText('该账号已停用，请联系管理员。')).toBeVisible();
  await expect(page.getByRole('navigation', { name: '功能区' })).toHaveCount(0);
  await screenshot(page, 'admin-users-disabled-login');

  // --- Enabled again, clerk2 logs in.
  await login(page, browserMode, 'admin');
  await userRow(page, 'clerk2').getByRole('button', { name: /^启用/ }).click();
  await page.getByRole('dialog', { name: '启用账号' }).getByRole('button', { name: '确认启用' }).click();
  await expect(userRow(page, 'clerk2').getByTestId('user-state')).toHaveText('正常');
  await logout(page);
  await login(page, browserMode, 'clerk2');
});
