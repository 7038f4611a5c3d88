import { createUser, resetPassword, setDisabled } from '../../services/users/accounts.ts';
import { listUsers, toUserView } from '../../services/users/users.ts';
import { defineHandlers, sessionOf } from './types.ts';

export const usersHandlers = defineHandlers('users', {
  'users/create': (input, context) => context.env.store.write(context.writeContext(), (tx) => createUser(tx, input)),
  'users/resetPassword': ({ userId, temporaryPassword }, context) => {
    context.env.store.write(context.writeContext(), (tx) => resetPassword(tx, userId, temporaryPassword));
    context.env.sessions.closeAllOf(userId);
    return { ok: true as const };
  },
  'users/setDisabled': ({ userId, disabled }, context) => {
    context.env.store.write(context.writeContext(), (tx) => setDisabled(tx, userId, disabled, sessionOf(context).userId));
    if (disabled) context.env.sessions.closeAllOf(userId);
    return { ok: true as const };
  },
  'users/list': (_input, { env }) => env.store.read((tx) => listUsers(tx).map(toUserView)),
});
