import { changeSetting, listSettings } from '../../services/settings/settings.ts';
import { defineHandlers } from './types.ts';

export const settingsHandlers = defineHandlers('settings', {
  'settings/list': (_input, { env }) => env.store.read((tx) => listSettings(tx)),
  'settings/set': ({ key, value }, context) => context.env.store.write(context.writeContext(), (tx) => changeSetting(tx, key, value)),
});
