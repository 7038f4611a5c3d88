import { readFile, writeFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { apiAs, expect, login, screenshot, test } from './fixtures.ts';

interface CatalogueFile {
  version: string;
  departments: Array<{ code: string; name: string }>;
  matters: Array<{ code: string; name: string; version: number; promisedLimit: { value: number; unit: string } }>;
  bundles: unknown[];
}

const panelOf = (page: Page) => page.getByTestId('catalogue-panel');

async function importFile(page: Page, path: string): Promise<void> {
  await panelOf(page).getByTestId('catalogue-file').setInputFiles(path);
}

test('admin exports the catalogue, imports it with one changed matter, and a bad file changes nothing', async ({ page, browserMode }, testInfo) => {
  await login(page, browserMode, 'admin');
  const panel = panelOf(page);
  const facts = panel.getByTestId('catalogue-facts');
  await expect(facts).toContainText('当前版本 2026.11-demo');
  await panel.scrollIntoViewIfNeeded();
  await screenshot(page, 'admin-catalogue');

  // --- Export: the file is the catalogue in its import format.
  const downloading = page.waitForEvent('download');
  await panel.getByRole('button', { name: '导出目录' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('事项目录_2026.11-demo.json');
  const exportedPath = testInfo.outputPath('exported.json');
  await download.saveAs(exportedPath);
  const exported = JSON.parse(await readFile(exportedPath, 'utf8')) as CatalogueFile;
  expect(exported.version).toBe('2026.11-demo');
  const matterCount = exported.matters.length;
  await expect(facts).toContainText(`在办事项 ${matterCount} 项`);

  // --- One matter changed (a shorter promised limit), with a higher version, in a new catalogue version.
  const changed = exported.matters[0];
  if (!changed) throw new Error('the demo catalogue has no matters');
  const edited: CatalogueFile = {
    ...exported,
    version: '2026.12-test',
    matters: exported.matters.map((m) =>
      m.code === changed.code ? { ...m, version: m.version + 1, promisedLimit: { ...m.promisedLimit, value: Math.max(1, m.promisedLimit.value - 1) } } : m,
    ),
  };
  const editedPath = testInfo.outputPath('edited.json');
  await writeFile(editedPath, JSON.stringify(edited, null, 2));
  await importFile(page, editedPath);
  const done = panel.getByTestId('catalogue-imported');
  await expect(done).toContainText('已导入目录版本 2026.12-test');
  await expect(done).toContainText(`新增 0 项，新版本 1 项，未变 ${matterCount - 1} 项，停办 0 项。`);
  await expect(done).toContainText(`新版本：${changed.name}（${changed.code}）`);
  await expect(facts).toContainText('当前版本 2026.12-test');
  const row = panel.getByTestId('catalogue-table').locator('.el-table__body tr', { hasText: changed.code });
  await expect(row.getByTestId('matter-version')).toHaveText(String(changed.version + 1));
  await expect(row).toContainText('新');
  await screenshot(page, 'admin-catalogue-imported');

  // --- Not JSON at all: said in Chinese, nothing sent.
  const brokenPath = testInfo.outputPath('broken.json');
  await writeFile(brokenPath, '{\n  "version": "2027.01",\n  "matters": [\n');
  await importFile(page, brokenPath);
  const error = panel.getByTestId('catalogue-error');
  await expect(error).toContainText('文件“broken.json”不是有效的 JSON 格式');
  await expect(error).toContainText('未导入任何内容');
  await expect(facts).toContainText('当前版本 2026.12-test');

  // --- A catalogue main refuses: a new department, a matter changed without a new version and one
  // with no name. Each problem listed; the department is not half-written, the matter unchanged.
  const second = exported.matters[1];
  if (!second) throw new Error('the demo catalogue has one matter only');
  const refused: CatalogueFile = {
    ...edited,
    version: '2027.01-bad',
    departments: [...edited.departments, { code: 'GJZ-NEW', name: '甘井子区新设局' }],
    matters: edited.matters.map((m) =>
      m.code === changed.code ? { ...m, promisedLimit: { ...m.promisedLimit, value: m.promisedLimit.value + 5 } } : m.code === second.code ? { ...m, name: '' } : m,
    ),
  };
  const refusedPath = testInfo.outputPath('refused.json');
  await writeFile(refusedPath, JSON.stringify(refused));
  await importFile(page, refusedPath);
  await expect(error).toContainText('目录导入失败');
  await expect(error).toContainText('未导入任何内容');
  await expect(error.locator('li').first()).toBeVisible();
  await expect(panel.getByTestId('catalogue-imported')).toHaveCount(0);
  await screenshot(page, 'admin-catalogue-refused');
  await expect(facts).toContainText('当前版本 2026.12-test');
  await expect(facts).toContainText(`部门 ${exported.departments.length} 个`);
  const after = await apiAs<{ matters: Array<{ code: string; name: string; version: number }>; departments: Array<{ code: string }> }>(
    browserMode,
    'admin',
    'catalogue/get',
    {},
  );
  expect(after.departments.map((d) => d.code)).not.toContain('GJZ-NEW');
  expect(after.matters.find((m) => m.code === second.code)?.name).toBe(second.name);
  expect(after.matters.find((m) => m.code === changed.code)?.version).toBe(changed.version + 1);
});
