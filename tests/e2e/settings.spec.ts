import { expect, login, screenshot, test } from './fixtures.ts';

test('admin: audit chain check, and a setting changed with errors shown at the field', async ({ page, browserMode }) => {
  await login(page, browserMode, 'admin');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('系统设置');

  await page.getByRole('button', { name: '校验审计日志' }).click();
  await expect(page.getByTestId('audit-result')).toContainText('审计日志完整');
  await expect(page.getByTestId('audit-result')).toContainText(/共 \d+ 条记录，哈希链校验通过/);

  const row = page.locator('.settings-table tr', { hasText: 'session.idleMinutes' });
  await row.getByRole('button', { name: /修改/ }).click();
  const dialog = page.getByRole('dialog', { name: '修改：空闲自动锁定（分钟）' });
  await expect(dialog).toBeVisible();
  const value = dialog.getByRole('textbox');
  await expect(value).toBeFocused();
  await value.fill('  ');
  await value.press('Enter');
  await expect(dialog.locator('.el-form-item__error')).toHaveText('设置值不能为空');
  await screenshot(page, 'settings-edit-error');

  await value.fill('15');
  await value.press('Enter');
  await expect(page.getByText('已保存“空闲自动锁定（分钟）”。')).toBeVisible();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText('15');
  await screenshot(page, 'settings-saved');

  // The change is on the audit chain, which still verifies.
  await page.getByRole('button', { name: '校验审计日志' }).click();
  await expect(page.getByTestId('audit-result')).toContainText('审计日志完整');
});
