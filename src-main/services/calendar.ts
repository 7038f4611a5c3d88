import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkCalendar } from '../domain/time/calendar.ts';
import { resourcesDir } from './paths.ts';

/** Every year file in resources/calendars: a new year's file is loaded without a new build. */
export function loadBundledCalendar(): WorkCalendar {
  const dir = join(resourcesDir(), 'calendars');
  const years = readdirSync(dir)
    .filter((name) => /^\d{4}\.json$/.test(name))
    .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as unknown);
  return WorkCalendar.fromYears(years);
}
