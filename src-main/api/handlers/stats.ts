import { dateInChina } from '../../domain/time/iso-date.ts';
import { dailyLogFor } from '../../services/stats/daily-log.ts';
import { defineHandlers, viewerOf } from './types.ts';

export const statsHandlers = defineHandlers('stats', {
  'stats/dailyLog': ({ from, to }, context) =>
    context.env.store.read((tx) => dailyLogFor(tx, viewerOf(context), { from, to }, dateInChina(context.env.clock()))),
});
