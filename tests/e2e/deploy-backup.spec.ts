import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, login, screenshot, test } from './fixtures.ts';

const passphrase = '柜台三号的备份口令 2026';

test('backup now, export the recovery key, a wrong passphrase changes nothing, the right one restores', async ({ page, browserMode }) => {
  const keyDir = await mkdtemp(join(tmpdir(), 'onewindow-e2e-key-'));
  try {
    await login(page, browserMode, 'admin');
    const panel = page.getByTestId('backup-panel');
    await expect(panel).toContainText('还没有备份');
    await page.getByTestId('backup-run').click();
    await expect(page.getByText(/备份完成并已校验/)).toBeVisible({ timeout: 60_000 });
    const rows = page.getByTestId('backup-table').locator('.el-table__body tr');
    await expect(rows).toHaveCount(1);

    // The recovery key: a passphrase too short is refused at the field, then the file is downloaded.
    await page.getByTestId('recovery-export-open').click();
    await page.getByTestId('recovery-export-passphrase').fill('太短的口令');
    await page.getByTestId('recovery-export-again').fill('太短的口令');
    await page.getByTestId('recovery-export-submit').click();
    await expect(page.getByText('口令至少 12 个字符')).toBeVisible();
    await page.getByTestId('recovery-export-passphrase').fill(passphrase);
    await page.getByTestId('recovery-export-again').fill(passphrase);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('recovery-export-submit').click()]);
    expect(download.suggestedFilename()).toMatch(/^onewindow-recovery-key-.+\.json$/);
    const keyPath = join(keyDir, download.suggestedFilename());
    await download.saveAs(keyPath);
    expect(JSON.parse(await readFile(keyPath, 'utf8'))).toMatchObject({ kind: 'onewindow-recovery-key' });

    // A change made after the backup: the kiosk switch goes on.
    await page.getByTestId('site-kiosk').click();
    await expect(page.getByTestId('source-kiosk.enabled')).toHaveText('本机设置');

    // A wrong passphrase: said in Chinese at the field, and nothing changes.
    await rows.first().getByRole('button', { name: '恢复' }).click();
    const dialog = page.getByTestId('restore-dialog');
    await dialog.getByTestId('restore-key-file').setInputFiles(keyPath);
    await dialog.getByTestId('restore-passphrase').fill('不是这句口令 2026');
    await dialog.getByTestId('restore-submit').click();
    await expect(dialog.getByText('恢复密钥口令不对（或文件被改动过），无法打开。请核对口令后重试；什么都没有改动。')).toBeVisible();
    await screenshot(page, 'deploy-restore-wrong-passphrase');
    await dialog.getByRole('button', { name: '取消' }).click();
    await page.getByTestId('site-config').getByRole('button', { name: '刷新' }).click();
    await expect(page.getByTestId('source-kiosk.enabled')).toHaveText('本机设置');
    await screenshot(page, 'deploy-backup-panel');

    // The right passphrase: the services restart on the backup's data, everyone logs in again.
    await rows.first().getByRole('button', { name: '恢复' }).click();
    await dialog.getByTestId('restore-key-file').setInputFiles(keyPath);
    await dialog.getByTestId('restore-passphrase').fill(passphrase);
    await dialog.getByTestId('restore-submit').click();
    // The login screen says why it is back: the restore, not an expired session.
    const notice = page.getByTestId('login-notice');
    await expect(notice).toContainText('已从备份恢复，请重新登录。', { timeout: 60_000 });
    await expect(notice).toContainText(/恢复了 \d+ 件办件，服务已重新启动/);
    await expect(notice).not.toContainText('登录已过期');
    await screenshot(page, 'deploy-restored-login');
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码', { exact: true }).fill('Demo@2026');
    await page.getByLabel('密码', { exact: true }).press('Enter');
    await expect(page.getByRole('navigation', { name: '功能区' })).toBeVisible({ timeout: 45_000 });
    // Back to before the change: the kiosk switch is off again, and the backup is still listed.
    await expect(page.getByTestId('source-kiosk.enabled')).toHaveText('默认值');
    await expect(page.getByTestId('backup-table').locator('.el-table__body tr')).toHaveCount(1);
  } finally {
    await rm(keyDir, { recursive: true, force: true });
  }
});
