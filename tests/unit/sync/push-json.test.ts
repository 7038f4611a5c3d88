import { describe, expect, it } from 'vitest';
import type { PushRequest } from '../../../src-main/domain/sync/push.ts';
import { raiseBaseSeqs, type Batch } from '../../../src-main/services/sync/outbox.ts';
import { itemJson, pushRequestJson, wireItem, type OutgoingPush } from '../../../src-main/services/sync/push-json.ts';
import { acceptAndTransfer, asOutboxItem, centreUsers, newCase } from '../../helpers/sync-items.ts';

/** A push request is built from its items' JSON, made once when the read measures them. */
describe('push request bytes', () => {
  const wire = () => [...centreUsers('210211'), ...acceptAndTransfer(newCase({ region: '210211', deviceCode: 'A01', applicant: '欧阳娜娜' }))];

  it('read as the request with its items as the gateway reads them, with or without an audit head', () => {
    for (const auditHead of [null, { seq: 7, hash: 'ab'.repeat(32), at: '2026-11-25T08:00:00.000Z' }]) {
      const items = wire();
      const request: OutgoingPush = { deviceClock: '2026-11-25T08:00:01.000Z', auditHead, items: items.map(asOutboxItem) };
      for (const item of request.items) itemJson(item);
      const expected: PushRequest = { deviceClock: request.deviceClock, auditHead, items };
      expect(JSON.parse(pushRequestJson(request).toString('utf8'))).toEqual(expected);
      expect(request.items.map(wireItem)).toEqual(items);
    }
  });

  it('carry what an item became after it was measured (its base raised by the answer before)', () => {
    const items = wire();
    const batch: Batch = { items: items.map(asOutboxItem), skipped: [] };
    for (const item of batch.items) itemJson(item);
    const opening = batch.items.find((item) => item.kind === 'case.event');
    if (opening?.kind !== 'case.event') throw new Error('no case event');
    raiseBaseSeqs(batch, new Map([[opening.caseId, 41]]));
    const sent = JSON.parse(pushRequestJson({ deviceClock: '2026-11-25T08:00:01.000Z', auditHead: null, items: batch.items }).toString('utf8')) as PushRequest;
    expect(sent.items).toEqual(items.map((item) => (item.kind === 'case.event' ? { ...item, baseSeq: 41 } : item)));
    expect(itemJson(opening).toString('utf8')).toContain('"baseSeq":41');
  });
});
