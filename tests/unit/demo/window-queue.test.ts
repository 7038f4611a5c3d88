/**
 * The demo hall always has cases waiting at the window to be sent on (待流转): the clerk's landing
 * screen shows that queue, the receipt and hand-over sheet print for its cases, and a newcomer
 * opening the demo at 09:20, on a Saturday or in a holiday week must find it as at 15:00 on a
 * Tuesday. Early in the morning the window holds the last working day's cases; once today's
 * second intake is surely decided, today's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bootServices, type Services } from '../../../src-main/host/boot.ts';
import { seedDemo } from '../../../src-main/services/demo/seed.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function seededAt(now: Date): Services {
  const dir = mkdtempSync(join(tmpdir(), 'onewindow-demo-queue-'));
  dirs.push(dir);
  const services = bootServices({ dataDir: dir, appVersion: 'test', siteFile: null, seedDemoIfEmpty: false, clock: () => now });
  seedDemo(services.env, { now, days: 8 });
  return services;
}

/** The cases at the window: accepted and not yet sent on, each with the day (China time) it was accepted. */
function waitingToSend(services: Services): { accepted_date: string }[] {
  return services.env.store.read((tx) => tx.all<{ accepted_date: string }>("SELECT accepted_date FROM case_record WHERE status = 'accepted' AND is_bundle = 0 ORDER BY accepted_date"));
}

describe('the demo window’s 待流转 queue', () => {
  // China time is UTC+8; each moment is written in UTC.
  it.each([
    ['a Saturday at 09:20, before today’s second intake', '2026-12-05T01:20:00Z', '2026-12-04'],
    ['a Monday at 08:00, before the hall opens', '2026-12-07T00:00:00Z', '2026-12-04'],
    ['a Monday at 09:30', '2026-12-07T01:30:00Z', '2026-12-04'],
    ['a Monday at 15:00', '2026-12-07T07:00:00Z', '2026-12-07'],
    ['the third day of the National Day holiday at 11:00', '2026-10-03T03:00:00Z', '2026-10-03'],
    ['the Monday after the holiday at 09:10, the Saturday before it a make-up working day', '2026-10-12T01:10:00Z', '2026-10-10'],
  ])('holds cases on %s', (_when, at, lastDay) => {
    const services = seededAt(new Date(at));
    try {
      const waiting = waitingToSend(services);
      expect(waiting.length).toBeGreaterThan(0);
      // The newest of them were accepted on the last day with intakes, not days before.
      expect(waiting.at(-1)?.accepted_date).toBe(lastDay);
    } finally {
      services.close();
    }
  });
});
