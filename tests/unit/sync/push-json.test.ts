import { describe, expect, it } from 'vitest';
import type { PushRequest } from '../../../src-main/domain/sync/push.ts';
import { raiseBaseSeqs, type Batch } from '../../../src-main/services/sync/outbox.ts';
import { itemJson, pushRequestJson } from '../../../src-main/services/sync/push-json.ts';
import { acceptAndTransfer, centreUsers, newCase } from '../../helpers/sync-items.ts';

/** A push request is built from its items' JSON, made once when the read measures them. */
describe('push request bytes', () => {
  const items = () => [...centreUsers('210211'), ...acceptAndTransfer(newCase({ region: '210211', deviceCode: 'A01', applicant: '欧阳娜娜' }))];

  it('are the bytes of JSON.stringify of the request, with or without an audit head', () => {
    for (const auditHead of [null, { seq: 7, hash: 'ab'.repeat(32), at: '2026-11-25T08:00:00.000Z' }]) {
      const request: PushRequest = { deviceClock: '2026-11-25T08:00:01.000Z', auditHead, items: items() };
      for (const item of request.items) itemJson(item);
      expect(pushRequestJson(request).toString('utf8')).toBe(JSON.stringify(request));
    }
  });

  it('carry what an item became after it was measured (its base raised by the answer before)', () => {
    const batch: Batch = { items: items(), skipped: [] };
    for (const item of batch.items) itemJson(item);
    const opening = batch.items.find((item) => item.kind === 'case.event');
    if (opening?.kind !== 'case.event') throw new Error('no case event');
    raiseBaseSeqs(batch, new Map([[opening.caseId, 41]]));
    const request: PushRequest = { deviceClock: '2026-11-25T08:00:01.000Z', auditHead: null, items: batch.items };
    const sent = JSON.parse(pushRequestJson(request).toString('utf8')) as PushRequest;
    expect(sent).toEqual(JSON.parse(JSON.stringify(request)));
    expect(sent.items.filter((item) => item.kind === 'case.event').map((item) => item.baseSeq)).toEqual([41, 41]);
    expect(itemJson(opening).toString('utf8')).toContain('"baseSeq":41');
  });
});
