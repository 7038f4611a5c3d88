import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { caseColumns, chinaDateTimeText, csvField, type ExportCaseRow } from '../../domain/exports/columns.ts';
import type { CaseRowStream } from './case-rows.ts';

/** Excel reads a CSV as UTF-8 only when it starts with a byte-order mark. */
export const utf8Bom = '\uFEFF';

function fieldOf(row: ExportCaseRow, key: keyof ExportCaseRow, kind: string): string {
  const value = row[key];
  if (kind === 'datetime') return csvField(chinaDateTimeText(value as string | null));
  return csvField(value);
}

/** The case table (台账) as CSV: UTF-8 with BOM, CRLF line ends (RFC 4180), China times as text. */
export async function writeCsv(filePath: string, cases: CaseRowStream): Promise<number> {
  const out = createWriteStream(filePath, { encoding: 'utf8' });
  const failed = once(out, 'error').then(([error]) => {
    throw error;
  });
  failed.catch(() => undefined);
  const write = async (text: string) => {
    if (!out.write(text)) await Promise.race([once(out, 'drain'), failed]);
  };
  await write(utf8Bom + caseColumns.map((c) => csvField(c.header)).join(',') + '\r\n');
  // Each line goes to the stream as it is made; between pages the file's drain is awaited.
  const rows = await cases(
    (row) => out.write(caseColumns.map((c) => fieldOf(row, c.key, c.kind)).join(',') + '\r\n'),
    async () => {
      if (out.writableNeedDrain) await Promise.race([once(out, 'drain'), failed]);
    },
  );
  out.end();
  await Promise.race([once(out, 'finish'), failed]);
  return rows;
}
