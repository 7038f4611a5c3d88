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
