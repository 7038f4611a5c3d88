import type { SessionView, UserView } from '../../domain/api/views.ts';
import { checkPasswordPolicy } from '../../domain/auth/password-policy.ts';
import { AppError } from '../../domain/errors.ts';
import type { WriteContext } from '../../store/store.ts';
import type { ServiceEnv } from '../env.ts';
import { idleMinutes } from '../settings/settings.ts';
import { queueUserForSync } from '../sync/users.ts';
import { findUserById, findUserByName, toUserView, type UserRow } from '../users/users.ts';
import { checkCredentials, wrongCredentialsMessage, type CredentialAction } from './credentials.ts';
import { hashPassword, verifyPassword } from './password.ts';
import type { Session } from './sessions.ts';

/** Opens a session for a right password; wrong ones count towards the lockout (credentials.ts). */
export function logIn(env: ServiceEnv, username: string, password: string): SessionView {
  const { user, idle } = env.store.read((tx) => ({ user: findUserByName(tx, username), idle: idleMinutes(tx) }));
  checkCredentials(env, user, username, password, 'session.login');
  if (!user) throw new AppError('UNAUTHENTICATED', wrongCredentialsMessage, { field: 'password' });
  const mustChange = user.must_change_password === 1;
  const session = env.sessions.open(user.id, user.role, mustChange);
  return { token: session.token, user: toUserView(user), mustChangePassword: mustChange, expiresAt: new Date(session.expiresAt).toISOString(), idleMinutes: idle };
}

/**
 * The password of the session's own account, counted towards its lockout like a login's. A
 * locked-out or disabled account cannot keep a session it can no longer open.
 */
function checkSessionPassword(env: ServiceEnv, session: Session, password: string, action: CredentialAction, field: string): UserRow {
  const user = env.store.read((tx) => findUserById(tx, session.userId));
  try {
    checkCredentials(env, user, user?.username ?? '', password, action, field);
  } catch (error) {
    if (error instanceof AppError && error.code === 'FORBIDDEN') env.sessions.close(session.token);
    throw error;
  }
  if (!user) throw new AppError('UNAUTHENTICATED', '账号已不存在，请重新登录。');
  return user;
}

/** The password unlocks a locked session. */
export function unlockSession(env: ServiceEnv, session: Session, password: string): void {
  checkSessionPassword(env, session, password, 'session.unlock', 'password');
  env.sessions.unlock(session);
}

/** A new password must meet the policy and differ from the current one, which must be given. */
export function changePassword(env: ServiceEnv, session: Session, write: WriteContext, currentPassword: string, newPassword: string): void {
  // The new password's policy first: it does not depend on the current password, so its
  // answer cannot tell a right current password from a wrong one.
  const username = env.store.read((tx) => findUserById(tx, session.userId))?.username ?? '';
  const policy = checkPasswordPolicy(newPassword, username);
  if (!policy.ok) throw new AppError('VALIDATION', policy.message, { field: 'newPassword' });
  const user = checkSessionPassword(env, session, currentPassword, 'password.change', 'currentPassword');
  if (verifyPassword(newPassword, user.password_hash)) {
    throw new AppError('VALIDATION', '新密码不能与当前密码相同。', { field: 'newPassword' });
  }
  env.store.write(write, (tx) => {
    tx.run('UPDATE app_user SET password_hash = ?, must_change_password = 0, password_changed_at = ? WHERE id = ?', hashPassword(newPassword), tx.now, user.id);
    tx.audit({ action: 'password.change', target: user.username });
    queueUserForSync(tx, user.id);
  });
  session.mustChangePassword = false;
}

/** Ends the session at main (the token opens nothing any more) and records it. */
export function logOut(env: ServiceEnv, session: Session, write: WriteContext): void {
  env.sessions.close(session.token);
  env.store.write(write, (tx) => tx.audit({ action: 'session.logout' }));
}

/** The user locked the screen: only the password opens the session again. */
export function lockSession(env: ServiceEnv, session: Session, write: WriteContext): void {
  env.sessions.lock(session);
  env.store.write(write, (tx) => tx.audit({ action: 'session.lock' }));
}

/** The account behind a session, as it is now (a deleted one ends the session's use). */
export function sessionUser(env: ServiceEnv, session: Session): UserView {
  const user = env.store.read((tx) => findUserById(tx, session.userId));
  if (!user) throw new AppError('UNAUTHENTICATED', '账号已不存在，请重新登录。');
  return toUserView(user);
}
