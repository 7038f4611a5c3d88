/**
 * Centre users, as the centre's devices push them (each its own accounts, on registration and
 * whenever one changes): the gateway keeps the latest in its own
 * order (a version per user) and feeds it to every device of the centre, password verifier
 * included, so any clerk can log in at any window while offline.
 */
import { roleLabels, type Role } from '../../../src-main/domain/auth/roles.ts';
import { regionOfCentre } from '../../../src-main/domain/sync/common.ts';
import type { CaseEventItem, UserUpsertItem } from '../../../src-main/domain/sync/push.ts';
import type { Tx } from '../db/database.ts';
import type { DeviceContext } from './devices.ts';
import type { FeedEntry } from './feed.ts';

/** Why this device may not maintain the user its item brings, or null when it may. */
export function userRefusal(device: DeviceContext, item: UserUpsertItem): string | null {
  const u = item.user;
  return u.centreCode === device.centreCode ? null : `用户 ${u.username} 属于中心 ${u.centreCode}，本机属于中心 ${device.centreCode}：只能维护本中心的用户`;
}

/**
 * The users a batch brings, in one statement whatever their number (a newly registered PC sends
 * all of its accounts at once, and a statement each cost the batch a round trip to PostgreSQL
 * each). A user named by several items takes the last one's values and a version higher by one
 * per item, as one item after another would have given it. Each item's feed entry is the
 * caller's (`userFeedEntry`).
 */
export async function upsertUsers(tx: Tx, items: readonly UserUpsertItem[], now: Date): Promise<void> {
  const byUser = new Map<string, { user: UserUpsertItem['user']; count: number }>();
  for (const item of items) byUser.set(item.user.id, { user: item.user, count: (byUser.get(item.user.id)?.count ?? 0) + 1 });
  if (byUser.size === 0) return;
  const rows = [...byUser.values()];
  const column = <T>(value: (u: UserUpsertItem['user']) => T) => rows.map((r) => value(r.user));
  await tx.query(
    `INSERT INTO centre_user (region_code, centre_code, user_id, username, display_name, role, department_code, password_verifier,
                              must_change_password, disabled, version, updated_at)
     SELECT u.*, $12 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                                 $9::boolean[], $10::boolean[], $11::int[]) AS u
     ON CONFLICT (region_code, centre_code, user_id) DO UPDATE SET
       username = EXCLUDED.username, display_name = EXCLUDED.display_name, role = EXCLUDED.role, department_code = EXCLUDED.department_code,
       password_verifier = EXCLUDED.password_verifier, must_change_password = EXCLUDED.must_change_password, disabled = EXCLUDED.disabled,
       version = centre_user.version + EXCLUDED.version, updated_at = EXCLUDED.updated_at`,
    [
      column((u) => regionOfCentre(u.centreCode)), column((u) => u.centreCode), column((u) => u.id), column((u) => u.username), column((u) => u.displayName),
      column((u) => u.role), column((u) => u.departmentCode), column((u) => u.passwordVerifier), column((u) => u.mustChangePassword), column((u) => u.disabled),
      rows.map((r) => r.count), now,
    ],
  );
}

/** The feed entry of an applied user item: every device of the centre receives the user. */
export function userFeedEntry(item: UserUpsertItem): FeedEntry {
  const region = regionOfCentre(item.user.centreCode);
  return { region, centre: item.user.centreCode, kind: 'user', refRegion: region, refId: item.user.id };
}

/** A person of the centre as the gateway holds them: whom a pushed event may name as its actor. */
export interface CentrePerson {
  role: Role;
  displayName: string;
}

/** The centre's people among `ids`, as they stand in this transaction. */
export async function centrePeople(tx: Tx, device: DeviceContext, ids: readonly string[]): Promise<Map<string, CentrePerson>> {
  if (ids.length === 0) return new Map();
  const r = await tx.query<{ user_id: string; role: Role; display_name: string }>(
    'SELECT user_id, role, display_name FROM centre_user WHERE region_code = $1 AND centre_code = $2 AND user_id = ANY($3::text[])',
    [regionOfCentre(device.centreCode), device.centreCode, [...new Set(ids)]],
  );
  return new Map(r.rows.map((row) => [row.user_id, { role: row.role, displayName: row.display_name }]));
}

/**
 * Why a device may not record an event in this person's name, or null when it may. A device
 * acts for its own centre's people only, in the role the centre gave them: a forged actor (another
 * centre's user, an id nobody has, a clerk posing as a supervisor) is refused, never stored.
 */
export function actorRefusal(item: Pick<CaseEventItem, 'actorId' | 'actorRole' | 'actorName'>, person: CentrePerson | undefined, device: DeviceContext): string | null {
  if (item.actorId === null) return null;
  if (!person) {
    return `记录的办理人“${item.actorName ?? item.actorId}”不是本中心（${device.centreCode}）在中心平台登记的用户，不能以其名义提交。请在本机“同步”页点「立即同步」先发送本机的账号；仍被拒收请联系信息中心。`;
  }
  if (item.actorRole !== person.role) {
    const claimed = item.actorRole ? roleLabels[item.actorRole] : '未注明';
    return `记录的办理人“${person.displayName}”在中心平台登记为${roleLabels[person.role]}，本记录写的是${claimed}，不能接收。请联系信息中心核对该账号的角色。`;
  }
  return null;
}
