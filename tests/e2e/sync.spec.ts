/**
 * Sync through the screens: browser-mode apps in their own processes and data folders, a real
 * gateway process on its own embedded PostgreSQL, all on loopback and free ports, stopped after.
 * Each PC that goes "offline" reaches the gateway through its own fault proxy
 * (tests/helpers/fault-proxy.ts), which resets every connection while the PC's link is down, so
 * one PC can lose the network while the others stay online, as in a hall.
 *   - the issue's story: the window accepts with a scan while its link is down (离线, 待发送), the
 *     link comes back (立即同步), the 市场监管 reviewer sees the case within seconds, opens its scan
 *     (fetched from the gateway), claims and approves it,
 *     the decision comes back, the window hands over and the applicant rates;
 *   - two reviewers claim the same case while cut off: the later one sees why, in Chinese;
 *   - the issue's 跨区通办 case between two centres: 甘井子's window (210211) takes a matter of 中山
 *     (210202), a back office registered with 中山's code (so it is 中山's, name and 区划) decides
 *     it, and the decision comes back to 甘井子's window.
 * The back office is registered through the admin screen; the other PCs through the same API.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { registerApp, startBrowserApp, type BrowserApp } from '../../scripts/sync-apps.ts';
import { startDemoGateway, type DemoGateway } from '../../scripts/sync-gateway.ts';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.ts';
import { expect, logout, screenshot, test } from './fixtures.ts';
import { actionsOf, acceptAtIntakeScreen, drawerOf, expectCentreAtLogin, expectCentreOnScreen, freshIdNumber, login, openFromQueue, openSyncPage, scannedPage, secondPage, syncNowOnScreen } from './sync-screens.ts';

// Four apps, a gateway and its PostgreSQL on one machine: the tests run one after another and
// wait generously for logins (login in sync-screens.ts).
test.describe.configure({ mode: 'serial' });

let dir: string;
let gateway: DemoGateway;
let windowPc: BrowserApp;
let backOffice: BrowserApp;
/** The window's and the back office's links to the gateway. */
let windowLink: FaultProxy;
let officeLink: FaultProxy;
const extra: BrowserApp[] = [];
const proxies: FaultProxy[] = [];
const renderer = process.env.ONEWINDOW_E2E_RENDERER;

test.beforeAll(async () => {
  test.setTimeout(600_000);
  dir = mkdtempSync(join(tmpdir(), 'onewindow-e2e-sync-'));
  gateway = await startDemoGateway(dir, randomBytes(32).toString('hex'));
  [windowPc, backOffice] = await Promise.all([startBrowserApp({ label: 'e2e-window', renderer }), startBrowserApp({ label: 'e2e-backoffice', renderer })]);
  windowLink = await link();
  officeLink = await link();
  await registerApp(windowPc, windowLink.url, await gateway.issueCode('210211', 'window'), '甘井子 3号窗口');
});

