import { checkPasswordPolicy } from '../../domain/auth/password-policy.ts';
import { AppError } from '../../domain/errors.ts';
import { checkCredentials, wrongCredentialsMessage, type CredentialAction } from '../../services/auth/credentials.ts';
import { hashPassword, verifyPassword } from '../../services/auth/password.ts';
import { idleMinutes } from '../../services/settings.ts';
import { findUserById, findUserByName, toUserView } from '../../services/users.ts';
import type { HandlerContext } from '../context.ts';
import { defineHandlers, sessionOf } from './types.ts';

/**
 * The password of the session's own account, counted towards its lockout like a login's. A
 * locked-out or disabled account cannot keep a session it can no longer open.
 */
function checkSessionPassword(context: HandlerContext, password: string, action: CredentialAction, field: string) {
  const session = sessionOf(context);
  const user = context.env.store.read((tx) => findUserById(tx, session.userId));
  try {
    checkCredentials(context.env, user, user?.username ?? '', password, action, field);
  } catch (error) {
    if (error instanceof AppError && error.code === 'FORBIDDEN') context.env.sessions.close(session.token);
    throw error;
  }
  if (!user) throw new AppError('UNAUTHENTICATED', '账号已不存在，请重新登录。');
  return user;
}

export const sessionHandlers = defineHandlers({
  'session/login': ({ username, password }, context) => {
    const { user, idle } = context.env.store.read((tx) => ({ user: findUserByName(tx, username), idle: idleMinutes(tx) }));
    checkCredentials(context.env, user, username, password, 'session.login');
    if (!user) throw new AppError('UNAUTHENTICATED', wrongCredentialsMessage, { field: 'password' });
    const mustChange = user.must_change_password === 1;
    const session = context.env.sessions.open(user.id, user.role, mustChange);
    return { token: session.token, user: toUserView(user), mustChangePassword: mustChange, expiresAt: new Date(session.expiresAt).toISOString(), idleMinutes: idle };
  },
  'session/logout': (_input, context) => {
    const session = sessionOf(context);
    context.env.sessions.close(session.token);
    context.env.store.write(context.writeContext(), (tx) => tx.audit({ action: 'session.logout' }));
    return { ok: true as const };
  },
  'session/me': (_input, context) => {
    const session = sessionOf(context);
    const user = context.env.store.read((tx) => findUserById(tx, session.userId));
    if (!user) throw new AppError('UNAUTHENTICATED', '账号已不存在，请重新登录。');
    return toUserView(user);
  },
  'session/lock': (_input, context) => {
    context.env.sessions.lock(sessionOf(context));
    context.env.store.write(context.writeContext(), (tx) => tx.audit({ action: 'session.lock' }));
    return { ok: true as const };
  },
  'session/unlock': ({ password }, context) => {
    checkSessionPassword(context, password, 'session.unlock', 'password');
    context.env.sessions.unlock(sessionOf(context));
    return { ok: true as const };
  },
  'session/changePassword': ({ currentPassword, newPassword }, context) => {
    const session = sessionOf(context);
    // The new password's policy first: it does not depend on the current password, so its
    // answer cannot tell a right current password from a wrong one.
    const username = context.env.store.read((tx) => findUserById(tx, session.userId))?.username ?? '';
    const policy = checkPasswordPolicy(newPassword, username);
    if (!policy.ok) throw new AppError('VALIDATION', policy.message, { field: 'newPassword' });
    const user = checkSessionPassword(context, currentPassword, 'password.change', 'currentPassword');
    if (verifyPassword(newPassword, user.password_hash)) {
      throw new AppError('VALIDATION', '新密码不能与当前密码相同。', { field: 'newPassword' });
    }
    context.env.store.write(context.writeContext(), (tx) => {
      tx.run('UPDATE app_user SET password_hash = ?, must_change_password = 0, password_changed_at = ? WHERE id = ?', hashPassword(newPassword), tx.now, user.id);
      tx.audit({ action: 'password.change', target: user.username });
    });
    session.mustChangePassword = false;
    return { ok: true as const };
  },
});
