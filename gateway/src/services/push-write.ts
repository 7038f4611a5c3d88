/** Writing what a push batch applied: one statement per table, whatever the batch size. */
import type { CaseEventItem, UserUpsertItem } from '../../../src-main/domain/sync/push.ts';
import type { AuditHead } from '../../../src-main/domain/sync/session.ts';
import type { Tx } from '../db/database.ts';
import type { Sealer } from '../keys.ts';
import { splitHeader } from './cases.ts';
import type { DeviceContext } from './devices.ts';
import type { WorkingCase } from './push-judge.ts';

export interface AppliedEvent {
  item: CaseEventItem;
  seq: number;
  caseRegion: string;
}

async function insertCases(tx: Tx, opened: readonly WorkingCase[], sealer: Sealer): Promise<void> {
  if (opened.length === 0) return;
  const cols = { region: [] as string[], id: [] as string[], number: [] as string[], centre: [] as string[], competent: [] as string[], dept: [] as string[], matter: [] as string[], parent: [] as (string | null)[], header: [] as string[], personal: [] as Buffer[], created: [] as Date[], seq: [] as number[], status: [] as (string | null)[], assignee: [] as (string | null)[], assigneeName: [] as (string | null)[], state: [] as string[] };
  const tokenRows = { region: [] as string[], token: [] as Buffer[], id: [] as string[] };
  for (const c of opened) {
    const header = c.header;
    if (!header) continue;
    const { plain, sealed, tokens } = splitHeader(header, sealer);
    cols.region.push(c.region);
    cols.id.push(c.caseId);
    cols.number.push(c.caseNumber);
    cols.centre.push(c.centreCode);
    cols.competent.push(c.competentRegion);
    cols.dept.push(header.matter.departmentCode);
    cols.matter.push(header.matter.code);
    cols.parent.push(header.parentCaseId);
    cols.header.push(JSON.stringify(plain));
    cols.personal.push(sealed);
    cols.created.push(c.updatedAt);
    cols.seq.push(c.lastSeq);
    cols.status.push(c.state.status);
    cols.assignee.push(c.state.assigneeId);
    cols.assigneeName.push(c.assigneeName);
    cols.state.push(JSON.stringify(c.state));
    for (const t of tokens) {
      tokenRows.region.push(c.region);
      tokenRows.token.push(t);
      tokenRows.id.push(c.caseId);
    }
  }
  await tx.query(
    `INSERT INTO central_case (region_code, case_id, case_number, centre_code, competent_region, department_code, matter_code, parent_case_id,
                               header, personal, last_seq, status, assignee_id, assignee_name, state, created_at, updated_at)
     SELECT r, i, n, c, cr, d, m, p, h::jsonb, pe, s, st, a, an, j::jsonb, t, t
       FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::uuid[], $9::text[], $10::bytea[], $11::timestamptz[],
                   $12::int[], $13::text[], $14::text[], $15::text[], $16::text[])
         AS u(r, i, n, c, cr, d, m, p, h, pe, t, s, st, a, an, j)`,
    [cols.region, cols.id, cols.number, cols.centre, cols.competent, cols.dept, cols.matter, cols.parent, cols.header, cols.personal, cols.created,
     cols.seq, cols.status, cols.assignee, cols.assigneeName, cols.state],
  );
  if (tokenRows.token.length > 0) {
    await tx.query('INSERT INTO case_token (region_code, token, case_id) SELECT * FROM unnest($1::text[], $2::bytea[], $3::uuid[]) ON CONFLICT DO NOTHING', [
      tokenRows.region,
      tokenRows.token,
      tokenRows.id,
    ]);
  }
}

async function updateCases(tx: Tx, changed: readonly WorkingCase[]): Promise<void> {
  if (changed.length === 0) return;
  await tx.query(
    `UPDATE central_case AS c SET last_seq = u.s, status = u.st, assignee_id = u.a, assignee_name = u.an, state = u.j::jsonb, updated_at = u.t
       FROM unnest($1::text[], $2::uuid[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[]) AS u(r, i, s, st, a, an, j, t)
      WHERE c.region_code = u.r AND c.case_id = u.i`,
    [
      changed.map((c) => c.region),
      changed.map((c) => c.caseId),
      changed.map((c) => c.lastSeq),
      changed.map((c) => c.state.status),
      changed.map((c) => c.state.assigneeId),
      changed.map((c) => c.assigneeName),
      changed.map((c) => JSON.stringify(c.state)),
      changed.map((c) => c.updatedAt),
    ],
  );
}

