import type { PullResponse } from '../../domain/sync/pull.ts';
import type { WriteTx } from '../../store/store.ts';
import { centreForRegion } from './snapshot.ts';

/**
 * The centre's accounts as the gateway holds them, with their password verifiers, so any clerk of
 * the centre can log in at this PC while it is offline. An account whose username is already
 * another local account's is left alone rather than renamed: the admin sees both on the gateway.
 */
export function applyCentreUsers(tx: WriteTx, users: PullResponse['users']): void {
  for (const user of users) {
    const clash = tx.get('SELECT 1 FROM app_user WHERE username = ? AND id <> ?', user.username, user.id);
    if (clash) continue;
    const centreId = centreForRegion(tx, user.centreCode.slice(0, 6));
    tx.run(
      `INSERT INTO app_user (id, username, display_name, role, department_code, centre_id, password_hash, must_change_password, disabled, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET username = excluded.username, display_name = excluded.display_name, role = excluded.role,
         department_code = excluded.department_code, password_hash = excluded.password_hash,
         must_change_password = excluded.must_change_password, disabled = excluded.disabled`,
      user.id, user.username, user.displayName, user.role, user.departmentCode, centreId, user.passwordVerifier,
      user.mustChangePassword ? 1 : 0, user.disabled ? 1 : 0, tx.now,
    );
  }
}
