import type { CentreView, DemoAccountsView, SystemInfoView, WindowView } from '../../domain/api/views.ts';
import type { Role } from '../../domain/auth/roles.ts';
import { demoPassword } from '../../services/demo/seed.ts';
import { schemaVersion } from '../../store/open.ts';
import type { ReadTx } from '../../store/store.ts';
import type { ServiceEnv } from '../context.ts';
import { readSetting } from '../../services/settings.ts';
import { defineHandlers } from './types.ts';

function systemInfo(env: ServiceEnv, tx: ReadTx): SystemInfoView {
  const centre = tx.get<{ id: string; name: string; region_code: string; is_demo: number }>(
    'SELECT id, name, region_code, is_demo FROM centre ORDER BY rowid LIMIT 1',
  );
  const windowId = readSetting(tx, 'device.windowId');
  const window = windowId
    ? tx.get<{ id: string; number: string; name: string; device_code: string }>(
        'SELECT id, number, name, device_code FROM service_window WHERE id = ?',
        windowId,
      )
    : undefined;
  const centreView: CentreView | null = centre
    ? { id: centre.id, name: centre.name, regionCode: centre.region_code, isDemo: centre.is_demo === 1 }
    : null;
  const windowView: WindowView | null = window
    ? { id: window.id, number: window.number, name: window.name, deviceCode: window.device_code }
    : null;
  return { appName: '一窗通', appVersion: env.appVersion, centre: centreView, window: windowView, demo: centre?.is_demo === 1 ? demoAccounts(tx) : null, keyProtection: env.keyProtection };
}

/**
 * The demo accounts still enabled, read from the store (not a copy of the seed's list), with the
 * seed's shared password. A real centre's accounts are never listed before login.
 */
function demoAccounts(tx: ReadTx): DemoAccountsView {
  const accounts = tx.all<{ username: string; display_name: string; role: Role }>(
    'SELECT username, display_name, role FROM app_user WHERE is_demo = 1 AND disabled = 0 ORDER BY rowid',
  );
  return { accounts: accounts.map((a) => ({ username: a.username, displayName: a.display_name, role: a.role })), password: demoPassword };
}

export const systemHandlers = defineHandlers({
  'system/info': (_input, { env }) => env.store.read((tx) => systemInfo(env, tx)),
  'system/status': (_input, { env }) =>
    env.store.read((tx) => {
      const outbox = tx.get<{ pending: number; failed: number }>(
        `SELECT count(*) FILTER (WHERE state = 'pending') AS pending,
                count(*) FILTER (WHERE state = 'failed') AS failed FROM outbox`,
      );
      return {
        ...systemInfo(env, tx),
        schemaVersion: schemaVersion(env.store.db),
        dataPath: env.store.path,
        deviceId: env.deviceId,
        // Sync arrives in a later issue; until then everything waits in the outbox.
        sync: { state: 'not-configured' as const, pending: outbox?.pending ?? 0, failed: outbox?.failed ?? 0, lastSyncedAt: null },
      };
    }),
});
