import Database from 'better-sqlite3';
import { join } from 'node:path';
import { apiAs, expect, login, screenshot, test } from './fixtures.ts';

test('admin: audit chain check, and a setting changed with errors shown at the field', async ({ page, browserMode }) => {
  await login(page, browserMode, 'admin');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('系统设置');

  await page.getByRole('button', { name: '校验审计日志' }).click();
  await expect(page.getByTestId('audit-result')).toContainText('审计日志完整');
  await expect(page.getByTestId('audit-result')).toContainText(/共 \d+ 条记录，哈希链校验通过/);

  const row = page.locator('.settings-table tr', { hasText: '空闲自动锁定（分钟）' });
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

test('settings: every setting in Chinese with its help, the app’s own records hidden, no code names in errors', async ({ page, browserMode }) => {
  await login(page, browserMode, 'admin');
  const panel = page.getByTestId('settings-panel');
  const table = panel.locator('.settings-table');
  await expect(table.locator('.el-table__body tr').first()).toBeVisible();
  // No key of the setting table shows, and the data key's check value (crypto.keyCheck) never leaves main.
  for (const key of ['duplicate.windowDays', 'session.idleMinutes', 'rating.followUpDays', 'notice.verifyBaseUrl', 'site.mode', 'crypto.keyCheck', 'keyCheck', 'device.']) {
    await expect(table).not.toContainText(key);
  }
  for (const label of ['重复办件提示天数', '空闲自动锁定（分钟）', '差评回访期限（工作日）', '文书核验网址', '站点模式']) {
    await expect(table.locator('.setting-label', { hasText: label })).toHaveCount(1);
  }
  const followUp = table.locator('.el-table__body tr', { hasText: '差评回访期限（工作日）' });
  await expect(followUp).toContainText('须在此工作日数内办结');
  await expect(followUp).toContainText('未设置（默认：5）');
  await expect(table.locator('.el-table__body tr', { hasText: '站点模式' })).toContainText('演示');
  await panel.scrollIntoViewIfNeeded();
  await screenshot(page, 'settings-labels');

  // A wrong value: the message names the setting in Chinese, never the code's field ("value").
  await followUp.getByRole('button', { name: '修改差评回访期限（工作日）' }).click();
  const dialog = page.getByRole('dialog', { name: '修改：差评回访期限（工作日）' });
  await expect(dialog).toContainText('不满意');
  await dialog.getByRole('textbox').fill('0');
  await dialog.getByRole('textbox').press('Enter');
  const error = dialog.locator('.el-form-item__error');
  await expect(error).toHaveText('差评回访期限（工作日）须为 1–9999 之间的整数');
  await dialog.getByRole('textbox').fill('7');
  await dialog.getByRole('textbox').press('Enter');
  await expect(followUp).toContainText('7');

  // Main's own answer to a wrong value (a call that skipped the screen) has no English field name either.
  const refused = await apiAs(browserMode, 'admin', 'settings/set', { key: 'notice.verifyBaseUrl', value: 'zwfw.example' }).then(
    () => '',
    (caught: Error) => caught.message,
  );
  expect(refused).toContain('文书核验网址须为以 https:// 开头的完整网址');
  expect(refused).not.toMatch(/value|key/);

  const verifyUrl = table.locator('.el-table__body tr', { hasText: '文书核验网址' });
  await verifyUrl.getByRole('button', { name: '修改文书核验网址' }).click();
  const urlDialog = page.getByRole('dialog', { name: '修改：文书核验网址' });
  await urlDialog.getByRole('textbox').fill('zwfw.example');
  await urlDialog.getByRole('textbox').press('Enter');
  await expect(urlDialog.locator('.el-form-item__error')).toHaveText('文书核验网址须为以 https:// 开头的完整网址，例如 https://zwfw.example.gov.cn');
  await screenshot(page, 'settings-url-error');
  await urlDialog.getByRole('textbox').fill('https://zwfw.dl.example.gov.cn');
  await urlDialog.getByRole('textbox').press('Enter');
  await expect(verifyUrl).toContainText('https://zwfw.dl.example.gov.cn');
});

test('audit: every action in Chinese; exports and 查看完整信息 each filtered', async ({ page, browserMode }) => {
  // What the supervisor did today: a daily-log export and a full view of a case's personal data.
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  await apiAs(browserMode, 'supervisor', 'exports/create', { from: today, to: today, format: 'csv' });
  const cases = await apiAs<{ rows: Array<{ id: string; caseNumber: string | null }> }>(browserMode, 'supervisor', 'cases/list', { page: 1, pageSize: 1 });
  const revealed = cases.rows[0];
  if (!revealed) throw new Error('the demo store has no cases');
  await apiAs(browserMode, 'supervisor', 'cases/revealPersonalData', { caseId: revealed.id });

  await login(page, browserMode, 'admin');
  const panel = page.getByTestId('audit-panel');
  const rows = page.getByTestId('audit-table').locator('.el-table__body tr');
  await expect(rows.first()).toBeVisible();
  // The action column (the fifth) never shows main's code (export.write, user.create…).
  const actions = await rows.locator('td:nth-child(5)').allInnerTexts();
  expect(actions.length).toBeGreaterThan(0);
  for (const action of actions) expect(action).not.toMatch(/[a-z]+\.[a-zA-Z]+|其他操作/);

  const chooseAction = async (label: string) => {
    await panel.locator('.filter-action .el-select__wrapper').click();
    await page.locator('.el-select-dropdown__item:visible').getByText(label, { exact: true }).click();
    await panel.getByRole('button', { name: '查询' }).click();
  };
  await chooseAction('导出文件（全部，含定时导出）');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('导出文件');
  await expect(rows.first()).toContainText('窗口负责人');
  await expect(rows.first()).toContainText('.csv');
  await screenshot(page, 'audit-filter-exports');

  await chooseAction('查看完整信息');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('查看完整信息');
  await expect(rows.first()).toContainText(revealed.caseNumber ?? revealed.id);
  await screenshot(page, 'audit-filter-reveal');
});
