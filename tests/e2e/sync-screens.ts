/**
 * What the sync flows do on the screens, shared by the specs that run browser-mode apps against a
 * real gateway (sync.spec.ts, bundle-scans.spec.ts): logging in at one of several PCs, taking a
 * case at the intake screen (with scans), 立即同步 on the 同步 page, and opening a case from the
 * back office's queue once the gateway has brought it.
 */
import type { Browser, Locator, Page } from '@playwright/test';
import { residentIdCheckChar } from '../../src-main/domain/identity/resident-id.ts';
import { demoPassword, expect } from './fixtures.ts';

/** Logs in at one of the PCs; several apps and a gateway share the machine, so a login may take a while. */
export async function login(page: Page, app: { url: string }, username: string, password = demoPassword): Promise<void> {
  await page.goto(app.url);
  await expect(page.getByRole('heading', { name: '一窗通', level: 1 })).toBeVisible({ timeout: 60_000 });
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByLabel('密码', { exact: true }).press('Enter');
  await expect(page.getByRole('navigation', { name: '功能区' })).toBeVisible({ timeout: 90_000 });
}

/** The centre a PC's login screen names (each PC takes the centre of its registration code). */
export async function expectCentreAtLogin(page: Page, app: { url: string }, centreName: string): Promise<void> {
  await page.goto(app.url);
  await expect(page.getByTestId('centre-name')).toHaveText(centreName, { timeout: 60_000 });
}

/** Logged in: the header and the status bar name the same centre. */
export async function expectCentreOnScreen(page: Page, centreName: string): Promise<void> {
  await expect(page.locator('.app-centre')).toContainText(centreName);
  await expect(page.getByTestId('status-centre')).toHaveText(`中心：${centreName}`);
}

let serial = 0;
/** A valid 甘井子 resident ID that no other case of this run uses (no duplicate warning at intake). */
export function freshIdNumber(): string {
  serial += 1;
  const first17 = `21021119900${(serial % 9) + 1}1${String(serial % 10)}${String(100 + Math.floor(Math.random() * 900))}`;
  return first17 + residentIdCheckChar(first17);
}

export const drawerOf = (page: Page, caseNumber: string) => page.getByRole('dialog', { name: `办件 ${caseNumber}` });
export const actionsOf = (drawer: Locator) => drawer.getByRole('group', { name: '可办理的操作' });
export const queueRow = (page: Page, caseNumber: string) => page.locator('.review-table .el-table__body tr', { hasText: caseNumber });

export async function openSyncPage(page: Page): Promise<void> {
  await page.getByTestId('status-sync').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('同步');
}

/**
 * Opens the case from the 待审 queue once the gateway has brought it (the queue is reopened until
 * it shows). `keyboard`: the reviewer moves to the case number and presses Enter, as one who
 * works without the mouse does.
 */
export async function openFromQueue(page: Page, caseNumber: string, options: { keyboard?: boolean } = {}): Promise<Locator> {
  await page.getByRole('link', { name: '审查', exact: true }).click();
  await expect(page.locator('.el-loading-mask')).toHaveCount(0);
  await page.getByTestId('queue-tab-待审').click();
  await expect(async () => {
    await page.getByTestId('queue-tab-审查中').click();
    await page.getByTestId('queue-tab-待审').click();
    await expect(queueRow(page, caseNumber)).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 60_000 });
  if (options.keyboard) {
    await queueRow(page, caseNumber).locator('.case-number').focus();
    await page.keyboard.press('Enter');
  } else {
    await queueRow(page, caseNumber).click();
  }
  const drawer = drawerOf(page, caseNumber);
  await expect(drawer.getByTestId('case-actions')).toBeVisible();
  return drawer;
}

export async function secondPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  return context.newPage();
}

/** A scan as a scanner would give it: a picture with writing on it (drawn by the browser), as PNG, 480 × 300. */
export async function scannedPage(browser: Browser, text: string): Promise<Buffer> {
  const paper = await browser.newPage({ viewport: { width: 480, height: 300 } });
  await paper.setContent(`<body style="margin:0"><div style="box-sizing:border-box;width:480px;height:300px;padding:32px;border:6px double #b22;background:#fffdf5;font:28px sans-serif;color:#222">${text}</div></body>`);
  const png = await paper.screenshot();
  await paper.close();
  return png;
}

/** A scan the clerk adds at the intake screen: to the row of `material` (its name), or to the first row. */
export interface IntakeScan {
  name: string;
  png: Buffer;
  material?: string;
}

export interface IntakeAccepted {
  caseNumber: string;
  /** A 一件事's children as the result lists them: case number and matter name. */
  children: Array<{ caseNumber: string; matterName: string }>;
}

/**
 * The clerk takes a case (or a 一件事, confirming what it will create) at the intake screen with
 * its scans, and sends it on to the back office (立即流转).
 */
export async function acceptAtIntakeScreen(page: Page, matterName: string, applicant: string, scans: IntakeScan[] = []): Promise<IntakeAccepted> {
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('一窗受理');
  const box = page.getByTestId('matter-select');
  await box.locator('.el-select__wrapper').click();
  await page.keyboard.type(matterName);
  await page.locator('.matter-popper .el-select-dropdown__item', { hasText: matterName }).first().click();
  await expect(page.getByTestId('material-row').first()).toBeVisible();
  await page.getByLabel('证件号码', { exact: true }).fill(freshIdNumber());
  await page.getByLabel('姓名', { exact: true }).fill(applicant);
  await page.getByLabel('联系电话', { exact: true }).fill('13904112222');
  await page.getByTestId('materials-all-received').click();
  for (const scan of scans) {
    const rows = page.getByTestId('material-row');
    const row = scan.material ? rows.filter({ has: page.locator('.m-title', { hasText: new RegExp(`^${scan.material}$`) }) }) : rows.first();
    await row.locator('input[type="file"]').setInputFiles({ name: scan.name, mimeType: 'image/png', buffer: scan.png });
    await expect(row.getByTestId('material-files')).toContainText(scan.name);
  }
  await page.getByTestId('decide-accept').click();
  // A 一件事 says what it will create first (将生成 1 个一件事总件和 N 个事项办件).
  const confirm = page.getByRole('button', { name: /^确认受理（\d+ 个办件）$/ });
  await expect(page.getByTestId('intake-result').or(confirm)).toBeVisible({ timeout: 30_000 });
  if (await confirm.isVisible()) await confirm.click();
  await expect(page.getByTestId('intake-result')).toBeVisible({ timeout: 30_000 });
  const caseNumber = (await page.getByTestId('result-case-number').innerText()).trim();
  const children: IntakeAccepted['children'] = [];
  for (const row of await page.getByTestId('result-children').locator('tbody tr').all()) {
    const [number, matter] = await row.locator('td').allInnerTexts();
    children.push({ caseNumber: (number ?? '').trim(), matterName: (matter ?? '').trim() });
  }
  await page.getByTestId('send-on-now').click();
  await expect(page.getByTestId('send-on-notice')).toContainText('已流转');
  return { caseNumber, children };
}

/** 立即同步 on the 同步 page; resolves with the message it showed. */
export async function syncNowOnScreen(page: Page): Promise<string> {
  if ((await page.getByRole('heading', { level: 1 }).innerText()) !== '同步') await openSyncPage(page);
  await page.getByTestId('sync-now').click();
  const done = page.locator('.el-message', { hasText: '同步完成' }).last();
  await expect(done).toBeVisible({ timeout: 60_000 });
  return done.innerText();
}
