/**
 * Child process for the crash-safety test: writes case notes through the real API as fast as it
 * can and reports each one on stdout only after the API said it committed. The parent kills it
 * with SIGKILL at a random moment.
 *   node tests/helpers/crash-writer.ts <dataDir>
 */
import { writeSync } from 'node:fs';
import { bootServices } from '../../src-main/host/boot.ts';
import { demoPassword } from '../../src-main/services/demo/seed.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: crash-writer.ts <dataDir>');
const services = bootServices({ dataDir, appVersion: 'crash-test' });
const login = await services.dispatcher.call('session/login', { username: 'clerk', password: demoPassword }, null);
if (!login.ok) throw new Error(login.error.message);
const token = (login.value as { token: string }).token;
const caseIds = services.env.store.read((tx) => tx.all<{ id: string }>('SELECT id FROM case_record')).map((row) => row.id);
writeSync(1, 'ready\n');
for (let i = 0; ; i++) {
  const result = await services.dispatcher.call('cases/addNote', { id: caseIds[i % caseIds.length], note: `crash-test ${i}` }, token);
  if (!result.ok) throw new Error(result.error.message);
  // Synchronous write: once this line is out, the parent may count the event as committed.
  writeSync(1, `committed ${(result.value as { eventId: string }).eventId}\n`);
}
