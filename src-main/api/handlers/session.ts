import { AppError } from '../../domain/errors.ts';
import { changePassword, logIn, unlockSession } from '../../services/auth/login.ts';
import { findUserById, toUserView } from '../../services/users/users.ts';
import { defineHandlers, sessionOf } from './types.ts';

export const sessionHandlers = defineHandlers('session', {
  'session/login': ({ username, password }, { env }) => logIn(env, username, password),
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
    unlockSession(context.env, sessionOf(context), password);
    return { ok: true as const };
  },
  'session/changePassword': ({ currentPassword, newPassword }, context) => {
    changePassword(context.env, sessionOf(context), context.writeContext(), currentPassword, newPassword);
    return { ok: true as const };
  },
});
