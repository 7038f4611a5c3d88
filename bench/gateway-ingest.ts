/**
 * gateway.ingest_events_per_s: 200 devices pushing at once into one gateway process and its
 * embedded PostgreSQL (its own data folder, as `npm run gateway` runs it), reported with the
 * push p99 beside it. Each device catches up on a backlog: cases of ten events each (受理 with
 * its header, 流转, 认领, 承办, 决定, 出件, 办结, 评价 and two notes), pushed oldest first in batches of
 * 50, one batch at a time per device, as the app's outbox does after an outage.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runningPostmaster } from '../gateway/src/db/postmaster.ts';
import type { PushResponse, RegisterResponse } from '../src-main/domain/sync/index.ts';
import { call, gatewayCommand, startGateway, type GatewayProcess } from '../tests/helpers/gateway.ts';
import { centreUsers, clerk, eventItem, newCase, pushBody, randomUUID, reviewerZhang, type TestCase } from '../tests/helpers/sync-items.ts';
import { killOnExit, killPid, removeOnExit } from './cleanup.ts';
import { percentile, report } from './report.ts';

/** The embedded PostgreSQL the gateway started in `dataDir` (its postmaster), if it runs. */
function postmasterPid(dataDir: string): number | null {
  return runningPostmaster(join(dataDir, 'pg'))?.pid ?? null;
}

function caseEvents(c: TestCase) {
  return [
    eventItem(c, 'intake.accepted', clerk, { caseNumber: c.caseNumber, dueDate: '2026-12-09', limit: { value: 5, unit: 'working' }, matterKind: 'promised', reviewSteps: 1 }, { withHeader: true }),
    eventItem(c, 'case.transferred', clerk, {}),
    eventItem(c, 'review.claimed', reviewerZhang, { assigneeId: reviewerZhang.id }),
    eventItem(c, 'note', reviewerZhang, { text: '已电话联系申请人' }),
    eventItem(c, 'review.stepCompleted', reviewerZhang, { step: 1, opinion: '材料齐全，符合法定形式' }),
    eventItem(c, 'review.decided', reviewerZhang, { outcome: 'granted' }),
    eventItem(c, 'handover.delivered', clerk, { method: 'window', collectorName: '赵六', collectorIdMasked: '1101**********002X' }),
    eventItem(c, 'case.closed', clerk, {}),
    eventItem(c, 'rating.given', { id: null, role: null, name: null } as never, { level: 5 }),
    eventItem(c, 'note', clerk, { text: '归档' }),
  ];
}

export async function benchGatewayIngest(options: { devices?: number; casesPerDevice?: number; batch?: number } = {}): Promise<void> {
  const devices = options.devices ?? 200;
  const casesPerDevice = options.casesPerDevice ?? 20;
  const batch = options.batch ?? 50;
  const dataDir = mkdtempSync(join(tmpdir(), 'onewindow-bench-gw-'));
  const removeDataDir = removeOnExit(dataDir, () => postmasterPid(dataDir));
  // Killed on the bench's exit too (an uncaught error, Ctrl-C, the runner's SIGTERM): the gateway
  // and the PostgreSQL it started, which outlives a killed gateway.
  let gatewayPid: number | null = null;
  const forget = killOnExit(() => {
    killPid(gatewayPid, 'SIGKILL');
    killPid(postmasterPid(dataDir), 'SIGQUIT');
  });
  let running: GatewayProcess | null = null;
  try {
    const gateway = await startGateway({ dataDir, env: { GATEWAY_LOG_LEVEL: 'warn', GATEWAY_MAX_CONCURRENT_PUSHES: String(devices), ...(process.env.BENCH_GATEWAY_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_GATEWAY_NODE_OPTIONS } : {}) } });
    running = gateway;
    gatewayPid = gateway.child.pid ?? null;
    // The districts of Dalian, so the devices spread over regions as a city's would.
    const regions = ['210202', '210203', '210204', '210211', '210212', '210213', '210214', '210224', '210281', '210283'];
    const codes: string[] = [];
    for (const region of regions) {
      const issued = await gatewayCommand<{ code: string }[]>({ dataDir }, ['issue-code', '--centre', region, '--role', 'window', '--name', `测试中心 ${region}`, '--count', String(devices / regions.length)]);
      codes.push(...issued.map((i) => i.code));
    }
    const registered = await Promise.all(
      codes.map(async (code) => {
        const answer = await call<RegisterResponse>(gateway.url, 'POST', '/v1/devices/register', { body: { code, installationId: randomUUID(), deviceName: 'bench', appVersion: 'bench' } });
        if (answer.status !== 200) throw new Error(`registration answered ${answer.status}: ${JSON.stringify(answer.body)}`);
        return answer.body;
      }),
    );
    // The gateway takes events only from a centre's own people: one device of each region sends them first.
    for (const region of regions) {
      const d = registered.find((r) => r.centre.code === region);
      if (d) await call(gateway.url, 'POST', '/v1/push', { token: d.accessToken, body: pushBody(centreUsers(region)) });
    }
    const backlogs = registered.map((d) => {
      const items = Array.from({ length: casesPerDevice }, () => caseEvents(newCase({ region: d.centre.regionCode, deviceCode: d.deviceCode }))).flat();
      // Rating events are the applicant's own (no actor); eventItem gave them the placeholder.
      for (const item of items) if (item.type === 'rating.given') Object.assign(item, { actorId: null, actorRole: null, actorName: null });
      return { token: d.accessToken, items };
    });
    const latencies: number[] = [];
    let applied = 0;
    let refused = 0;
    const started = performance.now();
    await Promise.all(
      backlogs.map(async ({ token, items }) => {
        for (let i = 0; i < items.length; i += batch) {
          const t0 = performance.now();
          const answer = await call<PushResponse>(gateway.url, 'POST', '/v1/push', { token, body: pushBody(items.slice(i, i + batch)) });
          latencies.push(performance.now() - t0);
          if (answer.status !== 200) throw new Error(`push answered ${answer.status}: ${JSON.stringify(answer.body)}`);
          for (const r of answer.body.results) if (r.outcome === 'applied') applied++;
          else refused++;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    if (refused > 0) throw new Error(`${refused} events were not applied`);
    report('gateway.ingest_events_per_s', applied / seconds, 'events/s', {
      includes: 'events applied per second of wall time while 200 devices push batches of 50 at once over HTTP into one gateway process and its embedded PostgreSQL (each event judged and stored)',
      target_min: 3000,
      devices,
      events: applied,
      batch,
      seconds: Number(seconds.toFixed(2)),
      push_p99_ms: Number(percentile(latencies, 99).toFixed(1)),
      push_p50_ms: Number(percentile(latencies, 50).toFixed(1)),
      pushes: latencies.length,
    });
  } finally {
    try {
      await running?.stop();
      forget();
    } finally {
      // A PostgreSQL the gateway left running (it never came up, or could not stop) goes before its folder.
      killPid(postmasterPid(dataDir), 'SIGQUIT');
      removeDataDir();
    }
  }
}

if (import.meta.main) await benchGatewayIngest({ devices: Number(process.env.BENCH_DEVICES ?? 200), batch: Number(process.env.BENCH_BATCH ?? 50) });
