import { systemInfo, systemStatus } from '../../services/system/status.ts';
import { defineHandlers } from './types.ts';

export const systemHandlers = defineHandlers('system', {
  'system/info': (_input, { env }) => env.store.read((tx) => systemInfo(env, tx)),
  'system/status': (_input, { env }) => env.store.read((tx) => systemStatus(env, tx)),
});
