import type { Locator, Page } from '@playwright/test';
import { residentIdCheckChar } from '../../src-main/domain/identity/resident-id.ts';
import { demoPassword, expect, login, logout, screenshot, test } from './fixtures.ts';

/** 食品经营许可（新办）: 市场监管 (the demo reviewer's department), 承办 → 审核 → 批准. */
const matterCode = 'GJZ-SCJG-0004';

type ApiResult = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string; field?: string } };

/** Sessions of the API helper, per user (logging in is deliberately slow: a password hash). */
const tokens = new Map<string, string>();

/**
 * Calls the local API from the page as the CLI would: a session of its own (logged in here),
 * plus the per-launch token the page keeps in sessionStorage. No hook into the app's client.
 */
async function api(page: Page, username: string, name: string, input: unknown): Promise<ApiResult> {
  const answer = await page.evaluate(
    async ({ username, password, name, input, known }) => {
      // Runs in the page; the e2e code is type-checked without DOM types.
      const storage = (globalThis as unknown as { sessionStorage: { getItem(key: string): string | null } }).sessionStorage;
      const launch = storage.getItem('onewindow.launch') ?? '';
      const post = async (op: string, body: unknown, token?: string): Promise<ApiResult> => {
        const headers: Record<string, string> = { 'content-type': 'application/json', 'x-onewindow-launch': launch };
        if (token) headers.authorization = `Bearer ${token}`;
        const response = await fetch(`/api/${op}`, { method: 'POST', headers, body: JSON.stringify(body) });
        return (await response.json()) as ApiResult;
      };
      const login = async (): Promise<string | ApiResult> => {
        const session = await post('session/login', { username, password });
        return session.ok ? (session.value as { token: string }).token : session;
      };
      let token = known ?? (await login());
      if (typeof token !== 'string') return { token: null, result: token };
      let result = await post(name, input, token);
      if (!result.ok && (result.error.code === 'UNAUTHENTICATED' || result.error.code === 'LOCKED') && known) {
        token = await login();
        if (typeof token !== 'string') return { token: null, result: token };
        result = await post(name, input, token);
      }
      return { token, result };
    },
    { username, password: demoPassword, name, input, known: tokens.get(username) ?? null },
  );
  if (answer.token) tokens.set(username, answer.token);
  return answer.result;
}

