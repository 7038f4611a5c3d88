import { AppError } from '../../domain/errors.ts';
import { addAttachment, readAttachment } from '../../services/attachments.ts';
import { catalogueView, checklist, exportCatalogue, importCatalogue, resolveTarget } from '../../services/catalogue/store.ts';
import { findApplicant } from '../../services/intake/applicants.ts';
import { decideIntake } from '../../services/intake/decide.ts';
import { assertOwnDraft, discardDraft, getDraft, listDrafts, saveDraft } from '../../services/intake/drafts.ts';
import { findDuplicates } from '../../services/intake/duplicates.ts';
import { printData, recordPrint } from '../../services/prints.ts';
import { assertAttachmentVisible, assertCaseInScope, scopeOf } from '../../services/access/case-scope.ts';
import type { HandlerContext } from '../context.ts';
import { defineHandlers, sessionOf } from './types.ts';
import type { IntakeForm } from '../../domain/intake/form.ts';
import type { Decision } from '../../services/intake/decide.ts';

function decide(context: HandlerContext, form: IntakeForm, decision: Decision) {
  const session = sessionOf(context);
  const { env } = context;
  const write = context.writeContext();
  return env.store.write(write, (tx) => decideIntake(tx, env.calendar.get(tx), session.userId, form, decision, write.now ?? new Date()));
}

export const intakeHandlers = defineHandlers({
  'catalogue/get': (_input, { env }) => env.store.read((tx) => catalogueView(tx)),
  'catalogue/checklist': ({ target }, { env }) => env.store.read((tx) => checklist(tx, target)),
  'catalogue/import': ({ catalogue }, context) => context.env.store.write(context.writeContext(), (tx) => importCatalogue(tx, catalogue)),
  'catalogue/export': (_input, context) =>
    context.env.store.write(context.writeContext(), (tx) => {
      tx.audit({ action: 'catalogue.export' });
      return exportCatalogue(tx);
    }),
  'calendar/import': ({ calendar }, context) =>
    context.env.store.write(context.writeContext(), (tx) => {
      const year = context.env.calendar.import(tx, calendar);
      return { year, years: context.env.calendar.get(tx).coveredYears() };
    }),
  'calendar/years': (_input, { env }) => env.store.read((tx) => env.calendar.get(tx).coveredYears()),
  'applicants/find': (input, context) =>
    context.env.store.write(context.writeContext(), (tx) => {
      const found = findApplicant(tx, input);
      // Looking someone up by ID number is a view of personal data: on record, hit or miss.
      tx.audit({ action: 'applicant.lookup', target: input.idNumber ? 'idNumber' : 'creditCode', detail: { found: found !== null } });
      return found;
    }),
  'intake/duplicates': ({ target, idNumber, creditCode }, { env }) =>
    env.store.read((tx) => {
      if (!idNumber && !creditCode) return [];
      const { matters } = resolveTarget(tx, target);
      return findDuplicates(tx, { idNumber, creditCode }, matters.map((m) => m.matter.code), env.clock());
    }),
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
  'attachments/add': (input, context) =>
    context.env.store.write(context.writeContext(), (tx) => {
      const userId = sessionOf(context).userId;
      assertOwnDraft(tx, input.draftId, userId);
      return addAttachment(tx, context.env.dataDir, input, userId);
    }),
  'attachments/remove': ({ draftId, attachmentId }, context) =>
    context.env.store.write(context.writeContext(), (tx) => {
      assertOwnDraft(tx, draftId, sessionOf(context).userId);
      const removed = tx.run('DELETE FROM attachment WHERE id = ? AND draft_id = ?', attachmentId, draftId);
      if (removed.changes === 0) throw new AppError('NOT_FOUND', '找不到该扫描件，或它已随办件受理而不能再移除。', { field: 'attachmentId' });
      return { ok: true as const };
    }),
  'attachments/content': ({ attachmentId }, context) =>
    context.env.store.write(context.writeContext(), (tx) => {
      assertAttachmentVisible(tx, sessionOf(context), attachmentId);
      tx.audit({ action: 'attachment.view', target: attachmentId });
      return readAttachment(tx, context.env.dataDir, attachmentId);
    }),
  'prints/data': ({ caseId, document }, context) =>
    context.env.store.read((tx) => {
      assertCaseInScope(tx, scopeOf(tx, sessionOf(context)), caseId);
      return printData(tx, caseId, document);
    }),
  'prints/record': ({ caseId, document }, context) =>
    context.env.store.write(context.writeContext(), (tx) => {
      assertCaseInScope(tx, scopeOf(tx, sessionOf(context)), caseId);
      return recordPrint(tx, caseId, document, sessionOf(context).userId);
    }),
});
