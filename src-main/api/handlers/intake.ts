import type { IntakeForm } from '../../domain/intake/form.ts';
import { decideIntake, type WindowDecisionInput } from '../../services/intake/decide.ts';
import { discardDraft, getDraft, listDrafts, saveDraft } from '../../services/intake/drafts.ts';
import { duplicatesOf } from '../../services/intake/duplicates.ts';
import type { HandlerContext } from '../context.ts';
import { defineHandlers, sessionOf } from './types.ts';

function decide(context: HandlerContext, form: IntakeForm, decision: WindowDecisionInput) {
  const session = sessionOf(context);
  const { env } = context;
  const write = context.writeContext();
  return env.store.write(write, (tx) => decideIntake(tx, env.calendar.get(tx), session.userId, form, decision, write.now ?? new Date()));
}

export const intakeHandlers = defineHandlers('intake', {
  'intake/duplicates': ({ target, idNumber, creditCode }, { env }) =>
    env.store.read((tx) => duplicatesOf(tx, target, { idNumber, creditCode }, env.clock())),
  'intake/saveDraft': ({ draftId, form }, context) =>
    context.env.store.write(context.writeContext(), (tx) => saveDraft(tx, sessionOf(context).userId, draftId, form)),
  'intake/drafts': (_input, context) => context.env.store.read((tx) => listDrafts(tx, sessionOf(context).userId)),
  'intake/getDraft': ({ draftId }, context) => context.env.store.read((tx) => getDraft(tx, draftId, sessionOf(context).userId)),
  'intake/discardDraft': ({ draftId }, context) =>
    context.env.store.write(context.writeContext(), (tx) => {
      discardDraft(tx, draftId, sessionOf(context).userId);
      return { ok: true as const };
    }),
  'intake/accept': (form, context) => decide(context, form, { kind: 'accepted' }),
  'intake/notice': (form, context) => decide(context, form, { kind: 'notice' }),
  'intake/refuse': ({ refusalReason, ...form }, context) => decide(context, form, { kind: 'refused', refusalReason }),
});