async function apiOk<T>(page: Page, username: string, name: string, input: unknown): Promise<T> {
  const result = await api(page, username, name, input);
  if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

let serial = 0;

/** A valid resident ID that no other case of this run uses (no duplicate warning at intake). */
function freshIdNumber(): string {
  serial += 1;
  const n = serial * 37 + Math.floor(Math.random() * 10_000);
  const month = String((n % 12) + 1).padStart(2, '0');
  const day = String((Math.floor(n / 12) % 28) + 1).padStart(2, '0');
  const first17 = `2102111988${month}${day}${String(n % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

/** Accepts a 食品经营许可 case at the window (the intake screen is another engineer's; the API is the same). */
async function acceptCase(page: Page, applicantName: string): Promise<{ caseId: string; caseNumber: string }> {
  const checklist = await apiOk<{ materials: Array<{ key: string }> }>(page, 'clerk', 'catalogue/checklist', { target: { kind: 'matter', matterCode } });
  const result = await apiOk<{ caseId: string; caseNumber: string }>(page, 'clerk', 'intake/accept', {
    target: { kind: 'matter', matterCode },
    applicant: { type: 'individual', name: applicantName, idType: 'resident_id', idNumber: freshIdNumber(), phone: '13904112222' },
    channel: 'window',
    materials: checklist.materials.map((m) => ({ key: m.key, status: 'received' })),
  });
  return { caseId: result.caseId, caseNumber: result.caseNumber };
}

const drawerOf = (page: Page, caseNumber: string) => page.getByRole('dialog', { name: `办件 ${caseNumber}` });
const actionsOf = (drawer: Locator) => drawer.getByRole('group', { name: '可办理的操作' });

/** The clerk finds the case in 办件 by applicant and opens it. */
async function openFromCases(page: Page, applicantName: string, caseNumber: string): Promise<Locator> {
  await page.getByRole('link', { name: '办件', exact: true }).click();
  const box = page.getByLabel('查找办件');
  await box.fill(applicantName);
  await box.press('Enter');
  await expect(page.locator('.el-loading-mask')).toHaveCount(0);
  await page.locator('.case-table .el-table__body tr', { hasText: caseNumber }).locator('.case-number').click();
  const drawer = drawerOf(page, caseNumber);
  await expect(drawer.getByTestId('case-actions')).toBeVisible();
  return drawer;
}

async function openReview(page: Page): Promise<void> {
  await page.getByRole('link', { name: '审查', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('审查');
  await expect(page.locator('.el-loading-mask')).toHaveCount(0);
}

async function openQueue(page: Page, queue: string): Promise<void> {
  await page.getByTestId(`queue-tab-${queue}`).click();
  await expect(page.locator('.review-table .el-loading-mask')).toHaveCount(0);
}

const queueRow = (page: Page, caseNumber: string) => page.locator('.review-table .el-table__body tr', { hasText: caseNumber });

async function openFromQueue(page: Page, queue: string, caseNumber: string): Promise<Locator> {
  await openReview(page);
  await openQueue(page, queue);
  await queueRow(page, caseNumber).click();
  const drawer = drawerOf(page, caseNumber);
  await expect(drawer.getByTestId('case-actions')).toBeVisible();
  return drawer;
}

/** Clicks an action button of the drawer; returns its form dialog. */
async function startAction(page: Page, drawer: Locator, label: string): Promise<Locator> {
  await actionsOf(drawer).getByRole('button', { name: label, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: label, exact: true });
  await expect(dialog).toBeVisible();
  return dialog;
}

/** Submits an action's dialog and waits for the drawer to show the new state. */
async function confirmAction(page: Page, dialog: Locator, label: string): Promise<void> {
  await dialog.getByRole('button', { name: `确定${label}` }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`「${label}」已办理。`).last()).toBeVisible();
  await expect(page.locator('.el-loading-mask')).toHaveCount(0);
}

/** Runs an action that needs no form (流转, 认领). */
async function runAction(page: Page, drawer: Locator, label: string): Promise<void> {
  await actionsOf(drawer).getByRole('button', { name: label, exact: true }).click();
  await expect(page.getByText(`「${label}」已办理。`).last()).toBeVisible();
  await expect(page.locator('.el-loading-mask')).toHaveCount(0);
}

async function closeDrawer(page: Page, drawer: Locator): Promise<void> {
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
}

async function expectButtons(drawer: Locator, labels: string[]): Promise<void> {
  await expect(actionsOf(drawer).getByRole('button')).toHaveText(labels);
}

test('受审分离 end to end: window → back office → window → 好差评 → supervisor follow-up', async ({ page, browserMode }) => {
  test.setTimeout(480_000);
  const applicant = '审查流程甲';

  // --- The clerk accepts a 食品经营许可 case and hands it to the back office.
  await login(page, browserMode, 'clerk');
  const { caseNumber } = await acceptCase(page, applicant);
  let drawer = await openFromCases(page, applicant, caseNumber);
  await expectButtons(drawer, ['流转', '撤件']);
  await expect(drawer.getByTestId('case-time')).toContainText('剩余 10 个工作日');
  await screenshot(page, 'review-01-clerk-accepted');
  await runAction(page, drawer, '流转');
  await expect(drawer.getByTestId('case-queue')).toHaveText('待审');
  await expect(drawer.getByTestId('case-assignee')).toHaveText('未认领');
  await expectButtons(drawer, ['撤件']); // nothing more for the window until the review is done
  await screenshot(page, 'review-02-clerk-transferred');
  await closeDrawer(page, drawer);
  await logout(page);

  // --- The reviewer of 市场监管 finds it in 待审, with its count.
  await login(page, browserMode, 'reviewer');
  await openReview(page);
  await expect(page.getByTestId('own-department')).toHaveText('本部门：甘井子区市场监督管理局');
  const pendingRows = page.locator('.review-table .el-table__body tr');
  await expect(queueRow(page, caseNumber)).toBeVisible();
  await expect(queueRow(page, caseNumber)).toContainText('未认领');
  await expect(queueRow(page, caseNumber).getByTestId('time-tag')).toHaveText('剩余 10 天');
  await expect(page.getByTestId('queue-count-待审')).toHaveText(String(await pendingRows.count()));
  await screenshot(page, 'review-03-reviewer-queue');

  await queueRow(page, caseNumber).click();
  drawer = drawerOf(page, caseNumber);
  await expectButtons(drawer, ['认领']);
  await runAction(page, drawer, '认领');
  await expect(drawer.getByTestId('case-assignee')).toHaveText('李强');
  await expectButtons(drawer, ['取消认领', '承办', '退回补正', '启动特别程序']);

  let dialog = await startAction(page, drawer, '承办');
  await dialog.getByRole('button', { name: '确定承办' }).click();
  await expect(dialog.locator('.el-form-item__error')).toHaveText('请填写承办意见');
  await dialog.getByLabel('承办意见').fill('申请材料齐全，经营场所需现场核查');
  await screenshot(page, 'review-04-reviewer-undertake');
  await confirmAction(page, dialog, '承办');
  await expect(drawer.locator('.step-tag').first()).toHaveText('✓ 承办');

  dialog = await startAction(page, drawer, '退回补正');
  await dialog.getByLabel('第 1 项材料名称').fill('食品安全管理制度');
  await dialog.getByLabel('第 1 项说明').fill('需加盖公章');
  await screenshot(page, 'review-05-reviewer-supplement');
  await confirmAction(page, dialog, '退回补正');
  await expect(drawer.getByTestId('supplement-items')).toContainText('食品安全管理制度（需加盖公章）');
  await expect(drawer.getByTestId('case-time')).toContainText('暂停计时');
  await closeDrawer(page, drawer);
  await openQueue(page, '补正中');
  await expect(queueRow(page, caseNumber).getByTestId('time-tag')).toHaveText('暂停计时');
  await logout(page);

  // --- Back at the window: the clerk sees what is missing and records the applicant's 补正.
  await login(page, browserMode, 'clerk');
  drawer = await openFromCases(page, applicant, caseNumber);
  await expect(drawer.locator('.case-facts')).toContainText('退回补正');
  await expect(drawer.getByTestId('supplement-items')).toContainText('食品安全管理制度（需加盖公章）');
  await screenshot(page, 'review-06-clerk-supplement-missing');
  dialog = await startAction(page, drawer, '补正收件');
  await expect(dialog.getByLabel('第 1 项材料名称')).toHaveValue('食品安全管理制度');
  await confirmAction(page, dialog, '补正收件');
  await expect(drawer.getByTestId('case-queue')).toHaveText('审查中');
  await closeDrawer(page, drawer);
  await logout(page);

  // --- The reviewer: 特别程序 (not counted), 审核, 批准, 准予.
  await login(page, browserMode, 'reviewer');
  drawer = await openFromQueue(page, '审查中', caseNumber);
  dialog = await startAction(page, drawer, '启动特别程序');
  await dialog.getByText('现场核查', { exact: true }).click();
  await dialog.getByLabel('事由').fill('核查经营场所布局与设备');
  await confirmAction(page, dialog, '启动特别程序');
  await expect(drawer.locator('.case-facts')).toContainText('特别程序');
  await screenshot(page, 'review-07-reviewer-special');
  dialog = await startAction(page, drawer, '结束特别程序');
  await dialog.getByLabel('结果').fill('现场核查通过');
  await confirmAction(page, dialog, '结束特别程序');

  dialog = await startAction(page, drawer, '审核');
  await dialog.getByLabel('审核意见').fill('同意承办意见');
  await confirmAction(page, dialog, '审核');
  dialog = await startAction(page, drawer, '批准');
  await dialog.getByLabel('批准意见').fill('准予许可');
  await confirmAction(page, dialog, '批准');
  await expectButtons(drawer, ['取消认领', '退回补正', '启动特别程序', '作出决定']);

  dialog = await startAction(page, drawer, '作出决定');
  await dialog.getByText('不予许可', { exact: true }).click();
  await dialog.getByRole('button', { name: '确定作出决定' }).click();
  await expect(dialog.locator('.el-form-item__error')).toHaveText('不予许可须写明理由（决定书须载明理由及申请人的救济权利）');
  await dialog.getByText('准予许可', { exact: true }).click();
  await screenshot(page, 'review-08-reviewer-decide');
  await confirmAction(page, dialog, '作出决定');
  await expect(drawer.getByTestId('case-decision')).toContainText('准予许可');
  await expect(drawer.locator('.case-facts')).toContainText('待出件');
  await expect(actionsOf(drawer)).toHaveCount(0);
  await screenshot(page, 'review-09-reviewer-decided');
  await closeDrawer(page, drawer);
  await openQueue(page, '已决定');
  await expect(queueRow(page, caseNumber)).toBeVisible();
  await logout(page);

  // --- At the window: hand-over to the collector (ID checked), close, and the applicant rates.
  await login(page, browserMode, 'clerk');
  drawer = await openFromCases(page, applicant, caseNumber);
  dialog = await startAction(page, drawer, '出件');
  await dialog.getByLabel('领取人姓名').fill(applicant);
  const first17 = '21021119880512123';
  const wrongCheck = first17 + (residentIdCheckChar(first17) === '3' ? '4' : '3');
  await dialog.getByLabel('领取人身份证号码').fill(wrongCheck);
  await dialog.getByRole('button', { name: '确定出件' }).click();
  await expect(dialog.locator('.el-form-item__error')).toHaveText(`身份证号码校验位错误：最后一位应为 ${residentIdCheckChar(first17)}，请核对号码`);
  await screenshot(page, 'review-10-clerk-collector-id');
  await dialog.getByLabel('领取人身份证号码').fill(first17 + residentIdCheckChar(first17));
  await confirmAction(page, dialog, '出件');
  await expect(drawer.getByTestId('case-delivery')).toContainText('窗口领取');
  await expect(drawer.getByTestId('case-delivery')).toContainText('2102');
  await expect(drawer.getByTestId('case-delivery')).toContainText('*');

  dialog = await startAction(page, drawer, '办结');
  await confirmAction(page, dialog, '办结');
  await expect(drawer.locator('.case-facts')).toContainText('办结');
  await expectButtons(drawer, ['评价']);

  await actionsOf(drawer).getByRole('button', { name: '评价', exact: true }).click();
  const rating = page.getByRole('dialog', { name: '好差评' });
  await expect(rating.getByRole('radio')).toHaveText(['非常满意', '满意', '基本满意', '不满意', '非常不满意']);
  await rating.getByRole('radio', { name: '非常不满意' }).click();
  await rating.getByLabel('意见建议').fill('等候时间太长');
  await screenshot(page, 'review-11-applicant-rating');
  await rating.getByRole('button', { name: '提交评价' }).click();
  await expect(rating.getByTestId('followup-notice')).toContainText('已为窗口负责人生成差评回访任务');
  await screenshot(page, 'review-12-rating-followup-notice');
  await rating.getByRole('button', { name: '完成' }).click();
  await expect(rating).toBeHidden();
  await expect(drawer.getByTestId('case-rating')).toContainText('非常不满意');
  await closeDrawer(page, drawer);
  await logout(page);

  // --- The supervisor sees the follow-up and resolves it.
  await login(page, browserMode, 'supervisor');
  await page.getByRole('link', { name: '日志', exact: true }).click();
  const panel = page.getByTestId('supervisor-panel');
  const row = panel.locator('.followups-table .el-table__body tr', { hasText: caseNumber });
  await expect(row).toContainText('非常不满意');
  await expect(row).toContainText('等候时间太长');
  const openBefore = Number(await panel.getByTestId('figure-followups').locator('.figure-value').innerText());
  expect(openBefore).toBeGreaterThanOrEqual(1);
  await screenshot(page, 'review-13-supervisor-panel');
  await row.getByRole('button', { name: '办结回访' }).click();
  const resolve = page.getByRole('dialog', { name: '办结回访' });
  await resolve.getByLabel('回访情况').fill('已回访');
  await resolve.getByRole('button', { name: '办结回访' }).click();
  await expect(resolve.locator('.el-form-item__error')).toHaveText('请写明回访情况（至少 5 个字）');
  await resolve.getByLabel('回访情况').fill('已电话回访申请人，说明等候原因并致歉，申请人表示理解');
  await screenshot(page, 'review-14-supervisor-resolve');
  await resolve.getByRole('button', { name: '办结回访' }).click();
  await expect(resolve).toBeHidden();
  await expect(row).toHaveCount(0);
  await expect(panel.getByTestId('figure-followups').locator('.figure-value')).toHaveText(String(openBefore - 1));
  await screenshot(page, 'review-15-supervisor-resolved');
});

test('an illegal action is refused with its reason; a stale screen is refused too', async ({ page, browserMode }) => {
  test.setTimeout(240_000);
  const applicant = '审查冲突乙';
  await login(page, browserMode, 'clerk');
  const { caseId, caseNumber } = await acceptCase(page, applicant);

  // 出件 on a case just accepted: main names the state and what is possible now.
  const refused = await api(page, 'clerk', 'cases/act', { caseId, act: { action: 'handover.delivered', method: 'electronic' } });
  expect(refused.ok).toBe(false);
  if (refused.ok) return;
  expect(refused.error.code).toBe('CONFLICT');
  expect(refused.error.message).toContain('「已受理」');
  expect(refused.error.message).toContain('不能执行「出件」');
  expect(refused.error.message).toContain('流转');

  // The clerk's screen shows 流转; meanwhile another window transfers the case.
  const drawer = await openFromCases(page, applicant, caseNumber);
  await expectButtons(drawer, ['流转', '撤件']);
  await apiOk(page, 'clerk', 'cases/act', { caseId, act: { action: 'case.transferred' } });
  await actionsOf(drawer).getByRole('button', { name: '流转', exact: true }).click();
  await expect(drawer.getByTestId('case-action-error')).toContainText('办件已被他人更新，请刷新后再操作。');
  await screenshot(page, 'review-16-stale-refused');
  await drawer.getByRole('button', { name: '刷新办件' }).click();
  await expect(drawer.getByTestId('case-queue')).toHaveText('待审');
  await expect(drawer.getByTestId('case-action-error')).toHaveCount(0);
  await expectButtons(drawer, ['撤件']);
});

test('a supervisor 督办 shows as a flag to the assignee', async ({ page, browserMode }) => {
  test.setTimeout(240_000);
  const applicant = '审查督办丙';
  await login(page, browserMode, 'supervisor');
  const { caseId, caseNumber } = await acceptCase(page, applicant);
  await apiOk(page, 'clerk', 'cases/act', { caseId, act: { action: 'case.transferred' } });
  await apiOk(page, 'reviewer', 'cases/act', { caseId, act: { action: 'review.claimed' } });

  await openReview(page);
  // All departments by default; the supervisor narrows to 市场监管.
  await page.locator('.department-filter .el-select__wrapper').click();
  await page.getByRole('option', { name: '甘井子区市场监督管理局' }).click();
  await expect(page.locator('.el-loading-mask')).toHaveCount(0);
  await openQueue(page, '审查中');
  await queueRow(page, caseNumber).click();
  const drawer = drawerOf(page, caseNumber);
  await expect(drawer.getByTestId('case-assignee')).toHaveText('李强');
  await expectButtons(drawer, ['改派', '作废', '督办']);
  const dialog = await startAction(page, drawer, '督办');
  await dialog.getByLabel('督办意见').fill('申请人多次来电，请于本周内办结');
  await confirmAction(page, dialog, '督办');
  await expect(drawer.getByTestId('flag-note')).toContainText('申请人多次来电');
  await expectButtons(drawer, ['改派', '作废', '取消督办']);
  await closeDrawer(page, drawer);
  await expect(queueRow(page, caseNumber).getByTestId('flag-icon')).toBeVisible();
  await screenshot(page, 'review-17-supervisor-flagged');
  await logout(page);

  await login(page, browserMode, 'reviewer');
  await openReview(page);
  await openQueue(page, '审查中');
  await expect(queueRow(page, caseNumber).getByTestId('flag-icon')).toBeVisible();
  await screenshot(page, 'review-18-reviewer-sees-flag');
  await queueRow(page, caseNumber).click();
  await expect(drawerOf(page, caseNumber).getByTestId('flag-note')).toContainText('申请人多次来电，请于本周内办结');
});
