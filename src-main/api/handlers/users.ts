import { createUser, resetPasswordAndSignOut, setDisabledAndSignOut } from '../../services/users/accounts.ts';
import { listUsers, toUserView } from '../../services/users/users.ts';
import { defineHandlers, sessionOf } from './types.ts';

export const usersHandlers = defineHandlers('users', {
  'users/create': (input, context) => context.env.store.write(context.writeContext(), (tx) => createUser(tx, input)),
  'users/resetPassword': ({ userId, temporaryPassword }, context) => {
    resetPasswordAndSignOut(context.env, context.writeContext(), userId, temporaryPassword);
    return { ok: true as const };
  },
  'users/setDisabled': ({ userId, disabled }, context) => {
    setDisabledAndSignOut(context.env, context.writeContext(), userId, disabled, sessionOf(context).userId);
    return { ok: true as const };
  },
  'users/list': (_input, { env }) => env.store.read((tx) => listUsers(tx).map(toUserView)),
});
