import type { Page } from '@playwright/test';
import { residentIdCheckChar } from '../../src-main/domain/identity/resident-id.ts';
import { apiAs, expect, login, screenshot, test } from './fixtures.ts';

/**
 * A window PC left on another time zone (here New York, 13 hours behind China in winter) still
 * shows every time as the centre's clock reads it: the drawer, the timeline, drafts and the
 * audit trail agree with the printed notices, which have always used China time.
 */
test.use({ timezoneId: 'America/New_York' });

/** The expected text, from Intl's own tz data: independent of the app's code. */
function inChina(iso: string, withSeconds = true): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const time = `${get('hour')}:${get('minute')}${withSeconds ? `:${get('second')}` : ''}`;
  return `${get('year')}-${get('month')}-${get('day')} ${time}`;
}

function inNewYork(iso: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'America/New_York',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

async function pageZone(page: Page): Promise<string> {
  return page.evaluate('Intl.DateTimeFormat().resolvedOptions().timeZone') as Promise<string>;
}

test('the case drawer and its timeline show China time on a PC set to New York', async ({ page, browserMode }) => {
  const first17 = '21021119830909556';
  const checklist = await apiAs<{ materials: Array<{ key: string }> }>(browserMode, 'clerk', 'catalogue/checklist', {
    target: { kind: 'matter', matterCode: 'GJZ-SCJG-0004' },
  });
  const made = await apiAs<{ caseId: string; caseNumber: string }>(browserMode, 'clerk', 'intake/accept', {
    target: { kind: 'matter', matterCode: 'GJZ-SCJG-0004' },
    applicant: { type: 'individual', name: '时区测试', idType: 'resident_id', idNumber: first17 + residentIdCheckChar(first17), phone: '13904113456' },
    channel: 'window',
    materials: checklist.materials.map((m) => ({ key: m.key, status: 'received' })),
  });
  const detail = await apiAs<{ createdAt: string; acceptedAt: string; events: Array<{ at: string }> }>(browserMode, 'clerk', 'cases/get', { id: made.caseId });

  await login(page, browserMode, 'clerk');
  expect(await pageZone(page)).toBe('America/New_York');
  await page.getByRole('link', { name: '办件', exact: true }).click();
  const box = page.getByLabel('查找办件');
  await box.fill(made.caseNumber);
  await box.press('Enter');
  const drawer = page.getByRole('dialog', { name: `办件 ${made.caseNumber}` });
  await expect(drawer).toBeVisible();

  const facts = drawer.locator('.case-facts');
  await expect(facts).toContainText(inChina(detail.acceptedAt));
  await expect(facts).toContainText(inChina(detail.createdAt));
  await expect(facts).not.toContainText(inNewYork(detail.createdAt));
  const firstEvent = detail.events[0];
  if (!firstEvent) throw new Error('the accepted case has no events');
  await expect(drawer.locator('.case-timeline')).toContainText(inChina(firstEvent.at));
  await expect(drawer.locator('.case-timeline')).not.toContainText(inNewYork(firstEvent.at));
  await screenshot(page, 'china-time-drawer-new-york-pc');
});

test('drafts and the audit trail show China time on a PC set to New York', async ({ page, browserMode }) => {
  await login(page, browserMode, 'clerk');
  expect(await pageZone(page)).toBe('America/New_York');
  await page.getByLabel('姓名', { exact: true }).fill('时区暂存');
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('draft-saved')).toBeVisible();
  const drafts = await apiAs<Array<{ applicantName: string | null; updatedAt: string }>>(browserMode, 'clerk', 'intake/drafts', {});
  const saved = drafts.find((d) => d.applicantName === '时区暂存');
  if (!saved) throw new Error('the draft was not saved');
  await expect(page.getByTestId('draft-saved')).toContainText(inChina(saved.updatedAt, false).slice(11));
  await page.getByTestId('drafts-open').click();
  await expect(page.getByTestId('drafts-list')).toContainText(`暂存于 ${inChina(saved.updatedAt)}`);
  await screenshot(page, 'china-time-drafts-new-york-pc');

  const audit = await apiAs<{ rows: Array<{ at: string; action: string }> }>(browserMode, 'supervisor', 'audit/list', { page: 1, pageSize: 5 });
  const latest = audit.rows[0];
  if (!latest) throw new Error('the audit trail is empty');
  // The drafts drawer is modal: close it as a clerk would before logging out.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('drafts-list')).toBeHidden();
  await page.getByRole('button', { name: '退出登录' }).click();
  await login(page, browserMode, 'supervisor');
  await page.getByRole('navigation', { name: '功能区' }).getByText('设置').click();
  await expect(page.getByTestId('audit-table')).toContainText(inChina(latest.at));
  await screenshot(page, 'china-time-audit-new-york-pc');
});
