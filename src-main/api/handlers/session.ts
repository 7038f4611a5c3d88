import { AppError } from '../../domain/errors.ts';
import { verifyPassword } from '../../services/auth/password.ts';
import { findUserById, findUserByName, toUserView } from '../../services/users.ts';
import { defineHandlers, sessionOf } from './types.ts';

export const sessionHandlers = defineHandlers({
  'session/login': ({ username, password }, context) => {
    const { env } = context;
    const user = env.store.read((tx) => findUserByName(tx, username));
    const denied = (reason: string) => {
      // Its own transaction: the refusal must be on record even though the login fails.
      env.store.write(
        { actor: { userId: user?.id ?? null, role: user?.role ?? null }, deviceId: env.deviceId, now: env.clock() },
        (tx) => tx.audit({ action: 'session.login', target: username, outcome: 'denied', detail: { reason } }),
      );
    };
    if (!user || !verifyPassword(password, user.password_hash)) {
      denied(user ? 'password' : 'unknown-user');
      throw new AppError('UNAUTHENTICATED', '用户名或密码错误，请重新输入。', { field: 'password' });
    }
    if (user.disabled === 1) {
      denied('disabled');
      throw new AppError('FORBIDDEN', '该账号已停用，请联系管理员。', { field: 'username' });
    }
    const session = env.sessions.open(user.id, user.role);
    env.store.write({ actor: { userId: user.id, role: user.role }, deviceId: env.deviceId, now: env.clock() }, (tx) =>
      tx.audit({ action: 'session.login', target: user.username }),
    );
    return {
      token: session.token,
      user: toUserView(user),
      mustChangePassword: user.must_change_password === 1,
      expiresAt: new Date(session.expiresAt).toISOString(),
    };
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
});
