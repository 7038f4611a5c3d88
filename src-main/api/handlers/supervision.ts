import { caseClock } from '../../services/cases/detail.ts';
import { supervisionOverview } from '../../services/cases/review.ts';
import { defineHandlers } from './types.ts';

export const supervisionHandlers = defineHandlers('supervision', {
  'supervision/overview': (_input, { env }) => env.store.read((tx) => supervisionOverview(tx, caseClock(env, tx))),
});
