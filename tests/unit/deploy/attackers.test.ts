/**
 * The IT operations played by an attacker: a clerk (a valid session without the admin's role)
 * and the admin's own session once it is locked. Each is refused and leaves everything as it
 * was: no backup written, no file staged, no setting changed, no key handed out. The first run's
 * public operation is refused to everyone once an account exists.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Services } from '../../../src-main/host/boot.ts';
import { stagedRestoreDir } from '../../../src-main/services/backup/staged-restore.ts';
import { bootHallPc, login, hallAdmin } from '../../helpers/hall.ts';
import { useTempDir } from '../../helpers/temp.ts';

const tempDir = useTempDir('onewindow-deploy-attack-');
let services: Services;
let dataDir: string;
let admin: string;
let clerk: string;

beforeEach(async () => {
  dataDir = tempDir();
  ({ services, admin, clerk } = await bootHallPc(dataDir, tempDir()));
});
afterEach(() => services.close());

/** What each operation would change, read straight from the data folder and the store. */
function footprint() {
  return services.env.store.read((tx) => ({
    backups: existsSync(join(dataDir, 'backups')) ? readdirSync(join(dataDir, 'backups')) : [],
    diagnostics: existsSync(join(dataDir, 'diagnostics')) ? readdirSync(join(dataDir, 'diagnostics')) : [],
    staged: existsSync(stagedRestoreDir(dataDir)),
    settings: tx.all<{ key: string; value: string }>("SELECT key, value FROM setting WHERE key IN ('kiosk.enabled', 'device.windowId', 'gateway.url')"),
    users: tx.all<{ username: string }>('SELECT username FROM app_user ORDER BY username').map((u) => u.username),
  }));
}

const adminOnly: Array<[string, unknown]> = [
  ['site/config', {}],
  ['site/pickWindow', { number: '02' }],
  ['site/setKiosk', { enabled: true }],
  ['backup/list', {}],
  ['backup/run', {}],
  ['backup/restore', { backup: 'onewindow-20261202T010000000Z', recoveryKey: '{"format":1}', passphrase: '任何一句足够长的口令' }],
  ['backup/exportRecoveryKey', { passphrase: '任何一句足够长的口令' }],
  ['diagnostics/bundle', {}],
];

describe('a clerk calling the admin’s IT operations', () => {
  for (const [name, input] of adminOnly) {
    it(`${name} is refused, on record, and changes nothing`, async () => {
      const before = footprint();
      const result = await services.dispatcher.call(name, input, clerk);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('FORBIDDEN');
        expect(result.error.message).toContain('综合窗口受理人员无权执行');
      }
      expect(footprint()).toEqual(before);
      const refused = services.env.store.read((tx) => tx.get<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'api.refused' AND target = ? AND detail ->> 'reason' = 'role'", name));
      expect(refused?.n).toBe(1);
    });
  }
});

describe('the admin’s session once locked', () => {
  for (const [name, input] of adminOnly) {
    it(`${name} answers LOCKED and changes nothing until the password unlocks it`, async () => {
      await services.dispatcher.call('session/lock', {}, admin);
      const before = footprint();
      const result = await services.dispatcher.call(name, input, admin);
      expect(result.ok ? 'ok' : result.error.code).toBe('LOCKED');
      expect(footprint()).toEqual(before);
      await services.dispatcher.call('session/unlock', { password: hallAdmin.password }, admin);
      expect((await services.dispatcher.call('site/config', {}, admin)).ok).toBe(true);
    });
  }
});

describe('the first run’s public operation after the first run', () => {
  const takeover = { window: { number: '02' }, admin: { username: 'takeover', displayName: '接管者', password: 'Takeover#2026' } };

  it('is refused with no session at all, and with a clerk’s', async () => {
    const before = footprint();
    for (const token of [null, clerk]) {
      const result = await services.dispatcher.call('site/setup', takeover, token);
      expect(result.ok ? 'ok' : result.error.code).toBe('FORBIDDEN');
      if (!result.ok) expect(result.error.message).toContain('首次设置不能再次使用');
    }
    expect(footprint()).toEqual(before);
    // Nobody can log in as the account it tried to make.
    await expect(login(services, 'takeover', 'Takeover#2026')).rejects.toThrow(/用户名或密码错误/);
  });

  it('says the wizard is not needed any more', async () => {
    const state = await services.dispatcher.call('site/firstRun', {}, null);
    expect(state.ok && state.value).toMatchObject({ needed: false, hasCentre: true });
  });
});
