import { dateInChina } from '@domain/time/iso-date.ts';

/** Today's date at the centre (China), whatever the PC's time zone. */
export function todayInChina(): string {
  return dateInChina(new Date());
}
