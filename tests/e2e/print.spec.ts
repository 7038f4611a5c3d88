import { execFile } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { expect, login, screenshot, test } from './fixtures.ts';
import { api, clerkToken, openPrint } from './print-helpers.ts';

/**
 * The four notices a window prints, as PDFs from the real print CSS (A4, the page's own
 * margins): each is rendered to a PNG for a person to look at, and its text is checked.
 */

const run = promisify(execFile);
const pdfDir = join(import.meta.dirname, '..', 'artifacts', 'pdf');

type PrintDocument = 'acceptance' | 'notice' | 'refusal' | 'handover';

const documents: { document: PrintDocument; title: string; status: string }[] = [
  { document: 'acceptance', title: '受理通知书', status: 'accepted' },
  { document: 'notice', title: '一次性告知书', status: 'notice' },
  { document: 'refusal', title: '不予受理通知书', status: 'refused' },
  { document: 'handover', title: '综合窗口受理交接单', status: 'accepted' },
];

interface CaseRow {
  id: string;
  caseNumber: string | null;
  isBundle: boolean;
}

interface PrintData {
  title: string;
  caseNumber: string;
  matters: { name: string; caseNumber: string }[];
  materials: { name: string; status: 'received' | 'missing' | 'deferred' }[];
  refusalReason: string | null;
  copyNumber: number;
}

/** Of the demo cases with this status, the one with the most to show (matters, then missing materials). */
async function pickCase(page: Page, token: string, status: string, document: PrintDocument): Promise<{ row: CaseRow; data: PrintData }> {
  const list = await api<{ rows: CaseRow[] }>(page, token, 'cases/list', { status, pageSize: 200 });
  expect(list.rows.length, `a demo case with status ${status}`).toBeGreaterThan(0);
  let best: { row: CaseRow; data: PrintData; score: number } | null = null;
  for (const row of list.rows.slice(0, 30)) {
    const data = await api<PrintData>(page, token, 'prints/data', { caseId: row.id, document });
    const outstanding = data.materials.filter((m) => m.status !== 'received').length;
    const score = data.matters.length * 10 + outstanding;
    if (!best || score > best.score) best = { row, data, score };
  }
  if (!best) throw new Error(`no case for ${document}`);
  return best;
}

test.beforeAll(async () => {
  await mkdir(pdfDir, { recursive: true });
});

for (const { document, title, status } of documents) {
  test(`${document}: ${title} as an A4 PDF with the case number, title and QR code`, async ({ page, browserMode }, testInfo) => {
    await login(page, browserMode, 'clerk');
    const token = await clerkToken(page);
    const { row, data } = await pickCase(page, token, status, document);
    await openPrint(page, row.id, document);

    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(page.getByTestId('print-case-number')).toHaveText(data.caseNumber);
    await expect(page.getByRole('toolbar', { name: '打印' }).getByRole('button', { name: '打印', exact: true })).toBeEnabled();
    await expect(page.getByRole('button', { name: '返回' })).toBeVisible();
    // Nothing wider than the sheet: the paper must not overflow its 210 mm.
    const overflow = await page.evaluate(`(() => { const el = document.querySelector('[data-testid="print-paper"]'); return el.scrollWidth - el.clientWidth; })()`);
    expect(overflow).toBeLessThanOrEqual(0);

    const pdf = join(pdfDir, `${document}.pdf`);
    const png = join(pdfDir, `${document}-1.png`);
    await rm(png, { force: true });
    await page.pdf({ path: pdf, format: 'A4', printBackground: true });
    await run('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', pdf, join(pdfDir, document)]);
    await testInfo.attach(`${document}-1.png`, { path: png, contentType: 'image/png' });

    const { stdout: info } = await run('pdfinfo', [pdf]);
    // A4 portrait: 595 × 842 pt.
    expect(info).toMatch(/Page size:\s+595\.\d* x 841\.\d*|Page size:\s+595\.\d* x 842/);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThanOrEqual(2);

    const { stdout: text } = await run('pdftotext', ['-layout', pdf, '-']);
    // pdftotext may break a line or space out the letter-spaced title: compare without spaces.
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain(data.caseNumber);
    expect(flat).toContain(title);
    expect(flat).toContain('大连市甘井子区政务服务中心');
    expect(flat).toContain('（盖章）');
    // The toolbar is not on paper.
    expect(flat).not.toContain('另存为PDF');
    expect(flat).toContain(`第1页共${pages}页`);
    if (document === 'notice') {
      const missing = [...new Set(data.materials.filter((m) => m.status !== 'received').map((m) => m.name))];
      expect(missing.length, 'the demo notice case has missing materials').toBeGreaterThan(0);
      for (const name of missing) expect(flat, name).toContain(name.replace(/\s+/g, ''));
      expect(flat).toContain('五日内一次告知');
    }
    if (document === 'refusal') {
      expect(flat).toContain((data.refusalReason ?? '').replace(/\s+/g, ''));
      expect(flat).toContain('六十日内向大连市甘井子区人民政府申请行政复议');
      expect(flat).toContain('六个月内向人民法院提起行政诉讼');
    }
    if (document === 'handover') {
      for (const matter of data.matters) expect(flat).toContain(matter.caseNumber);
    }
  });
}

test('打印 records each copy before printing; a reprint says 第 2 次打印', async ({ page, browserMode }) => {
  await login(page, browserMode, 'clerk');
  const token = await clerkToken(page);
  const list = await api<{ rows: CaseRow[] }>(page, token, 'cases/list', { status: 'refused', pageSize: 1 });
  const caseId = list.rows[0]?.id ?? '';
  const before = await api<PrintData>(page, token, 'prints/data', { caseId, document: 'refusal' });
  await openPrint(page, caseId, 'refusal');
  // The browser's print dialog would block the test: count the calls instead.
  await page.evaluate('window.__printed = 0; window.print = () => { window.__printed += 1; }');
  const print = page.getByRole('toolbar', { name: '打印' }).getByRole('button', { name: '打印', exact: true });

  await print.click();
  await expect(page.getByText(`已登记并发送打印（第 ${before.copyNumber} 次打印）`)).toBeVisible();
  await print.click();
  await expect(page.getByTestId('print-copy')).toHaveText(`第 ${before.copyNumber + 1} 次打印`);
  await expect.poll(() => page.evaluate('window.__printed')).toBe(2);
  await expect(print).toBeEnabled();
  await screenshot(page, 'print-refusal-reprint');

  const after = await api<{ prints: { document: string; copyNumber: number }[] }>(page, token, 'cases/get', { id: caseId });
  expect(after.prints.filter((p) => p.document === 'refusal').map((p) => p.copyNumber)).toEqual([before.copyNumber, before.copyNumber + 1]);

  await page.getByRole('button', { name: '返回' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('办件查询');
});
