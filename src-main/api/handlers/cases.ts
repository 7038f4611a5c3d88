import { actOnCase, addCaseNote, caseByNumber, caseDetail, listCasesFor, revealCaseOnRecord } from '../../services/cases/detail.ts';
import { defineHandlers, viewerOf } from './types.ts';

export const casesHandlers = defineHandlers('cases', {
  'cases/list': (input, context) => context.env.store.read((tx) => listCasesFor(context.env, tx, viewerOf(context), input)),
  'cases/byNumber': ({ caseNumber }, context) => context.env.store.read((tx) => caseByNumber(tx, viewerOf(context), caseNumber)),
  'cases/get': ({ id }, context) => context.env.store.read((tx) => caseDetail(context.env, tx, viewerOf(context), id)),
  'cases/revealPersonalData': ({ caseId }, context) =>
    context.env.store.write(context.writeContext(), (tx) => revealCaseOnRecord(tx, viewerOf(context), caseId)),
  'cases/addNote': ({ id, note }, context) => context.env.store.write(context.writeContext(), (tx) => addCaseNote(tx, viewerOf(context), id, note)),
  'cases/act': ({ caseId, expectedVersion, act }, context) =>
    context.env.store.write(context.writeContext(), (tx) => actOnCase(context.env, tx, viewerOf(context), caseId, act, expectedVersion)),
});
