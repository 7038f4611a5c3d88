import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Dispatcher } from '../api/dispatcher.ts';
import type { ServiceEnv } from '../services/env.ts';
import { FieldCipher } from '../store/field-cipher.ts';
import { moveDatabaseAside } from '../store/open.ts';
import { Store } from '../store/store.ts';
import { SessionRegistry } from '../services/auth/sessions.ts';
import { CalendarProvider } from '../services/calendar/provider.ts';
import { establishDataKey, keyFileVault, prepareDataKey, type KeyProtection, type PreparedDataKey } from '../services/crypto/data-key.ts';
import { removePlainFiles, sealPlaintext, truncateWal } from '../services/crypto/seal-plaintext.ts';
import { applyStagedRestore } from '../services/backup/staged-restore.ts';
import { seedDemo } from '../services/demo/seed.ts';
import { SyncEngine } from '../services/sync/engine.ts';
import { Transport } from '../services/sync/transport.ts';
import { databasePath } from '../services/paths.ts';
import { keyAuditChain } from '../services/audit/trail.ts';
import { readSetting, writeSetting } from '../services/settings/settings.ts';
import { applySiteFile, loadSiteFile, siteFileError, siteFilePath } from '../services/site/site-file.ts';

export interface BootOptions {
  dataDir: string;
  appVersion: string;
  /** First run with no site configured: load the demo centre (the embedded default). */
  seedDemoIfEmpty?: boolean;
  /** Keep an unreadable database aside (renamed, not deleted) and start a new one. */
  startFresh?: boolean;
  clock?: () => Date;
  /**
   * The data key, already unwrapped by the Electron main process (safeStorage lives only there).
   * Without it the key file in the data folder is used (created if there is none), unprotected.
   */
  dataKey?: PreparedDataKey;
  /**
   * The hall's site file (services/site): undefined looks in the machine-wide place, null means
   * none. A bad file stops the start before the database is opened.
   */
  siteFile?: string | null;
}

export interface Services {
  env: ServiceEnv;
  dispatcher: Dispatcher;
  /** Set when startFresh moved an old database aside: where it now is. */
  movedAsideTo: string | null;
  close(): void;
}

export function bootServices(options: BootOptions): Services {
  const site = options.siteFile === null ? null : loadSiteFile(options.siteFile ?? siteFilePath());
  if (site?.state === 'invalid') throw siteFileError(site);
  // A restore staged by the admin screen is put in place before anything is opened.
  applyStagedRestore(options.dataDir);
  const path = databasePath(options.dataDir);
  const movedAsideTo = options.startFresh && existsSync(path) ? moveDatabaseAside(path) : null;
  const store = Store.open(path);
  try {
    const clock = options.clock ?? (() => new Date());
    // The device id is drawn before the key is checked but recorded (and audited) only after:
    // no audit row may be written before the data key, which links the chain, is loaded.
    const existingDeviceId = store.read((tx) => readSetting(tx, 'device.id'));
    const deviceId = existingDeviceId ?? randomUUID();
    const dataKey = options.dataKey ?? prepareDataKey(options.dataDir, keyFileVault);
    const keyProtection = openSealed(store, options.dataDir, dataKey, deviceId, clock(), existingDeviceId === null);
    const calendar = new CalendarProvider();
    const env: ServiceEnv = {
      store,
      sessions: new SessionRegistry({ clock: () => clock().getTime() }),
      deviceId,
      appVersion: options.appVersion,
      clock,
      dataDir: options.dataDir,
      calendar,
      keyProtection,
      dataKey: { keyId: dataKey.keyId, root: dataKey.root },
      sync: new SyncEngine(
        { store, calendar, deviceId, appVersion: options.appVersion, clock, dataDir: options.dataDir },
        // HTTPS to the gateway trusts the site's CA from the site file, besides the system's.
        { transport: new Transport({ siteCa: site?.state === 'valid' ? (site.site.gateway?.caCertificate ?? null) : null }) },
      ),
    };
    if (site?.state === 'valid') store.write({ actor: { userId: null, role: null }, deviceId, now: clock() }, (tx) => applySiteFile(tx, site));
    const hasCentre = store.read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM centre'))?.n ?? 0;
    // The demo centre is the embedded default only where no site is configured.
    if (hasCentre === 0 && options.seedDemoIfEmpty !== false) seedDemo(env, { now: clock() });
    const dispatcher = new Dispatcher(env);
    const close = () => {
      env.sync.halt();
      dispatcher.close();
      store.close();
    };
    return { env, dispatcher, movedAsideTo, close };
  } catch (error) {
    store.close();
    throw error;
  }
}

/**
 * Loads the data key into the store, and on the first start after migration 0006 seals what the
 * database held in plain text (one transaction), then empties the WAL of the old page images.
 */
function openSealed(store: Store, dataDir: string, dataKey: PreparedDataKey, deviceId: string, now: Date, newDevice: boolean): KeyProtection {
  const context = { actor: { userId: null, role: null }, deviceId, now };
  const ring = store.write(context, (tx) => establishDataKey(tx, dataDir, dataKey));
  store.useCipher(new FieldCipher(ring));
  store.write(context, (tx) => keyAuditChain(tx));
  if (newDevice) recordDeviceId(store, deviceId, now);
  const sealed = store.write(context, (tx) => sealPlaintext(tx, dataDir));
  if (sealed !== null) {
    truncateWal(store.db);
    removePlainFiles(sealed.plainFiles);
  }
  return dataKey.protection;
}

/** A stable id for this installation: it signs every event and outbox message it writes. */
function recordDeviceId(store: Store, id: string, now: Date): void {
  store.write({ actor: { userId: null, role: null }, deviceId: id, now }, (tx) => {
    writeSetting(tx, 'device.id', id);
    tx.audit({ action: 'device.init', target: id });
  });
}
