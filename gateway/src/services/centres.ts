/**
 * Centres come into being when their administrator issues the first registration code, with the
 * name every PC registered to the centre then shows (login screen, notices, daily log). A new
 * centre's feed starts with the catalogue versions and calendars already published for its
 * region, so its first pull brings them like any later change.
 */
import { regionOfCentre } from '../../../src-main/domain/sync/common.ts';
import type { Db, Tx } from '../db/database.ts';
import { appendFeed, notifyInTransaction } from './feed.ts';

export async function ensureCentre(tx: Tx, centreCode: string, name: string | null): Promise<{ code: string; regionCode: string; name: string }> {
  const region = regionOfCentre(centreCode);
  const existing = await tx.query<{ name: string }>('SELECT name FROM centre WHERE region_code = $1 AND centre_code = $2', [region, centreCode]);
  const row = existing.rows[0];
  if (row) {
    if (name !== null && name !== row.name) await tx.query('UPDATE centre SET name = $3 WHERE region_code = $1 AND centre_code = $2', [region, centreCode, name]);
    return { code: centreCode, regionCode: region, name: name ?? row.name };
  }
  // The command line refuses a new centre without --name (commands.ts); no other path creates one.
  if (name === null) throw new Error(`centre ${centreCode} does not exist yet and was given no name`);
  const finalName = name;
  const inserted = await tx.query(
    'INSERT INTO centre (region_code, centre_code, name) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
    [region, centreCode, finalName],
  );
  if (inserted.rowCount === 1) {
    await tx.query('INSERT INTO feed_counter (region_code, centre_code, last_seq) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING', [region, centreCode]);
    const published = await tx.query<{ kind: 'catalogue' | 'calendar'; ref: string }>(
      `SELECT 'catalogue' AS kind, version AS ref FROM catalogue_version WHERE region_code = $1
       UNION ALL SELECT 'calendar', year::text FROM calendar_year WHERE region_code = $1`,
      [region],
    );
    const grown = await appendFeed(
      tx,
      published.rows.map((r) => ({ region, centre: centreCode, kind: r.kind, refRegion: region, refId: r.ref })),
    );
    await notifyInTransaction(tx, grown);
  }
  return { code: centreCode, regionCode: region, name: finalName };
}

export async function centreExists(db: Db, centreCode: string): Promise<boolean> {
  const found = await db.query('SELECT 1 FROM centre WHERE region_code = $1 AND centre_code = $2', [regionOfCentre(centreCode), centreCode]);
  return found.rowCount === 1;
}

export async function centreOf(tx: Tx | Db, centreCode: string): Promise<{ code: string; regionCode: string; name: string }> {
  const region = regionOfCentre(centreCode);
  const r = await tx.query<{ name: string }>('SELECT name FROM centre WHERE region_code = $1 AND centre_code = $2', [region, centreCode]);
  return { code: centreCode, regionCode: region, name: r.rows[0]?.name ?? centreCode };
}
