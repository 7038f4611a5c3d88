import Database from 'better-sqlite3';
import { join } from 'node:path';
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

test('supervisor: the audit trail filtered by user and action, in pages', async ({ page, browserMode }) => {
  await login(page, browserMode, 'supervisor');
  await page.getByRole('navigation', { name: '功能区' }).getByText('设置').click();
  const panel = page.getByTestId('audit-panel');
  await expect(panel.getByRole('heading', { name: '审计日志', level: 2 })).toBeVisible();
  const rows = page.getByTestId('audit-table').locator('.el-table__body tr');
  await expect(rows.first()).toBeVisible();

  await panel.getByLabel('用户名').fill('supervisor');
  await panel.locator('.filter-action .el-select__wrapper').click();
  await page.locator('.el-select-dropdown__item').getByText('登录', { exact: true }).click();
  await panel.getByRole('button', { name: '查询' }).click();
  await expect(rows.first()).toContainText('登录');
  await expect(rows.first()).toContainText('窗口负责人');
  await expect(rows.first()).toContainText('成功');
  await screenshot(page, 'audit-list-filtered');

  // Paging: the whole trail is longer than a page.
  await panel.getByLabel('用户名').fill('');
  await panel.locator('.filter-action .el-select__wrapper').hover();
  await panel.locator('.filter-action .el-select__clear').click();
  await panel.getByRole('button', { name: '查询' }).click();
  await expect(rows).toHaveCount(20);
  const firstSeq = await rows.first().locator('td').first().innerText();
  await panel.locator('.audit-pages').getByRole('button', { name: /下一页|next/i }).click();
  await expect(rows.first().locator('td').first()).not.toHaveText(firstSeq);
});

test('the 校验 button names the first broken link after the file was edited behind the app', async ({ page, browserMode }) => {
  // What someone with the database file would do: drop the append-only guard and edit a row.
  const raw = new Database(join(browserMode.dataDir, 'onewindow.db'));
  const victim = raw.prepare("SELECT seq FROM audit_log WHERE action = 'demo.seed'").get() as { seq: number };
  raw.exec('DROP TRIGGER audit_log_no_update');
  raw.prepare("UPDATE audit_log SET target = 'forged' WHERE seq = ?").run(victim.seq);
  raw.close();

  await login(page, browserMode, 'admin');
  await page.getByRole('button', { name: '校验审计日志' }).click();
  const result = page.getByTestId('audit-result');
  await expect(result).toContainText('审计日志已被改动');
  await expect(result).toContainText(`第一处断点：第 ${victim.seq} 条（记录时间 `);
  await expect(result).toContainText('记录被篡改');
  await screenshot(page, 'audit-verify-broken');
});
