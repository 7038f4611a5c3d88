/**
 * A push item's JSON is made once (docs/sync-performance.md, "Reading the outbox"): the read
 * measures each item by its bytes, so a batch stays under the limit as sent, and the request is
 * built from the same bytes instead of stringifying every item a second time inside one body.
 */
import type { PushItem, PushRequest } from '../../domain/sync/push.ts';

const made = new WeakMap<PushItem, Buffer>();

/** The item's JSON as UTF-8, made on first use and kept while the item lives. */
export function itemJson(item: PushItem): Buffer {
  let bytes = made.get(item);
  if (bytes === undefined) {
    bytes = Buffer.from(JSON.stringify(item));
    made.set(item, bytes);
  }
  return bytes;
}

/** An item changed after it was measured (its base raised, its scans named): its JSON is made again when next asked for. */
export function itemChanged(item: PushItem): void {
  made.delete(item);
}

const comma = Buffer.from(',');
const end = Buffer.from(']}');

/** The request as `JSON.stringify` gives it (the envelope's keys, then `items`), built from its items' JSON. */
export function pushRequestJson(request: PushRequest): Buffer {
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
