import { changePassword, lockSession, logIn, logOut, sessionUser, unlockSession } from '../../services/auth/login.ts';
import { defineHandlers, sessionOf } from './types.ts';

export const sessionHandlers = defineHandlers('session', {
  'session/login': ({ username, password }, { env }) => logIn(env, username, password),
  'session/logout': (_input, context) => {
    logOut(context.env, sessionOf(context), context.writeContext());
    return { ok: true as const };
  },
  'session/me': (_input, context) => sessionUser(context.env, sessionOf(context)),
  'session/lock': (_input, context) => {
    lockSession(context.env, sessionOf(context), context.writeContext());
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
