import type { SyncLinkState } from '../../domain/api/sync-views.ts';
import type { CentreView, DemoAccountsView, SyncState, SystemInfoView, SystemStatusView, WindowView } from '../../domain/api/views.ts';
import type { Role } from '../../domain/auth/roles.ts';
import { schemaVersion } from '../../store/open.ts';
import type { ReadTx } from '../../store/store.ts';
import { demoPassword } from '../demo/seed.ts';
import type { ServiceEnv } from '../env.ts';
import { readSetting } from '../settings/settings.ts';
import { syncStatus } from '../sync/status.ts';

/** The settings panel's summary of sync; the status bar and the 同步 page read sync/status in full. */
const systemSyncState: Record<SyncLinkState, SyncState> = {
  'not-configured': 'not-configured',
  connecting: 'syncing',
  online: 'idle',
  offline: 'offline',
  error: 'error',
  revoked: 'error',
};

/** The centre and this PC's window, shown on the login screen (with the demo accounts, in a demo). */
export function systemInfo(env: ServiceEnv, tx: ReadTx): SystemInfoView {
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

/** The status bar: the store, this device and how sync stands. */
export function systemStatus(env: ServiceEnv, tx: ReadTx): SystemStatusView {
  const sync = syncStatus(tx, env.sync.linkHealth, env.sync.retryAt);
  return {
    ...systemInfo(env, tx),
    schemaVersion: schemaVersion(env.store.db),
    dataPath: env.store.path,
    deviceId: env.deviceId,
    sync: { state: systemSyncState[sync.state], pending: sync.pending, failed: sync.rejected, lastSyncedAt: sync.lastSyncedAt },
  };
}
