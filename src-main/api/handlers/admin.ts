import { listAudit, verifyAuditChain } from '../../services/audit.ts';
import { writeSetting } from '../../services/settings.ts';
import { listUsers, toUserView } from '../../services/users.ts';
import { createUser, resetPassword, setDisabled } from '../../services/accounts.ts';
import { defineHandlers, sessionOf } from './types.ts';

export const adminHandlers = defineHandlers({
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
  'settings/list': (_input, { env }) =>
    env.store.read((tx) => tx.all<{ key: string; value: string }>('SELECT key, value FROM setting ORDER BY key')),
  'settings/set': ({ key, value }, context) =>
    context.env.store.write(context.writeContext(), (tx) => {
      writeSetting(tx, key, value);
      tx.audit({ action: 'setting.change', target: key, detail: { value } });
      return { key, value };
    }),
  'audit/list': (input, { env }) => env.store.read((tx) => listAudit(tx, input)),
  // Checked against the last row this process wrote too: a trail cut short under the running app is caught.
  'audit/verify': (_input, { env }) => env.store.read((tx) => verifyAuditChain(tx, env.store.auditHead)),
});
