import { AppError } from '../../domain/errors.ts';
import { SyncFailure } from '../../services/sync/client.ts';
import { registerDevice } from '../../services/sync/register.ts';
import { syncItems, syncStatus } from '../../services/sync/status.ts';
import type { ServiceEnv } from '../../services/env.ts';
import { defineHandlers, sessionOf } from './types.ts';

const statusOf = (env: ServiceEnv) => env.store.read((tx) => syncStatus(tx, env.sync.linkHealth, env.sync.retryAt));

export const syncHandlers = defineHandlers('sync', {
  'sync/status': (_input, { env }) => statusOf(env),
  'sync/items': (_input, { env }) => env.store.read((tx) => syncItems(tx)),
  'sync/now': async (_input, { env }) => {
    // Not registered: nothing to send to (the screen says so and offers the registration).
    if (!env.store.read((tx) => tx.get('SELECT 1 FROM sync_link'))) return { pushed: 0, rejected: 0, pulledEvents: 0, receivedEvents: 0, status: statusOf(env) };
    try {
      const run = await env.sync.syncNow();
      return { ...run, status: statusOf(env) };
    } catch (error) {
      // The failure is recorded for the status bar; the person who pressed the button reads it here.
      if (error instanceof SyncFailure) throw new AppError('UNAVAILABLE', error.message);
      throw error;
    }
  },
  'sync/register': async (input, context) => {
    const { env } = context;
    const session = sessionOf(context);
    await registerDevice(env, env.sync.transport, input, { userId: session.userId, role: 'admin' });
    env.sync.linkChanged();
    return statusOf(env);
  },
});
