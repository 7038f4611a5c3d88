/**
 * `npm run demo:sync`'s two offers, against a real demo gateway: the printed issue-code command,
 * run in a shell from the repository, gives a code a PC registers with; the g switch stops the
 * gateway alone (a registered PC goes offline) and starts it again on the same address (the PC
 * syncs again).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewaySwitch, issueCodeCommand } from '../../../scripts/demo-sync-tools.ts';
import type { DemoGateway } from '../../../scripts/sync-gateway.ts';
import { syncStatus } from '../../../src-main/services/sync/status.ts';
import { startSyncApp, startTestGateway, stopAllSyncApps } from '../../helpers/sync.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const dataKey = randomBytes(32).toString('hex');
let gateway: DemoGateway;

beforeAll(async () => {
  gateway = await startTestGateway('onewindow-demo-tools-', { dataKey });
}, 600_000);

afterAll(async () => {
  await stopAllSyncApps();
  await gateway?.stop();
}, 120_000);

describe('demo:sync', () => {
  it('prints an issue-code command that works against the running demo', async () => {
    const command = issueCodeCommand(gateway, dataKey, '210202', 'backoffice');
    const { stdout } = await promisify(execFile)('bash', ['-c', command], { cwd: root });
    const issued = JSON.parse(stdout.slice(stdout.indexOf('{'))) as { code: string };
    expect(issued.code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4})+$/);
    const pc = await startSyncApp(gateway, { role: 'backoffice', users: [], register: false });
    await pc.register(issued.code);
    expect(pc.services.env.store.read((tx) => tx.get<{ centre_code: string }>('SELECT centre_code FROM sync_link'))?.centre_code).toBe('210202');
  });

  it('g stops the gateway alone and starts it again on the same address', async () => {
    const pc = await startSyncApp(gateway, { role: 'window', users: [] });
    const state = () => pc.services.env.store.read((tx) => syncStatus(tx, pc.engine.linkHealth, pc.engine.retryAt).state);
    const url = gateway.url;
    const toggle = gatewaySwitch(gateway);
    expect(await toggle()).toContain('前置服务已停止');
    await expect(pc.engine.syncNow()).rejects.toThrow(/连不上中心平台/);
    expect(state()).toBe('offline');
    expect(await toggle()).toContain('前置服务已恢复');
    expect(gateway.url).toBe(url);
    await pc.engine.syncNow();
    expect(state()).toBe('online');
  });
});
