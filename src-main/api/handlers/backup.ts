import { backupList, exportRecoveryKey, restoreFromBackup, runBackup } from '../../services/backup/admin.ts';
import { defineHandlers, sessionOf } from './types.ts';

export const backupHandlers = defineHandlers('backup', {
  'backup/list': (_input, { env }) => backupList(env),
  'backup/run': (_input, context) => runBackup(context.env, sessionOf(context).userId),
  'backup/restore': (input, context) => restoreFromBackup(context.env, sessionOf(context).userId, input),
  'backup/exportRecoveryKey': ({ passphrase }, context) => exportRecoveryKey(context.env, sessionOf(context).userId, passphrase),
});