async function insertEvents(tx: Tx, device: DeviceContext, applied: readonly AppliedEvent[], now: Date): Promise<void> {
  if (applied.length === 0) return;
  await tx.query(
    `INSERT INTO central_event (region_code, id, case_id, seq, type, at, recorded_at, actor_id, actor_role, actor_name, note, payload,
                                device_region, device_id, device_code, centre_code)
     SELECT r, i, c, s, ty, a, $12, ai, ar, an, n, p::jsonb, $13, $14, $15, $16
       FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
         AS u(r, i, c, s, ty, a, ai, ar, an, n, p)`,
    [
      applied.map((a) => a.caseRegion),
      applied.map((a) => a.item.id),
      applied.map((a) => a.item.caseId),
      applied.map((a) => a.seq),
      applied.map((a) => a.item.type),
      applied.map((a) => a.item.at),
      applied.map((a) => a.item.actorId),
      applied.map((a) => a.item.actorRole),
      applied.map((a) => a.item.actorName),
      applied.map((a) => a.item.note),
      applied.map((a) => JSON.stringify(a.item.payload)),
      now,
      device.region,
      device.deviceId,
      device.deviceCode,
      device.centreCode,
    ],
  );
  const lastId = applied.map((a) => a.item.id).reduce((max, id) => (id > max ? id : max));
  await tx.query(
    `UPDATE device SET events_count = events_count + $3,
            last_event_id = CASE WHEN last_event_id IS NULL OR last_event_id < $4::uuid THEN $4::uuid ELSE last_event_id END
      WHERE region_code = $1 AND device_id = $2`,
    [device.region, device.deviceId, applied.length, lastId],
  );
}

async function linkAttachments(tx: Tx, device: DeviceContext, opened: readonly WorkingCase[], applied: readonly AppliedEvent[]): Promise<void> {
  const rows: { region: string; caseId: string; ref: NonNullable<CaseEventItem['attachments']>[number] }[] = [];
  for (const c of opened) for (const ref of c.header?.attachments ?? []) rows.push({ region: c.region, caseId: c.caseId, ref });
  for (const a of applied) for (const ref of a.item.attachments ?? []) rows.push({ region: a.caseRegion, caseId: a.item.caseId, ref });
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO case_attachment (region_code, case_id, sha256, stored_region, material_key, file_name, mime_type, size)
     SELECT r, c, h, $1, k, f, m, s FROM unnest($2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[]) AS u(r, c, h, k, f, m, s)
     ON CONFLICT DO NOTHING`,
    [
      device.region,
      rows.map((r) => r.region),
      rows.map((r) => r.caseId),
      rows.map((r) => r.ref.sha256),
      rows.map((r) => r.ref.materialKey),
      rows.map((r) => r.ref.fileName),
      rows.map((r) => r.ref.mimeType),
      rows.map((r) => r.ref.size),
    ],
  );
}

export async function writeBatch(
  tx: Tx,
  device: DeviceContext,
  changed: readonly WorkingCase[],
  applied: readonly AppliedEvent[],
  users: readonly UserUpsertItem[],
  auditHead: AuditHead | null,
  sealer: Sealer,
  now: Date,
): Promise<void> {
  const opened = changed.filter((c) => c.isNew);
  // A case opened by this batch is inserted as it stands after the batch; the others are updated.
  await insertCases(tx, opened, sealer);
  await updateCases(tx, changed.filter((c) => !c.isNew));
  await insertEvents(tx, device, applied, now);
  await linkAttachments(tx, device, opened, applied);
  if (users.length > 0) {
    await tx.query('INSERT INTO applied_message (region_code, id, kind, recorded_at) SELECT $1, i, $3, $4 FROM unnest($2::uuid[]) AS i', [device.region, users.map((u) => u.id), 'user.upsert', now]);
  }
  if (auditHead !== null) {
    await tx.query(
      'INSERT INTO device_audit_head (region_code, device_id, audit_seq, hash, at, received_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING',
      [device.region, device.deviceId, auditHead.seq, auditHead.hash, auditHead.at, now],
    );
  }
}
