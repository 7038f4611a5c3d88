import { printDataFor, recordPrintFor } from '../../services/prints/print-data.ts';
import { defineHandlers, viewerOf } from './types.ts';

export const printsHandlers = defineHandlers('prints', {
  'prints/data': ({ caseId, document }, context) => context.env.store.read((tx) => printDataFor(tx, viewerOf(context), caseId, document)),
  'prints/record': ({ caseId, document }, context) =>
    context.env.store.write(context.writeContext(), (tx) => recordPrintFor(tx, viewerOf(context), caseId, document)),
});
