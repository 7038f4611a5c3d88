import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Dispatcher } from '../api/dispatcher.ts';
import type { ServiceEnv } from '../api/context.ts';
import { moveDatabaseAside } from '../store/open.ts';
import { Store } from '../store/store.ts';
import { SessionRegistry } from './auth/sessions.ts';
import { CalendarProvider } from './calendar.ts';
import { seedDemo } from './demo/seed.ts';
import { databasePath } from './paths.ts';
import { readSetting, writeSetting } from './settings.ts';

export interface BootOptions {
  dataDir: string;
  appVersion: string;
  /** First run with no site configured: load the demo centre (the embedded default). */
  seedDemoIfEmpty?: boolean;
  /** Keep an unreadable database aside (renamed, not deleted) and start a new one. */
  startFresh?: boolean;
  clock?: () => Date;
}

export interface Services {
  env: ServiceEnv;
  dispatcher: Dispatcher;
  /** Set when startFresh moved an old database aside: where it now is. */
  movedAsideTo: string | null;
  close(): void;
}

export function bootServices(options: BootOptions): Services {
  const path = databasePath(options.dataDir);
  const movedAsideTo = options.startFresh && existsSync(path) ? moveDatabaseAside(path) : null;
  const store = Store.open(path);
  try {
    const clock = options.clock ?? (() => new Date());
    const deviceId = ensureDeviceId(store, clock());
    const env: ServiceEnv = {
      store,
      sessions: new SessionRegistry({ clock: () => clock().getTime() }),
      deviceId,
      appVersion: options.appVersion,
      clock,
      dataDir: options.dataDir,
      calendar: new CalendarProvider(),
    };
    const hasCentre = store.read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM centre'))?.n ?? 0;
    if (hasCentre === 0 && options.seedDemoIfEmpty !== false) seedDemo(env, { now: clock() });
    return { env, dispatcher: new Dispatcher(env), movedAsideTo, close: () => store.close() };
  } catch (error) {
    store.close();
    throw error;
  }
}

/** A stable id for this installation: it signs every event and outbox message it writes. */
function ensureDeviceId(store: Store, now: Date): string {
  const existing = store.read((tx) => readSetting(tx, 'device.id'));
  if (existing) return existing;
  const id = randomUUID();
  store.write({ actor: { userId: null, role: null }, deviceId: id, now }, (tx) => {
    writeSetting(tx, 'device.id', id);
    tx.audit({ action: 'device.init', target: id });
  });
  return id;
}
