/**
 * A push item's JSON is made once (docs/sync-performance.md, "Reading the outbox"): the read
 * measures each item by its bytes, so a batch stays under the limit as sent, and the request is
 * built from the same bytes instead of stringifying every item a second time inside one body.
 * A case event's JSON is mostly SQLite's (`OutboxCaseEvent.fields`, made by the outbox read from
 * the event's row); only what the push may still change is added here: the base number, which
 * the answer to the batch before may raise, and the opening's header, which names the scans
 * once they are uploaded.
 */
import type { CaseHeader } from '../../domain/sync/case-header.ts';
import type { CaseEventItem, PushItem, PushRequest, UserUpsertItem } from '../../domain/sync/push.ts';

/**
 * A case event as the push holds it: what the push itself reads or changes (its case, local
 * number, actor, base number, the opening's header) beside the JSON of the rest, which SQLite
 * made from the event's row (`json_object` in `nextBatches()`, outbox.ts). The wire item is that
 * JSON with the base number and the header added (`itemJson()`; `wireItem()` gives it as an
 * object). Why not the object: the push holds two to four batches at a time across round trips,
 * long enough for V8 to promote what they hold to its old generation, and each event's payload
 * object, its strings and its JSON made again from them were most of what a push allocated and
 * promoted, and so of the full collections it paid for (docs/sync-performance.md).
 */
export interface OutboxCaseEvent {
  kind: 'case.event';
  id: string;
  caseId: string;
  localSeq: number;
  type: CaseEventItem['type'];
  actorId: string | null;
  baseSeq: number | null;
  /** The case's facts, with its opening event: the gateway needs them to route the case. */
  case?: CaseHeader;
  /**
   * The item's JSON without `baseSeq` and `case`, an object as SQLite wrote it, in UTF-8: as a
   * blob it comes as bytes, where a text would come as a string (two bytes a character once
   * Chinese is in it) to be encoded again for the wire.
   */
  readonly fields: Buffer;
  /** The wire JSON once made (`itemJson()`), dropped when the base or the header changes. */
  bytes?: Buffer | undefined;
}

export type OutboxItem = OutboxCaseEvent | UserUpsertItem;

/** A push request as the app sends it: the envelope, and the items as the outbox read them. */
export type OutgoingPush = Omit<PushRequest, 'items'> & { items: readonly OutboxItem[] };

/** The item's JSON as UTF-8: a case event's made on first use and kept with it (an account change's, a few a push, each time). */
export function itemJson(item: OutboxItem): Buffer {
  if (item.kind !== 'case.event') return Buffer.from(JSON.stringify(item));
  item.bytes ??= caseEventJson(item);
  return item.bytes;
}

/** SQLite's object with `baseSeq` and, for an opening, `case` added before its closing brace. */
function caseEventJson(item: OutboxCaseEvent): Buffer {
  const header = item.case === undefined ? '' : `,"case":${JSON.stringify(item.case)}`;
  return Buffer.concat([item.fields.subarray(0, -1), Buffer.from(`,"baseSeq":${JSON.stringify(item.baseSeq)}${header}}`)]);
}

/** An item changed after it was measured (its base raised, its scans named): its JSON is made again when next asked for. */
export function itemChanged(item: OutboxCaseEvent): void {
  item.bytes = undefined;
}

/** The item as the gateway reads it (a test's expectations, the bench's peer documents). */
export function wireItem(item: OutboxItem): PushItem {
  return JSON.parse(itemJson(item).toString('utf8')) as PushItem;
}

const comma = Buffer.from(',');
const end = Buffer.from(']}');

/** The request's JSON (the envelope's keys, then `items`), built from its items' JSON. */
export function pushRequestJson(request: OutgoingPush): Buffer {
  const { items, ...envelope } = request;
  const head = JSON.stringify(envelope);
  const parts: Buffer[] = [Buffer.from(`${head.length > 2 ? `${head.slice(0, -1)},` : '{'}"items":[`)];
  items.forEach((item, i) => {
    if (i > 0) parts.push(comma);
    parts.push(itemJson(item));
  });
  parts.push(end);
  return Buffer.concat(parts);
}
