/**
 * Appending to centres' change feeds. Each centre's counter row is locked by the appending
 * transaction until it commits, so feed numbers follow commit order: a device that has read up
 * to n never later finds n-1 appear. Counters are taken in a fixed order (region, centre) so two
 * batches touching the same centres cannot deadlock. Called last in a transaction, to hold the
 * counter for as short a time as possible. It returns the centres whose feeds grew; after the
 * commit, those are announced (NOTIFY) to wake long-polls on every gateway process. The
 * announcement is not part of the appending transaction: PostgreSQL serialises the commits of
 * all transactions that NOTIFY, which would queue every push behind every other's fsync.
 */
import type { Tx } from '../db/database.ts';

export interface FeedEntry {
  region: string;
  centre: string;
  kind: 'event' | 'user' | 'catalogue' | 'calendar';
  refRegion: string;
  refId: string;
  /** An event entry's case: the entries of one case that follow one another in a batch share a feed row. */
  caseId?: string;
}

export const feedChannel = 'onewindow_feed';

/**
 * Feed entries as rows, in columns. An entry is numbered, but a row stands for a run of entries
 * (migration 0006): the events of one case that follow one another among a centre's entries of a
 * batch, which the case's lock numbered one after another (seq n, n+1 …). The row names the run's
 * first event and how many entries it holds, and carries the number of its last; the pull reads
 * the run's events by case and seq (pull.ts). A push of a case's ten events writes one feed row,
 * not ten, and PostgreSQL's work per row (heap, key, WAL, the parameters' parsing) went with them.
 *
 * Per centre (sorted by region, centre) how many entries; per row its centre's count, the 1-based
 * place of its last entry among them and how many entries it holds, so its number is the counter
 * after the append minus the count plus the place.
 */
export function feedRows(entries: readonly FeedEntry[]) {
  const byCentre = new Map<string, FeedEntry[]>();
  for (const e of entries) {
    const key = `${e.region}/${e.centre}`;
    const list = byCentre.get(key);
    if (list) list.push(e);
    else byCentre.set(key, [e]);
  }
  const keys = [...byCentre.keys()].sort();
  const counters = { region: [] as string[], centre: [] as string[], count: [] as number[] };
  const rows = {
    region: [] as string[], centre: [] as string[], index: [] as number[], count: [] as number[], entries: [] as number[],
    kind: [] as string[], refRegion: [] as string[], refId: [] as string[],
  };
  for (const key of keys) {
    const list = byCentre.get(key) as FeedEntry[];
    const first = list[0] as FeedEntry;
    counters.region.push(first.region);
    counters.centre.push(first.centre);
    counters.count.push(list.length);
    list.forEach((e, i) => {
      const before = list[i - 1];
      const last = rows.entries.length - 1;
      if (e.caseId !== undefined && before?.caseId === e.caseId && before.refRegion === e.refRegion) {
        rows.index[last] = i + 1;
        rows.entries[last] = (rows.entries[last] as number) + 1;
        return;
      }
      rows.region.push(e.region);
      rows.centre.push(e.centre);
      rows.index.push(i + 1);
      rows.count.push(list.length);
      rows.entries.push(1);
      rows.kind.push(e.kind);
      rows.refRegion.push(e.refRegion);
      rows.refId.push(e.refId);
    });
  }
  return { keys, counters, rows };
}

export async function appendFeed(tx: Tx, entries: readonly FeedEntry[]): Promise<string[]> {
  if (entries.length === 0) return [];
  const byCentre = new Map<string, FeedEntry[]>();
  for (const e of entries) {
    const key = `${e.region}/${e.centre}`;
    const list = byCentre.get(key);
    if (list) list.push(e);
    else byCentre.set(key, [e]);
  }
  const regions: string[] = [];
  const centres: string[] = [];
  const seqs: number[] = [];
  const kinds: string[] = [];
  const refRegions: string[] = [];
  const refIds: string[] = [];
  for (const key of [...byCentre.keys()].sort()) {
    const list = byCentre.get(key) as FeedEntry[];
    const first = list[0] as FeedEntry;
    const r = await tx.query<{ last_seq: number }>(
      `INSERT INTO feed_counter (region_code, centre_code, last_seq) VALUES ($1, $2, $3)
       ON CONFLICT (region_code, centre_code) DO UPDATE SET last_seq = feed_counter.last_seq + EXCLUDED.last_seq RETURNING last_seq`,
      [first.region, first.centre, list.length],
    );
    const last = r.rows[0]?.last_seq ?? list.length;
    list.forEach((e, i) => {
      regions.push(e.region);
      centres.push(e.centre);
      seqs.push(last - list.length + 1 + i);
      kinds.push(e.kind);
      refRegions.push(e.refRegion);
      refIds.push(e.refId);
    });
  }
  await tx.query(
    `INSERT INTO feed (region_code, centre_code, seq, kind, ref_region, ref_id, recorded_at)
     SELECT r, c, s, k, rr, ri, now() FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[]) AS u(r, c, s, k, rr, ri)`,
    [regions, centres, seqs, kinds, refRegions, refIds],
  );
  return [...byCentre.keys()];
}

/** For the rare writers (commands, a new centre): announce within their own transaction. */
export async function notifyInTransaction(tx: Tx, keys: readonly string[]): Promise<void> {
  if (keys.length > 0) await tx.query('SELECT pg_notify($1, key) FROM unnest($2::text[]) AS key', [feedChannel, keys]);
}
