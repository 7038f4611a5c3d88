/**
 * Scan file names (often the applicant's: 张三身份证.pdf) that a gateway stored in plain text
 * before it sealed them, sealed in place when a gateway starts on that database.
 *
 * The first gateways kept `case_attachment.file_name` and each stored header's
 * `attachments[].fileName` as sent; every gateway since seals both (`sealFileName`, cases.ts), and
 * reads the table's names as sealed (a 跨区通办 child's parent scans, parent-scans.ts), which a
 * plain name is not: the pull that named one failed. This needs the data key, which the
 * migrations never see (it comes from the configuration, never from the database), so it runs
 * after them, once per database: `gateway_meta` records that it ran, in the same transaction. A
 * database restored from a backup taken before then has no record and is sealed again.
 */
import type { Logger } from 'pino';
import { arrayLiteral } from '../db/array-literal.ts';
import { transaction, type Db } from '../db/database.ts';
import type { Sealer } from '../keys.ts';
import { sealFileName, type StoredHeader } from './cases.ts';

const doneKey = 'scan-file-names-sealed';

/**
 * The shape of what `sealFileName` writes: base64 of the sealed format, whose first byte (the
 * format version, 1) makes it open with `A` and one of `Q`–`f`, and whose header, IV and tag
 * alone take 51 bytes (68 characters). A file name of that shape would have to be 68 base64
 * characters or more without a dot; every other name is one stored in plain text.
 */
const sealedFileNameShape = '^A[Q-Za-f][A-Za-z0-9+/]{66,}={0,2}$';

/** Seals the plain-text scan file names an older gateway left (none, after the first run); returns how many rows it sealed. */
export async function sealLegacyFileNames(db: Db, sealer: Sealer, log: Logger): Promise<{ scans: number; headers: number }> {
  const sealed = await transaction(db, async (tx) => {
    // Gateway processes starting together on one database: one seals, the others find it done.
    await tx.query('SELECT pg_advisory_xact_lock(7001003)');
    const done = await tx.query('SELECT 1 FROM gateway_meta WHERE key = $1', [doneKey]);
    if (done.rows.length > 0) return { scans: 0, headers: 0 };
    const scans = await tx.query<{ region_code: string; case_id: string; sha256: string; file_name: string }>(
      'SELECT region_code, case_id, sha256, file_name FROM case_attachment WHERE file_name !~ $1',
      [sealedFileNameShape],
    );
    if (scans.rows.length > 0) {
      await tx.query(
        `UPDATE case_attachment a SET file_name = u.f
           FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[]) AS u(r, c, h, f)
          WHERE a.region_code = u.r AND a.case_id = u.c AND a.sha256 = u.h`,
        [
          scans.rows.map((s) => s.region_code),
          scans.rows.map((s) => s.case_id),
          scans.rows.map((s) => s.sha256),
          scans.rows.map((s) => sealFileName(sealer, s.file_name)),
        ].map(arrayLiteral),
      );
    }
    const headers = await tx.query<{ region_code: string; case_id: string; header: StoredHeader }>(
      `SELECT region_code, case_id, header FROM central_case WHERE jsonb_path_exists(header::jsonb, '$.attachments[*].fileName')`,
    );
    for (const row of headers.rows) {
      const attachments = row.header.attachments.map(({ fileName, ...ref }) => (fileName === undefined ? ref : { ...ref, sealedFileName: sealFileName(sealer, fileName) }));
      await tx.query('UPDATE central_case SET header = $3::json WHERE region_code = $1 AND case_id = $2', [row.region_code, row.case_id, JSON.stringify({ ...row.header, attachments })]);
    }
    await tx.query('INSERT INTO gateway_meta (key, value) VALUES ($1, $2)', [doneKey, new Date().toISOString()]);
    return { scans: scans.rows.length, headers: headers.rows.length };
  });
  if (sealed.scans + sealed.headers > 0) log.info(sealed, 'sealed the scan file names an older gateway stored in plain text');
  return sealed;
}
