/**
 * The Chinese sentence a rejected push item carries: who did what when, centrally, that the
 * device did not know when it acted. "该件已由张三于10:02认领。" followed by the state machine's
 * own refusal (which names the case's state and what can be done now). Times are China time;
 * the date is added when it is not the day of the answer. The time is the acting device's
 * (`at`: when the person did it); it is shown, never used for order.
 */
import { annotationActions, actionOf, eventLabel } from '../lifecycle/machine.ts';
import type { CaseEvent } from '../lifecycle/events.ts';
import { dateInChina } from '../time/iso-date.ts';
import type { CentralEvent } from './events.ts';

const chinaOffsetMs = 8 * 3_600_000;

/** 10:02, or 3月9日10:02 when not on `today` (a China date, yyyy-mm-dd). */
export function chinaClock(instant: string, today: string): string {
  const at = new Date(Date.parse(instant));
  const shifted = new Date(at.getTime() + chinaOffsetMs);
  const hhmm = `${String(shifted.getUTCHours()).padStart(2, '0')}:${String(shifted.getUTCMinutes()).padStart(2, '0')}`;
  const date = dateInChina(at);
  if (date === today) return hhmm;
  return `${shifted.getUTCMonth() + 1}月${shifted.getUTCDate()}日${hhmm}`;
}

/** The lifecycle's helpers need only the type and the payload, which a central event has. */
function asCaseEvent(event: CentralEvent): CaseEvent {
  return event as unknown as CaseEvent;
}

function isAnnotation(event: CentralEvent): boolean {
  const action = actionOf(asCaseEvent(event));
  return (annotationActions as readonly string[]).includes(action);
}

function who(event: CentralEvent): string {
  if (event.actorId === null) return '申请人本人';
  return event.actorName ?? event.actorId;
}

/**
 * The central event that explains the conflict: the latest one that changed the case and that
 * the device had not seen (after `baseSeq`), made by someone else; failing that, the latest
 * that changed the case at all.
 */
export function decisiveEvent(events: readonly CentralEvent[], baseSeq: number | null, actorId: string | null): CentralEvent | null {
  const unseen = events.filter((e) => e.seq > (baseSeq ?? 0) && !isAnnotation(e));
  const byOthers = unseen.filter((e) => e.actorId !== actorId);
  const pick = byOthers.at(-1) ?? unseen.at(-1) ?? events.filter((e) => !isAnnotation(e)).at(-1);
  return pick ?? null;
}

/**
 * The state machine knows people by id ("已由 u-zhang 认领"); the person reading the refusal
 * knows them by name, which the case's central events carry (the actor's, and a 改派's new
 * assignee's).
 */
export function namePeople(text: string, events: readonly CentralEvent[]): string {
  const names = new Map<string, string>();
  for (const e of events) {
    if (e.actorId && e.actorName) names.set(e.actorId, e.actorName);
    const p = e.payload as { toId?: unknown; toName?: unknown };
    if (e.type === 'review.reassigned' && typeof p.toId === 'string' && typeof p.toName === 'string' && p.toName) names.set(p.toId, p.toName);
  }
  let named = text;
  // The spaces that set an id apart in the machine's wording do not belong around a Chinese name.
  for (const [id, name] of names) named = named.replaceAll(` ${id} `, name).replaceAll(id, name);
  return named;
}

/** e.g. 该件已由张三于10:02认领。办件当前为「审查中」，已由张三认领，不能执行「认领」。… */
export function conflictMessage(options: {
  events: readonly CentralEvent[];
  baseSeq: number | null;
  actorId: string | null;
  refusal: string;
  now: Date;
}): string {
  const decisive = decisiveEvent(options.events, options.baseSeq, options.actorId);
  const refusal = namePeople(options.refusal, options.events);
  if (decisive === null) return refusal;
  const label = eventLabel(asCaseEvent(decisive));
  return `该件已由${who(decisive)}于${chinaClock(decisive.at, dateInChina(options.now))}${label}。${refusal}`;
}
