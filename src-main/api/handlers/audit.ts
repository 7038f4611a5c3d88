import { listAudit, verifyAuditChain } from '../../services/audit/trail.ts';
import { defineHandlers } from './types.ts';

export const auditHandlers = defineHandlers('audit', {
  'audit/list': (input, { env }) => env.store.read((tx) => listAudit(tx, input)),
  // Checked against the last row this process wrote too: a trail cut short under the running app is caught.
  'audit/verify': (_input, { env }) => env.store.read((tx) => verifyAuditChain(tx, env.store.auditHead)),
});
