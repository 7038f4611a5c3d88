import { checkPasswordPolicy, lockoutMinutes, maxFailedLogins } from '../../domain/auth/password-policy.ts';
import { AppError } from '../../domain/errors.ts';
import { hashPassword, verifyPassword } from '../../services/auth/password.ts';
import { idleMinutes } from '../../services/settings.ts';
import { findUserById, findUserByName, toUserView, type UserRow } from '../../services/users.ts';
import type { HandlerContext } from '../context.ts';
import { defineHandlers, sessionOf } from './types.ts';

type LoginOutcome =
  | { ok: true }
  | { ok: false; error: AppError };

function chinaTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(11, 16);
}

/**
 * Checks a password against the account and keeps the failure count, in one transaction: the
 * fifth wrong password in a row locks the account for 15 minutes. Refusals are audited and
 * committed before the error is thrown, so they are on record even though the call fails.
 */
function checkCredentials(context: HandlerContext, user: UserRow | undefined, username: string, password: string, action: string): void {
  const { env } = context;
  const now = env.clock();
  const outcome = env.store.write(
    { actor: { userId: user?.id ?? null, role: user?.role ?? null }, deviceId: env.deviceId, now },
    (tx): LoginOutcome => {
      const deny = (reason: string, error: AppError): LoginOutcome => {
        tx.audit({ action, target: username, outcome: 'denied', detail: { reason } });
        return { ok: false, error };
      };
      if (!user) return deny('unknown-user', new AppError('UNAUTHENTICATED', '用户名或密码错误，请重新输入。', { field: 'password' }));
      if (user.disabled === 1) return deny('disabled', new AppError('FORBIDDEN', '该账号已停用，请联系管理员。', { field: 'username' }));
      if (user.locked_until && user.locked_until > tx.now) {
        return deny('locked', new AppError('FORBIDDEN', `连续多次密码错误，账号已锁定至 ${chinaTime(user.locked_until)}（北京时间）。请稍后再试或联系管理员。`, { field: 'username' }));
      }
      if (!verifyPassword(password, user.password_hash)) {
        const failures = user.failed_logins + 1;
        if (failures >= maxFailedLogins) {
          const until = new Date(now.getTime() + lockoutMinutes * 60_000).toISOString();
          tx.run('UPDATE app_user SET failed_logins = 0, locked_until = ? WHERE id = ?', until, user.id);
          return deny('password-lockout', new AppError('FORBIDDEN', `连续 ${maxFailedLogins} 次密码错误，账号已锁定 ${lockoutMinutes} 分钟（至 ${chinaTime(until)}）。`, { field: 'password' }));
        }
        tx.run('UPDATE app_user SET failed_logins = ? WHERE id = ?', failures, user.id);
        return deny('password', new AppError('UNAUTHENTICATED', `用户名或密码错误，请重新输入（再错 ${maxFailedLogins - failures} 次将锁定账号 ${lockoutMinutes} 分钟）。`, { field: 'password' }));
      }
      tx.run('UPDATE app_user SET failed_logins = 0, locked_until = NULL WHERE id = ?', user.id);
      tx.audit({ action, target: username });
      return { ok: true };
    },
  );
  if (!outcome.ok) throw outcome.error;
}

export const sessionHandlers = defineHandlers({
  'session/login': ({ username, password }, context) => {
    const { user, idle } = context.env.store.read((tx) => ({ user: findUserByName(tx, username), idle: idleMinutes(tx) }));
    checkCredentials(context, user, username, password, 'session.login');
    if (!user) throw new AppError('UNAUTHENTICATED', '用户名或密码错误，请重新输入。');
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
    const session = sessionOf(context);
    const user = context.env.store.read((tx) => findUserById(tx, session.userId));
    try {
      checkCredentials(context, user, user?.username ?? '', password, 'session.unlock');
    } catch (error) {
      // A locked-out or disabled account cannot keep a session it can no longer open.
      if (error instanceof AppError && error.code === 'FORBIDDEN') context.env.sessions.close(session.token);
      throw error;
    }
    context.env.sessions.unlock(session);
    return { ok: true as const };
  },
  'session/changePassword': ({ currentPassword, newPassword }, context) => {
    const session = sessionOf(context);
    const user = context.env.store.read((tx) => findUserById(tx, session.userId));
    if (!user || !verifyPassword(currentPassword, user.password_hash)) {
      context.env.store.write(context.writeContext(), (tx) => tx.audit({ action: 'password.change', outcome: 'denied', detail: { reason: 'current-password' } }));
      throw new AppError('UNAUTHENTICATED', '当前密码不正确。', { field: 'currentPassword' });
    }
    const policy = checkPasswordPolicy(newPassword, user.username);
    if (!policy.ok) throw new AppError('VALIDATION', policy.message, { field: 'newPassword' });
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
