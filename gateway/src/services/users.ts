/**
 * Centre users, as an administrator's device pushes them: the gateway keeps the latest in its own
 * order (a version per user) and feeds it to every device of the centre, password verifier
 * included, so any clerk can log in at any window while offline.
 */
import { regionOfCentre } from '../../../src-main/domain/sync/common.ts';
import type { UserUpsertItem } from '../../../src-main/domain/sync/push.ts';
import type { Tx } from '../db/database.ts';
import type { DeviceContext } from './devices.ts';
import type { FeedEntry } from './feed.ts';

export async function upsertUser(tx: Tx, device: DeviceContext, item: UserUpsertItem, now: Date): Promise<{ ok: true; feed: FeedEntry } | { ok: false; message: string }> {
  const u = item.user;
  if (u.centreCode !== device.centreCode) {
    return { ok: false, message: `用户 ${u.username} 属于中心 ${u.centreCode}，本机属于中心 ${device.centreCode}：只能维护本中心的用户` };
  }
  const region = regionOfCentre(u.centreCode);
  await tx.query(
    `INSERT INTO centre_user (region_code, centre_code, user_id, username, display_name, role, department_code, password_verifier,
                              must_change_password, disabled, version, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11)
     ON CONFLICT (region_code, centre_code, user_id) DO UPDATE SET
       username = EXCLUDED.username, display_name = EXCLUDED.display_name, role = EXCLUDED.role, department_code = EXCLUDED.department_code,
       password_verifier = EXCLUDED.password_verifier, must_change_password = EXCLUDED.must_change_password, disabled = EXCLUDED.disabled,
       version = centre_user.version + 1, updated_at = EXCLUDED.updated_at`,
    [region, u.centreCode, u.id, u.username, u.displayName, u.role, u.departmentCode, u.passwordVerifier, u.mustChangePassword, u.disabled, now],
  );
  return { ok: true, feed: { region, centre: u.centreCode, kind: 'user', refRegion: region, refId: u.id } };
}
