import { firstRunState, setupFirstRun } from '../../services/site/first-run.ts';
import { pickWindow, setKiosk, siteConfigView } from '../../services/site/local-config.ts';
import { defineHandlers } from './types.ts';

export const siteHandlers = defineHandlers('site', {
  'site/config': (_input, { env }) => env.store.read((tx) => siteConfigView(tx)),
  'site/pickWindow': ({ number }, context) => context.env.store.write(context.writeContext(), (tx) => pickWindow(tx, number)),
  'site/setKiosk': ({ enabled }, context) => context.env.store.write(context.writeContext(), (tx) => setKiosk(tx, enabled)),
  'site/firstRun': (_input, { env }) => env.store.read((tx) => firstRunState(tx)),
  'site/setup': (input, context) => context.env.store.write(context.writeContext(), (tx) => setupFirstRun(tx, input)),
});
