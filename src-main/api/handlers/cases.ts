import { assertCaseInScope, scopeOf } from '../../services/access/case-scope.ts';
import { addCaseNote, caseByNumber, caseClock, caseDetail, revealCaseOnRecord } from '../../services/cases/detail.ts';
import { performAction } from '../../services/cases/lifecycle.ts';
import { listCases } from '../../services/cases/queries.ts';
import { defineHandlers, viewerOf } from './types.ts';

export const casesHandlers = defineHandlers('cases', {
  'cases/list': (input, context) => context.env.store.read((tx) => listCases(tx, input, caseClock(context.env, tx), scopeOf(tx, viewerOf(context)))),
  'cases/byNumber': ({ caseNumber }, context) => context.env.store.read((tx) => caseByNumber(tx, viewerOf(context), caseNumber)),
  'cases/get': ({ id }, context) => context.env.store.read((tx) => caseDetail(context.env, tx, viewerOf(context), id)),
  'cases/revealPersonalData': ({ caseId }, context) =>
    context.env.store.write(context.writeContext(), (tx) => revealCaseOnRecord(tx, viewerOf(context), caseId)),
  'cases/addNote': ({ id, note }, context) => context.env.store.write(context.writeContext(), (tx) => addCaseNote(tx, viewerOf(context), id, note)),
  'cases/act': ({ caseId, expectedVersion, act }, context) => {
    const viewer = viewerOf(context);
    return context.env.store.write(context.writeContext(), (tx) => {
      assertCaseInScope(tx, scopeOf(tx, viewer), caseId);
      performAction(tx, context.env.calendar.get(tx), viewer, caseId, act, expectedVersion);
      return caseDetail(context.env, tx, viewer, caseId);
    });
  },
});
