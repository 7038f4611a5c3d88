import { listFollowUps, resolveFollowUp } from '../../services/cases/review.ts';
import { defineHandlers, sessionOf } from './types.ts';

export const followupsHandlers = defineHandlers('followups', {
  'followups/list': ({ state }, { env }) => env.store.read((tx) => listFollowUps(tx, state)),
  'followups/resolve': ({ id, resolution }, context) =>
    context.env.store.write(context.writeContext(), (tx) => {
      resolveFollowUp(tx, id, resolution, sessionOf(context).userId);
      return { ok: true as const };
    }),
});
