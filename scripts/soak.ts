/**
 * `npm run soak -- --minutes 30`: the randomized sync test (tests/unit/sync/sync-random.test.ts)
 * with new seeds until the time is up, against one real gateway on its embedded PostgreSQL.
 * Each seed is printed as it starts; the run stops at the first sequence that breaks an invariant.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { minutes: { type: 'string', default: '10' }, seed: { type: 'string' } } });
const minutes = Number(values.minutes);
if (!(minutes > 0)) {
  console.error('用法：npm run soak -- --minutes <分钟数> [--seed <种子>]');
  process.exit(2);
}
const root = join(import.meta.dirname, '..');
const result = spawnSync(process.execPath, [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', 'tests/unit/sync/sync-random.test.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, SYNC_SOAK_MINUTES: String(minutes), ...(values.seed ? { SYNC_SEED: values.seed } : {}) },
});
process.exit(result.status ?? 1);
