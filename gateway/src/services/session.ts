/** `GET /v1/session`: the device, the epoch, the gateway's clock, and what it holds of the device's events. */
import { acceptedRange } from '../../../src-main/domain/sync/version.ts';
import type { SessionResponse } from '../../../src-main/domain/sync/session.ts';
import type { Db } from '../db/database.ts';
import { centreOf } from './centres.ts';
import type { DeviceContext } from './devices.ts';

export async function session(db: Db, device: DeviceContext, epoch: string, protocolVersion: number, now = new Date()): Promise<SessionResponse> {
  const d = await db.query<{ events_count: number; last_event_id: string | null }>(
    'SELECT events_count, last_event_id FROM device WHERE region_code = $1 AND device_id = $2',
    [device.region, device.deviceId],
  );
  const head = await db.query<{ audit_seq: number; hash: string; at: string }>(
    'SELECT audit_seq, hash, at FROM device_audit_head WHERE region_code = $1 AND device_id = $2 ORDER BY audit_seq DESC LIMIT 1',
    [device.region, device.deviceId],
  );
  const centre = await centreOf(db, device.centreCode);
  const h = head.rows[0];
  return {
    epoch,
    protocol: acceptedRange(protocolVersion),
    serverTime: now.toISOString(),
    device: { deviceId: device.deviceId, deviceCode: device.deviceCode, deviceRole: device.deviceRole, centre },
    deviceEvents: { count: d.rows[0]?.events_count ?? 0, lastEventId: d.rows[0]?.last_event_id ?? null },
    auditHead: h ? { seq: h.audit_seq, hash: h.hash, at: h.at } : null,
  };
}
