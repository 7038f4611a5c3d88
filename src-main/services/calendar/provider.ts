import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCalendarYear, WorkCalendar } from '../../domain/time/calendar.ts';
import type { ReadTx, WriteTx } from '../../store/store.ts';
import { resourcesDir } from '../paths.ts';

/** The year files shipped in resources/calendars. */
function bundledYears(): unknown[] {
  const dir = join(resourcesDir(), 'calendars');
  return readdirSync(dir)
    .filter((name) => /^\d{4}\.json$/.test(name))
    .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as unknown);
}

/**
 * The working-day calendar: the shipped years plus any imported since (each November the State
 * Council publishes the next year; it is imported, not built in). An imported year replaces a
 * shipped one. Built once and rebuilt only after an import.
 */
export class CalendarProvider {
  private cached: WorkCalendar | null = null;

  get(tx: ReadTx): WorkCalendar {
    if (this.cached) return this.cached;
    const imported = new Map(
      tx.all<{ year: number; body: string }>('SELECT year, body FROM calendar_year').map((row) => [row.year, JSON.parse(row.body) as unknown]),
    );
    const shipped = bundledYears().filter((json) => !imported.has((json as { year?: number }).year ?? -1));
    this.cached = WorkCalendar.fromYears([...shipped, ...imported.values()]);
    return this.cached;
  }

  import(tx: WriteTx, json: unknown): number {
    const year = parseCalendarYear(json);
    tx.run(
      'INSERT INTO calendar_year (year, body, imported_at) VALUES (?, ?, ?) ON CONFLICT (year) DO UPDATE SET body = excluded.body, imported_at = excluded.imported_at',
      year.year,
      JSON.stringify(year),
      tx.now,
    );
    tx.audit({ action: 'calendar.import', target: String(year.year), detail: { source: year.source } });
    this.cached = null;
    return year.year;
  }
}
