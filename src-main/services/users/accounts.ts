import type { UserView } from '../../domain/api/views.ts';
import { checkPasswordPolicy } from '../../domain/auth/password-policy.ts';
import type { Role } from '../../domain/auth/roles.ts';
import { AppError } from '../../domain/errors.ts';
import { timeOrderedId } from '../../store/ids.ts';
import type { WriteContext, WriteTx } from '../../store/store.ts';
import { hashPassword } from '../auth/password.ts';
import type { ServiceEnv } from '../env.ts';
import { queueUserForSync } from '../sync/users.ts';
import { findUserById, findUserByName, toUserView } from './users.ts';

function checkPolicy(password: string, username: string): void {
  const policy = checkPasswordPolicy(password, username);
  if (!policy.ok) throw new AppError('VALIDATION', policy.message, { field: 'temporaryPassword' });
}

/** A new account must change the password an administrator gave it at its first login. */
export function createUser(
  tx: WriteTx,
  input: { username: string; displayName: string; role: Role; departmentCode?: string | undefined; temporaryPassword: string },
): UserView {
  if (findUserByName(tx, input.username)) {
    throw new AppError('CONFLICT', `用户名“${input.username}”已存在，请换一个。`, { field: 'username' });
  }
  checkPolicy(input.temporaryPassword, input.username);
  // A reviewer's department decides which cases they see: one the catalogue does not know would see none.
  if (input.departmentCode && !tx.get('SELECT 1 FROM department WHERE code = ?', input.departmentCode)) {
    throw new AppError('VALIDATION', `事项目录中没有部门“${input.departmentCode}”，请从列表中选择。`, { field: 'departmentCode' });
  }
  const centre = tx.get<{ id: string }>('SELECT id FROM centre ORDER BY rowid LIMIT 1');
  if (!centre) throw new AppError('CONFLICT', '尚未配置服务中心，不能新建账号。');
  const id = timeOrderedId();
  tx.run(
    `INSERT INTO app_user (id, username, display_name, role, department_code, centre_id, password_hash, must_change_password, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)`,
    id, input.username, input.displayName, input.role, input.departmentCode ?? null, centre.id, hashPassword(input.temporaryPassword), tx.now,
  );
  tx.audit({ action: 'user.create', target: input.username, detail: { role: input.role } });
  queueUserForSync(tx, id);
  const created = findUserById(tx, id);
  if (!created) throw new AppError('INTERNAL', '账号创建后无法读取。');
  return toUserView(created);
}

export function resetPassword(tx: WriteTx, userId: string, temporaryPassword: string): string {
  const user = findUserById(tx, userId);
  if (!user) throw new AppError('NOT_FOUND', '找不到该账号。', { field: 'userId' });
  checkPolicy(temporaryPassword, user.username);
  tx.run(
    'UPDATE app_user SET password_hash = ?, must_change_password = 1, failed_logins = 0, locked_until = NULL, password_changed_at = ? WHERE id = ?',
    hashPassword(temporaryPassword), tx.now, userId,
  );
  tx.audit({ action: 'user.resetPassword', target: user.username });
  queueUserForSync(tx, userId);
  return userId;
}

export function setDisabled(tx: WriteTx, userId: string, disabled: boolean, actingUserId: string): void {
  const user = findUserById(tx, userId);
  if (!user) throw new AppError('NOT_FOUND', '找不到该账号。', { field: 'userId' });
  if (userId === actingUserId && disabled) throw new AppError('CONFLICT', '不能停用自己正在使用的账号。', { field: 'userId' });
  tx.run('UPDATE app_user SET disabled = ? WHERE id = ?', disabled ? 1 : 0, userId);
  tx.audit({ action: disabled ? 'user.disable' : 'user.enable', target: user.username });
  queueUserForSync(tx, userId);
}

/**
 * An administrator's reset, as `users/resetPassword` does it: the temporary password, then every
 * session of the account ends, so whoever is logged in as them must log in with the new one.
 */
export function resetPasswordAndSignOut(env: ServiceEnv, write: WriteContext, userId: string, temporaryPassword: string): void {
  env.store.write(write, (tx) => resetPassword(tx, userId, temporaryPassword));
  env.sessions.closeAllOf(userId);
}

/** `users/setDisabled`: a disabled account is signed out everywhere at once, not at its next call. */
export function setDisabledAndSignOut(env: ServiceEnv, write: WriteContext, userId: string, disabled: boolean, actingUserId: string): void {
  env.store.write(write, (tx) => setDisabled(tx, userId, disabled, actingUserId));
  if (disabled) env.sessions.closeAllOf(userId);
}
