import { lookUpApplicant } from '../../services/intake/applicants.ts';
import { defineHandlers } from './types.ts';

export const applicantsHandlers = defineHandlers('applicants', {
  'applicants/find': (lookup, context) => context.env.store.write(context.writeContext(), (tx) => lookUpApplicant(tx, lookup)),
});
