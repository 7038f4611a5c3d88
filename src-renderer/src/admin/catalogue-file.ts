/**
 * The catalogue file as the screen reads and saves it: the same JSON `catalogue/export` gives and
 * `catalogue/import` (and `bin/onewindow catalogue/import --input-file`) takes. Reading says in
 * Chinese what is wrong with a file that is not JSON at all; what is wrong inside a catalogue is
 * main's to say (parseCatalogue lists every problem), and main imports all of it or none.
 */

/** Far above any real catalogue; a larger file is the wrong file. */
export const maxCatalogueBytes = 20 * 1024 * 1024;

export type ReadCatalogue = { ok: true; catalogue: unknown } | { ok: false; message: string };

export function parseCatalogueText(fileName: string, text: string): ReadCatalogue {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return { ok: false, message: `文件“${fileName}”是空的，未导入任何内容。请选择导出的事项目录文件（.json）。` };
  try {
    return { ok: true, catalogue: JSON.parse(body) as unknown };
  } catch (error) {
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    const line = position === undefined ? null : body.slice(0, Number(position)).split('\n').length;
    const where = line === null ? '' : `（第 ${line} 行附近）`;
    return {
      ok: false,
      message: `文件“${fileName}”不是有效的 JSON 格式${where}，未导入任何内容。请用“导出目录”得到的文件修改后重新导入，修改时注意引号和逗号。`,
    };
  }
}

export async function readCatalogueFile(file: File): Promise<ReadCatalogue> {
  if (file.size > maxCatalogueBytes) {
    return { ok: false, message: `文件“${file.name}”过大（超过 20 MB），不像事项目录文件，未导入任何内容。` };
  }
  return parseCatalogueText(file.name, await file.text());
}

/** Saves the catalogue as a download (browser mode) or through Electron's save dialog for it. */
export function saveCatalogue(catalogue: unknown, version: string): void {
  const text = `${JSON.stringify(catalogue, null, 2)}\n`;
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `事项目录_${version.replace(/[\\/:*?"<>|]/g, '_') || '未命名'}.json`;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The download has taken its copy; the object URL would otherwise live as long as the page.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