test.afterAll(async () => {
  for (const app of [windowPc, backOffice, ...extra]) await app?.stop();
  for (const proxy of proxies) await proxy.close();
  await gateway?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A PC's own network link to the gateway, which the test can cut. */
async function link(): Promise<FaultProxy> {
  const proxy = await startFaultProxy(gateway.url);
  proxies.push(proxy);
  return proxy;
}

/** Accepts a case and hands it to the back office through the window's API (the intake screen has its own tests). */
async function acceptAndTransfer(app: BrowserApp, matterCode: string, applicant: string): Promise<{ caseId: string; caseNumber: string }> {
  const clerk = await app.login('clerk');
  const checklist = await app.api<{ target: unknown; materials: Array<{ key: string }> }>('catalogue/checklist', { target: { kind: 'matter', matterCode } }, clerk);
  const accepted = await app.api<{ caseId: string; caseNumber: string }>('intake/accept', {
    target: checklist.target,
    applicant: { type: 'individual', name: applicant, idType: 'resident_id', idNumber: freshIdNumber(), phone: '13904112222' },
    channel: 'window',
    materials: checklist.materials.map((m) => ({ key: m.key, status: 'received' })),
  }, clerk);
  await app.api('cases/act', { caseId: accepted.caseId, act: { action: 'case.transferred' } }, clerk);
  return accepted;
}

async function syncNowByApi(app: BrowserApp): Promise<{ pushed: number; rejected: number }> {
  return app.api('sync/now', {}, await app.login('admin'));
}

async function runAction(page: Page, drawer: Locator, label: string): Promise<void> {
  await actionsOf(drawer).getByRole('button', { name: label, exact: true }).click();
  await expect(page.getByText(`「${label}」已办理。`).last()).toBeVisible();
  await expect(page.locator('.el-loading-mask')).toHaveCount(0);
}

async function formAction(page: Page, drawer: Locator, label: string, fill: (dialog: Locator) => Promise<void>): Promise<void> {
  await actionsOf(drawer).getByRole('button', { name: label, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: label, exact: true });
  await expect(dialog).toBeVisible();
  await fill(dialog);
  await dialog.getByRole('button', { name: `确定${label}` }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`「${label}」已办理。`).last()).toBeVisible();
}

/** The window's clerk opens the case from 办件 (reloading until the gateway's news has arrived). */
async function openAtWindow(page: Page, applicant: string, caseNumber: string, expectStatus: string): Promise<Locator> {
  await expect(async () => {
    await page.getByRole('link', { name: '办件', exact: true }).click();
    const box = page.getByLabel('查找办件');
    await box.fill(applicant);
    await box.press('Enter');
    await expect(page.locator('.el-loading-mask')).toHaveCount(0);
    await expect(page.locator('.case-table .el-table__body tr', { hasText: caseNumber })).toContainText(expectStatus, { timeout: 2000 });
  }).toPass({ timeout: 60_000 });
  await page.locator('.case-table .el-table__body tr', { hasText: caseNumber }).locator('.case-number').click();
  const drawer = drawerOf(page, caseNumber);
  await expect(drawer.getByTestId('case-actions')).toBeVisible();
  return drawer;
}

test('the story: offline accept at the window, network back, the reviewer approves, hand-over and rating', async ({ page, browser }) => {
  test.setTimeout(600_000);
  const applicant = '同步故事甲';

  // --- The admin registers the back office from the 同步 page.
  const office = await secondPage(browser);
  await login(office, backOffice, 'admin');
  await office.getByRole('link', { name: '同步', exact: true }).click();
  await expect(office.getByTestId('sync-page-state')).toHaveText('未注册（仅本机）');
  await office.getByTestId('sync-gateway-url').fill('http://10.20.30.40:8080');
  await office.getByTestId('sync-code').fill(await gateway.issueCode('210211', 'backoffice'));
  await office.getByTestId('sync-device-name').fill('市场监管局后台1');
  await office.getByTestId('sync-register-submit').click();
  await expect(office.getByText(/不能用未加密的 http 连接 10\.20\.30\.40/)).toBeVisible();
  await office.getByTestId('sync-gateway-url').fill(officeLink.url);
  await office.getByTestId('sync-register-submit').click();
  await expect(office.getByTestId('sync-device-code')).toHaveText(/^[0-9A-Z]{3}$/, { timeout: 30_000 });
  await expect(office.getByTestId('sync-page-state')).toHaveText('在线', { timeout: 30_000 });
  await screenshot(office, 'sync-01-admin-registered');
  await logout(office);
  // The reviewer is at the back office before the case exists: it arrives by itself.
  await login(office, backOffice, 'reviewer');
  await office.getByRole('link', { name: '审查', exact: true }).click();

  // --- 09:00, the window's network is down: the clerk accepts anyway, and the screen says what waits.
  windowLink.offline();
  await login(page, windowPc, 'clerk');
  await expect(page.getByTestId('sync-state')).toHaveText('离线', { timeout: 60_000 });
  const scan = { name: `${applicant}-设立登记申请书.png`, png: await scannedPage(browser, `公司设立登记申请书<br><br>申请人：${applicant}<br>（扫描件）`) };
  const { caseNumber } = await acceptAtIntakeScreen(page, '企业设立登记', applicant, [scan]);
  await expect(page.getByTestId('sync-pending')).toHaveText('待发送 2 条', { timeout: 15_000 });
  await expect(page.getByTestId('sync-error')).toContainText('中心平台');
  await openSyncPage(page);
  await expect(page.getByTestId('sync-page-state')).toHaveText('离线');
  await expect(page.getByTestId('sync-page-error')).toContainText('稍后自动重试');
  const waiting = page.getByTestId('sync-items').locator('.el-table__body tr', { hasText: caseNumber });
  await expect(waiting).toHaveCount(2);
  await expect(waiting.first()).toContainText('待发送');
  await screenshot(page, 'sync-02-window-offline');

  // --- 09:20, the network is back: 立即同步 sends both (unless the background retry got there first).
  windowLink.online();
  expect(await syncNowOnScreen(page)).toMatch(/^同步完成：发送 [0-2] 条/);
  await expect(page.getByTestId('sync-page-state')).toHaveText('在线');
  await expect(page.getByTestId('sync-page-pending')).toHaveText('0');
  await expect(page.getByTestId('sync-items')).toContainText('没有待发送或被拒收的记录');
  await screenshot(page, 'sync-03-window-online');

  // --- Within seconds, with nobody pressing anything, the 市场监管 reviewer sees it, claims it and approves it.
  const drawer = await openFromQueue(office, caseNumber);
  await expect(drawer).toContainText(applicant);
  // The scan taken offline at the window came with the case: named here, fetched from the gateway when opened.
  const scans = drawer.getByTestId('case-scans');
  await expect(scans).toContainText(scan.name);
  await expect(scans).toContainText('在中心平台，打开时取回');
  await scans.getByRole('button', { name: `查看扫描件 ${scan.name}` }).click();
  const viewer = office.getByRole('dialog', { name: scan.name });
  const picture = viewer.getByRole('img', { name: scan.name });
  await expect(picture).toBeVisible({ timeout: 30_000 });
  expect(await picture.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(480);
  await screenshot(office, 'sync-04a-reviewer-sees-scan');
  await viewer.locator('.el-dialog__headerbtn').click();
  await expect(viewer).toBeHidden();
  await expect(scans).not.toContainText('在中心平台，打开时取回');
  await runAction(office, drawer, '认领');
  await formAction(office, drawer, '承办', (d) => d.getByLabel('承办意见').fill('材料齐全，同意设立'));
  await formAction(office, drawer, '审核', (d) => d.getByLabel('审核意见').fill('同意'));
  await formAction(office, drawer, '作出决定', (d) => d.getByText('准予许可', { exact: true }).click());
  await screenshot(office, 'sync-04-reviewer-decided');

  // --- The decision comes back: the window hands over the licence, the applicant rates.
  const atWindow = await openAtWindow(page, applicant, caseNumber, '待出件');
  await formAction(page, atWindow, '出件', async (d) => {
    await d.getByLabel('领取人姓名').fill(applicant);
    await d.getByLabel('领取人身份证号码').fill(freshIdNumber());
  });
  await formAction(page, atWindow, '办结', async () => undefined);
  await actionsOf(atWindow).getByRole('button', { name: '评价', exact: true }).click();
  const rating = page.getByRole('dialog', { name: '好差评' });
  await rating.getByRole('radio', { name: '非常满意' }).click();
  await rating.getByRole('button', { name: '提交评价' }).click();
  await rating.getByRole('button', { name: '完成' }).click();
  await expect(atWindow.getByTestId('case-rating')).toContainText('非常满意');
  // The hand-over, closing and rating reach the gateway in the background too.
  await expect(page.getByTestId('sync-pending')).toHaveText('待发送 0 条', { timeout: 60_000 });
  await screenshot(page, 'sync-05-window-rated');
  await office.context().close();
});

test('two reviewers claim the same case offline: the later one sees why, in Chinese', async ({ page, browser }) => {
  test.setTimeout(600_000);
  const other = await startBrowserApp({ label: 'e2e-backoffice2', renderer });
  extra.push(other);
  const otherLink = await link();
  await registerApp(other, otherLink.url, await gateway.issueCode('210211', 'backoffice'), '市场监管局后台2');
  const admin = await other.login('admin');
  await other.api('users/create', { username: 'zhangsan', displayName: '张三', role: 'reviewer', departmentCode: 'GJZ-SCJG', temporaryPassword: 'Temp@2026x' }, admin);
  const first = await other.api<{ token: string }>('session/login', { username: 'zhangsan', password: 'Temp@2026x' });
  await other.api('session/changePassword', { currentPassword: 'Temp@2026x', newPassword: 'Zhang@2026x' }, first.token);

  const { caseNumber } = await acceptAndTransfer(windowPc, 'GJZ-SCJG-0003', '认领冲突乙');
  await syncNowByApi(windowPc);
  await syncNowByApi(backOffice);
  await syncNowByApi(other);

  // Both back offices lose the network; each reviewer claims the case on their own screen.
  const office = await secondPage(browser);
  await login(office, backOffice, 'reviewer');
  await login(page, other, 'zhangsan', 'Zhang@2026x');
  const officeDrawer = await openFromQueue(office, caseNumber);
  const otherDrawer = await openFromQueue(page, caseNumber);
  officeLink.offline();
  otherLink.offline();
  await runAction(office, officeDrawer, '认领');
  await runAction(page, otherDrawer, '认领');

  // 李强's PC gets its network back first and sends its claim (立即同步 on its 同步 page).
  officeLink.online();
  await office.keyboard.press('Escape');
  expect(await syncNowOnScreen(office)).toMatch(/^同步完成：发送 [01] 条/);
  await expect(office.getByTestId('sync-page-pending')).toHaveText('0');
  await expect(office.getByTestId('sync-page-rejected')).toHaveText('0');

  // Then 张三's: the gateway refuses the later claim, and 张三 is told why.
  otherLink.online();
  await page.keyboard.press('Escape');
  await openSyncPage(page);
  // 立即同步; the background sync may already have sent the claim once the link came back, so the
  // refusal is looked for where it stays (the list and the counts), not in the click's message.
  await page.getByTestId('sync-now').click();
  await expect(page.getByTestId('sync-page-rejected')).toHaveText('1', { timeout: 60_000 });
  const row = page.getByTestId('sync-items').locator('.el-table__body tr', { hasText: caseNumber });
  await expect(row).toContainText('被拒收');
  await expect(row.getByTestId('sync-item-reason')).toHaveText(/^该件已由李强于\d{1,2}:\d{2}认领/);
  await expect(row).toContainText('请打开办件查看现状');
  await expect(page.getByTestId('sync-rejected')).toHaveText('被拒收 1 条');
  await screenshot(page, 'sync-06-claim-rejected');
  // 「请打开办件查看现状」: 张三 opens the case from the refused item, by keyboard, and sees it as it
  // now stands — 李强 holds it, and his own claim is gone.
  await row.getByRole('button', { name: `打开办件 ${caseNumber}`, exact: true }).focus();
  await page.keyboard.press('Enter');
  const drawer = drawerOf(page, caseNumber);
  await expect(drawer.getByTestId('case-assignee')).toHaveText('李强');
  await expect(drawer).toContainText('审查中');
  await expect(actionsOf(drawer).getByRole('button', { name: '认领', exact: true })).toHaveCount(0);
  await screenshot(page, 'sync-06b-refused-case-opened');
  await office.context().close();
});

test("跨区通办: a case taken at 甘井子 for a matter of 中山 (210202) is decided by 中山's back office and comes back", async ({ page }) => {
  test.setTimeout(600_000);
  const zhongshan = await startBrowserApp({ label: 'e2e-zhongshan', renderer });
  extra.push(zhongshan);
  await registerApp(zhongshan, gateway.url, await gateway.issueCode('210202', 'backoffice'), '中山区市场监管局后台');
  const applicant = '跨区通办丙';
  await login(page, windowPc, 'clerk');
  const { caseNumber } = await acceptAtIntakeScreen(page, '个体工商户变更登记', applicant);
  expect(caseNumber.slice(0, 6)).toBe('210211');
  await logout(page);

  // 中山's back office says 中山 from its login screen on: the PC took the centre of its code.
  await expectCentreAtLogin(page, zhongshan, '大连市中山区政务服务中心');
  await screenshot(page, 'sync-07a-zhongshan-login');
  await login(page, zhongshan, 'reviewer-zs-scjg');
  await expectCentreOnScreen(page, '大连市中山区政务服务中心');
  const drawer = await openFromQueue(page, caseNumber);
  await expect(drawer).toContainText('个体工商户变更登记');
  await runAction(page, drawer, '认领');
  await formAction(page, drawer, '承办', (d) => d.getByLabel('承办意见').fill('同意变更'));
  await formAction(page, drawer, '作出决定', (d) => d.getByText('准予许可', { exact: true }).click());
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await expectCentreOnScreen(page, '大连市中山区政务服务中心');
  await screenshot(page, 'sync-07-cross-region-decided-at-zhongshan');
  await logout(page);

  await expectCentreAtLogin(page, windowPc, '大连市甘井子区政务服务中心');
  await login(page, windowPc, 'clerk');
  await openAtWindow(page, applicant, caseNumber, '待出件');
  await screenshot(page, 'sync-08-cross-region-back-at-window');
});
