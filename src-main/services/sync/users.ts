import type { PullResponse } from '../../domain/sync/pull.ts';
import type { UserUpsertItem } from '../../domain/sync/push.ts';
import type { ReadTx, WriteTx } from '../../store/store.ts';
import { readLink } from './link.ts';
import { centreForRegion } from './snapshot.ts';

/**
 * The centre's accounts as the gateway holds them, with their password verifiers, so any clerk of
 * the centre can log in at this PC while it is offline. An account whose username is already
 * another local account's is left alone rather than renamed: the admin sees both on the gateway.
 * Applying what was pulled queues nothing, so an account never echoes back and forth; an account
 * with a change of this PC's still waiting to go up keeps that change.
 */
export function applyCentreUsers(tx: WriteTx, users: PullResponse['users']): void {
  for (const user of users) {
    const clash = tx.get('SELECT 1 FROM app_user WHERE username = ? AND id <> ?', user.username, user.id);
    if (clash) continue;
    // A change made here and not yet sent is newer than anything the gateway has: a page that
    // brings back the account as it was (the echo of an earlier push) must not undo a new password.
    if (tx.get("SELECT 1 FROM outbox WHERE kind = 'user.upsert' AND aggregate_id = ? AND state = 'pending'", user.id)) continue;
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

/** Accounts that exist only to name someone of another PC (snapshot.ts ensureRemoteUser) never go up. */
const ownAccounts = "username NOT LIKE 'remote:%' AND password_hash <> '!'";

/**
 * An account was created or changed here (new, password, disabled): once this PC is registered,
 * the change goes to the gateway, which hands it to every PC of the centre. The message carries
 * no copy of the account: the push sends the row as it is then, so a later change in the same
 * offline spell is not sent stale.
 */
export function queueUserForSync(tx: WriteTx, userId: string): void {
  if (!readLink(tx)) return;
  if (!tx.get(`SELECT 1 FROM app_user WHERE id = ? AND ${ownAccounts}`, userId)) return;
  // One message per change, even with one already waiting: that one may be in a batch on its way,
  // read before this change, and its acknowledgement would then close the change unsent (a new
  // password lost, and the gateway's older row pulled back over it). Each sends the row as it is.
  tx.enqueue({ kind: 'user.upsert', aggregateType: 'user', aggregateId: userId, payload: null });
}

/** On registration: every account of this PC goes up, so its people can act and log in anywhere in the centre. */
export function queueAllUsersForSync(tx: WriteTx): number {
  tx.run("DELETE FROM outbox WHERE kind = 'user.upsert' AND state = 'pending'");
  const ids = tx.column<string>(`SELECT id FROM app_user WHERE ${ownAccounts} ORDER BY created_at, id`);
  for (const id of ids) tx.enqueue({ kind: 'user.upsert', aggregateType: 'user', aggregateId: id, payload: null });
  return ids.length;
}

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: UserUpsertItem['user']['role'];
  department_code: string | null;
  password_hash: string;
  must_change_password: number;
  disabled: number;
}

/** The push item of one queued account change, or null when there is nothing to send (gone, or remote). */
export function userItem(tx: ReadTx, messageId: string, userId: string, queuedAt: string): UserUpsertItem | null {
  const link = readLink(tx);
  const row = tx.get<UserRow>(`SELECT * FROM app_user WHERE id = ? AND ${ownAccounts}`, userId);
  if (!link || !row) return null;
  return {
    kind: 'user.upsert',
    id: messageId,
    user: {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      role: row.role,
      departmentCode: row.department_code,
      // Every account of a registered PC belongs to the centre it registered with.
      centreCode: link.centre_code,
      passwordVerifier: row.password_hash,
      mustChangePassword: row.must_change_password === 1,
      disabled: row.disabled === 1,
    },
    changedAt: queuedAt,
  };
}
