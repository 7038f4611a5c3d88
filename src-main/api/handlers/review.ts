import { queueCountsFor, queuePageFor } from '../../services/cases/review.ts';
import { defineHandlers, viewerOf } from './types.ts';

export const reviewHandlers = defineHandlers('review', {
  'review/queues': ({ departmentCode }, context) => context.env.store.read((tx) => queueCountsFor(tx, viewerOf(context), departmentCode)),
  'review/queue': ({ queue, departmentCode, page, pageSize }, context) =>
    context.env.store.read((tx) => queuePageFor(context.env, tx, viewerOf(context), { queue, departmentCode, page, pageSize })),
});
