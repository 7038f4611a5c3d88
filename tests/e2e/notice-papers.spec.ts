import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { expect, login, test } from './fixtures.ts';
import { api, clerkToken, openPrint } from './print-helpers.ts';

/**
 * Notices that print whole: a bundle's 受理通知书 lists every matter's own case number and keeps
 * its signatures with the text they sign; a person is addressed as 您 and an enterprise as
 * 贵单位; the QR code carries the signed verification link with its quiet zone. Each paper is
 * printed to PDF by Chromium from the print CSS, read back with pdftotext and rendered to PNG
 * (tests/artifacts/papers/) to be looked at.
 */
const run = promisify(execFile);
const outDir = join(import.meta.dirname, '..', 'artifacts', 'papers');

interface Row {
  id: string;
  status: string;
  caseNumber: string | null;
  isBundle: boolean;
  applicantType: 'individual' | 'enterprise';
}
interface PrintData {
  caseNumber: string;
  qrPayload: string;
  applicant: { type: 'individual' | 'enterprise'; name: string };
  matters: Array<{ name: string; caseNumber: string }>;
}

test.beforeAll(async () => {
  await mkdir(outDir, { recursive: true });
});

async function printToPdf(page: Page, name: string): Promise<{ pages: string[]; flat: string }> {
  const pdf = join(outDir, `${name}.pdf`);
  await page.pdf({ path: pdf, format: 'A4', printBackground: true });
  await run('pdftoppm', ['-png', '-r', '70', pdf, join(outDir, name)]);
  const { stdout: info } = await run('pdfinfo', [pdf]);
  const count = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
  const pages: string[] = [];
  for (let p = 1; p <= count; p++) {
    const { stdout } = await run('pdftotext', ['-layout', '-f', String(p), '-l', String(p), pdf, '-']);
    pages.push(stdout);
  }
  return { pages, flat: pages.join('\n').replace(/\s+/g, '') };
}

/** Statuses in which a case's 受理通知书 can be printed. */
const accepted = ['accepted', 'in_review', 'supplement', 'special', 'decided', 'delivered', 'closed'];

async function firstCase(page: Page, token: string, filter: (row: Row) => boolean, statuses = accepted): Promise<Row> {
  const list = await api<{ rows: Row[] }>(page, token, 'cases/list', { pageSize: 200 });
  const row = list.rows.find((r) => statuses.includes(r.status) && filter(r));
  if (!row) throw new Error(`no demo case in ${statuses.join('/')} for this test`);
  return row;
}

test('a bundle’s 受理通知书 lists each matter’s case number and keeps its signatures with its text', async ({ page, browserMode }) => {
  await login(page, browserMode, 'clerk');
  const token = await clerkToken(page);
  const list = await api<{ rows: Row[] }>(page, token, 'cases/list', { pageSize: 200 });
  const parent = list.rows.find((r) => r.isBundle && r.caseNumber);
  if (!parent) throw new Error('the demo has a 一件事 bundle');
  const data = await api<PrintData>(page, token, 'prints/data', { caseId: parent.id, document: 'acceptance' });
  expect(data.matters.length).toBeGreaterThan(1);
  await openPrint(page, parent.id, 'acceptance');
  for (const matter of data.matters) await expect(page.getByTestId('print-matters')).toContainText(matter.caseNumber);

  const { pages, flat } = await printToPdf(page, 'bundle-acceptance');
  for (const matter of data.matters) expect(flat, matter.name).toContain(matter.caseNumber);
  const signing = pages.findIndex((p) => p.includes('申请人签字'));
  expect(signing, 'the signature lines are printed').toBeGreaterThanOrEqual(0);
  // The page with the signatures also carries the text they sign for, not the lines alone.
  const signingPage = (pages[signing] ?? '').replace(/\s+/g, '');
  expect(signingPage).toContain('查询密码');
  expect(signingPage).toContain('受理人');
  expect(signing, 'the notice fits on one sheet').toBe(0);
});

// One PDF per test: Chromium's printToPDF may refuse a second print of the same page.
test('a person is addressed as 您', async ({ page, browserMode }) => {
  await login(page, browserMode, 'clerk');
  const token = await clerkToken(page);
  const person = await firstCase(page, token, (r) => !r.isBundle && r.applicantType === 'individual');
  await openPrint(page, person.id, 'acceptance');
  const personal = await printToPdf(page, 'acceptance-person');
  expect(personal.flat).toContain('您于');
  expect(personal.flat).not.toContain('您（单位）');
  expect(personal.flat).not.toContain('贵单位');
});

test('an enterprise is addressed as 贵单位, never 您', async ({ page, browserMode }) => {
  await login(page, browserMode, 'clerk');
  const token = await clerkToken(page);
  const enterprise = await firstCase(page, token, (r) => !r.isBundle && r.applicantType === 'enterprise');
  await openPrint(page, enterprise.id, 'acceptance');
  const business = await printToPdf(page, 'acceptance-enterprise');
  expect(business.flat).toContain('贵单位于');
  expect(business.flat).not.toContain('您');
});

test('the QR code holds the signed verification link inside a quiet zone', async ({ page, browserMode }) => {
  await login(page, browserMode, 'clerk');
  const token = await clerkToken(page);
  const row = await firstCase(page, token, (r) => !r.isBundle);
  const data = await api<PrintData>(page, token, 'prints/data', { caseId: row.id, document: 'acceptance' });
  expect(data.qrPayload).toMatch(/^(onewindow-verify:|https?:\/\/[^?]+\/verify\/notice)\?v=1&t=A&n=/);
  expect(data.qrPayload).toContain(`n=${data.caseNumber}`);
  await openPrint(page, row.id, 'acceptance');
  const src = (await page.getByTestId('print-qr').getAttribute('src')) ?? '';
  const svg = decodeURIComponent(src.replace(/^data:image\/svg\+xml;charset=utf-8,/, ''));
  // qrcode draws the light background over the whole symbol, then the dark modules: with a
  // quiet zone of 4 modules the first dark module starts 4 modules in from the edge.
  const [, size] = /viewBox="0 0 (\d+) \1"/.exec(svg) ?? [];
  const firstDark = /<path stroke="#000000" d="M(\d+)/.exec(svg)?.[1];
  expect(Number(size)).toBeGreaterThan(21 + 8 - 1);
  expect(Number(firstDark)).toBe(4);
});
