/**
 * A 一件事's scans at the centre that decides one of its children (跨区通办), through the screens
 * (docs/sync.md, attachments: "A 一件事's scans"). Two browser-mode apps in their own processes and
 * data folders and a real gateway process on its own embedded PostgreSQL, all on loopback:
 *   - at 甘井子 (210211) the clerk takes 退休一件事 at the intake screen with two scans: the
 *     住房公积金提取申请书 (a material of the city's 公积金 matter only) and the 职工退休申请表 (a
 *     material of 甘井子's 人社 matter only), sends it on and syncs;
 *   - at the city's (210200) 公积金 back office, which decides the 公积金 child, the reviewer opens
 *     the child from the queue by keyboard, sees the parent's scan of the child's own material
 *     listed (on the central platform, fetched when opened) and not the parent's other scan,
 *     opens it (the picture shows), and once the PC has lost its link to the gateway opens it
 *     again from what was fetched.
 * The deciding centre is the city's: the demo catalogue's 一件事 have matters of 甘井子 and of the
 * city only (中山 210202 has none), and the rule is the same for any centre other than the taking
 * one. The unit test beside it (tests/unit/sync/bundle-scans-gateway.test.ts) checks the refusals.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerApp, startBrowserApp, type BrowserApp } from '../../scripts/sync-apps.ts';
import { startDemoGateway, type DemoGateway } from '../../scripts/sync-gateway.ts';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.ts';
import { expect, screenshot, test } from './fixtures.ts';
import { acceptAtIntakeScreen, login, openFromQueue, scannedPage, secondPage, syncNowOnScreen } from './sync-screens.ts';

let dir: string;
let gateway: DemoGateway;
let windowPc: BrowserApp;
let city: BrowserApp;
/** The city back office's network link to the gateway, which the test cuts. */
let cityLink: FaultProxy;
const renderer = process.env.ONEWINDOW_E2E_RENDERER;

test.beforeAll(async () => {
  test.setTimeout(600_000);
  dir = mkdtempSync(join(tmpdir(), 'onewindow-e2e-bundle-scans-'));
  gateway = await startDemoGateway(dir, randomBytes(32).toString('hex'));
  [windowPc, city] = await Promise.all([startBrowserApp({ label: 'e2e-window', renderer }), startBrowserApp({ label: 'e2e-city', renderer })]);
  cityLink = await startFaultProxy(gateway.url);
  await registerApp(windowPc, gateway.url, await gateway.issueCode('210211', 'window'), '甘井子 3号窗口');
  await registerApp(city, cityLink.url, await gateway.issueCode('210200', 'backoffice'), '市公积金中心后台');
});

test.afterAll(async () => {
  for (const app of [windowPc, city]) await app?.stop();
  await cityLink?.close();
  await gateway?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test("a 一件事 child decided at the city lists and opens the parent's scan of its own material, online and then offline", async ({ page, browser }) => {
  test.setTimeout(600_000);
  const applicant = '退休赵六';
  const forCity = {
    material: '住房公积金提取申请书',
    name: `${applicant}-住房公积金提取申请书.png`,
    png: await scannedPage(browser, `住房公积金提取申请书<br><br>申请人：${applicant}<br>（扫描件）`),
  };
  const notForCity = {
    material: '职工退休申请表',
    name: `${applicant}-职工退休申请表.png`,
    png: await scannedPage(browser, `职工退休申请表<br><br>申请人：${applicant}<br>（扫描件）`),
  };

  // --- 甘井子's window takes the 一件事 with both scans, sends it on and syncs.
  await login(page, windowPc, 'clerk');
  const accepted = await acceptAtIntakeScreen(page, '退休一件事', applicant, [forCity, notForCity]);
  expect(accepted.children.map((c) => c.matterName).sort()).toEqual(['住房公积金提取（离退休）', '职工退休申请（基本养老金申领）', '退休人员职工医保待遇核定'].sort());
  const child = accepted.children.find((c) => c.matterName === '住房公积金提取（离退休）');
  if (!child) throw new Error('退休一件事 has a 公积金 child');
  expect(child.caseNumber.slice(0, 6)).toBe('210211');
  expect(await syncNowOnScreen(page)).toMatch(/^同步完成/);
  await expect(page.getByTestId('sync-page-pending')).toHaveText('0', { timeout: 60_000 });
  await expect(page.getByTestId('sync-page-rejected')).toHaveText('0');

  // --- The city's 公积金 reviewer opens the child from the queue, by keyboard.
  const office = await secondPage(browser);
  await login(office, city, 'reviewer-dl-gjj');
  const drawer = await openFromQueue(office, child.caseNumber, { keyboard: true });
  await expect(drawer).toContainText(applicant);
  const scans = drawer.getByTestId('case-scans');
  // The parent's scan of the child's own material, named with that material; not the parent's other scan.
  await expect(scans.locator('.case-scan')).toHaveCount(1);
  await expect(scans).toContainText(forCity.name);
  await expect(scans).toContainText(forCity.material);
  await expect(scans).toContainText('在中心平台，打开时取回');
  await expect(drawer).not.toContainText(notForCity.name);
  // The size stays on one line in the drawer's width (it wrapped as 「13」 over 「KB」).
  expect(await scans.locator('.case-scan-size').evaluate((size) => (size as unknown as { getClientRects(): { length: number } }).getClientRects().length)).toBe(1);
  await scans.scrollIntoViewIfNeeded();
  await screenshot(office, 'bundle-scans-01-child-lists-parent-scan');

  // Opened with Enter on 查看: fetched from the gateway, the picture shows; Escape closes the viewer only.
  const view = scans.getByRole('button', { name: `查看扫描件 ${forCity.name}` });
  const viewer = office.getByRole('dialog', { name: forCity.name });
  const picture = viewer.getByRole('img', { name: forCity.name });
  const openByKeyboard = async (): Promise<void> => {
    await view.focus();
    await office.keyboard.press('Enter');
    await expect(picture).toBeVisible({ timeout: 30_000 });
    expect(await picture.evaluate((img) => (img as unknown as { naturalWidth: number; naturalHeight: number }).naturalWidth)).toBe(480);
    expect(await picture.evaluate((img) => (img as unknown as { naturalHeight: number }).naturalHeight)).toBe(300);
    // Shown whole, inside the viewer.
    const [shown, frame] = [await picture.boundingBox(), await viewer.locator('.el-dialog').boundingBox()];
    expect(shown && frame && shown.x >= frame.x && shown.y >= frame.y && shown.x + shown.width <= frame.x + frame.width && shown.y + shown.height <= frame.y + frame.height).toBe(true);
    expect(shown?.width).toBe(480);
  };
  await openByKeyboard();
  await screenshot(office, 'bundle-scans-02-parent-scan-opened');
  await office.keyboard.press('Escape');
  await expect(viewer).toBeHidden();
  await expect(drawer).toBeVisible();
  // Now on this PC: the list says so.
  await expect(scans).not.toContainText('在中心平台，打开时取回');
  await expect(scans).toContainText(forCity.name);
  await screenshot(office, 'bundle-scans-03-scan-on-this-pc');

  // --- The back office loses its link to the gateway: the scan still opens, from this PC.
  cityLink.offline();
  await expect(office.getByTestId('sync-state')).toHaveText('离线', { timeout: 60_000 });
  await openByKeyboard();
  await expect(viewer.getByTestId('scan-error')).toHaveCount(0);
  await screenshot(office, 'bundle-scans-04-opened-offline');
  await office.keyboard.press('Escape');
  await expect(viewer).toBeHidden();
  cityLink.online();
  await office.context().close();
});
