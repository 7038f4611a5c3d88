import type { Store } from '../store/store.ts';
import type { SessionRegistry } from './auth/sessions.ts';
import type { CalendarProvider } from './calendar/provider.ts';
import type { RootKey } from './backup/recovery-key.ts';
import type { KeyProtection } from './crypto/data-key.ts';
import type { SyncEngine } from './sync/engine.ts';

/** What the services of one running app share: one store, one device, one session registry. */
export interface ServiceEnv {
  store: Store;
  sessions: SessionRegistry;
  deviceId: string;
  appVersion: string;
  clock: () => Date;
  /** The data folder: the database and the content-addressed attachment files live here. */
  dataDir: string;
  calendar: CalendarProvider;
  /** How the data key is kept: by the OS keystore, or (a warned-about fallback) in a plain key file. */
  keyProtection: KeyProtection;
  /** Sync with the central platform; its background loop runs only in the service thread (started there). */
  sync: SyncEngine;
  /**
   * The data key itself, for what must carry or check it outside the database: a backup is
   * checked with it, the recovery key exports it under the admin's passphrase.
   */
  dataKey: RootKey;
  /**
   * Set by the service thread: the services restart on the data folder as it now is (after a
   * restore was put in place). Absent where nothing can restart them (the CLI, tests).
   */
  requestRestart?: () => void;
}
