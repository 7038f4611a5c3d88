import { AppError } from '../../domain/errors.ts';
import { caseIdByNumber, listCases, revealPersonalData } from '../../services/cases/queries.ts';
import { assertCaseInScope, scopeOf } from '../../services/access/case-scope.ts';
import { caseDetail, clockOf } from './review.ts';
import { defineHandlers, sessionOf } from './types.ts';

function notFound(id: string): AppError {
  return new AppError('NOT_FOUND', `找不到编号为 ${id} 的办件，请核对后重试。`, { field: 'id' });
}

export const caseHandlers = defineHandlers({
  'cases/list': (input, context) => context.env.store.read((tx) => listCases(tx, input, clockOf(context, tx), scopeOf(tx, sessionOf(context)))),
  'cases/byNumber': ({ caseNumber }, context) =>
    context.env.store.read((tx) => {
      const id = caseIdByNumber(tx, caseNumber);
      if (!id) throw new AppError('NOT_FOUND', `找不到办件编号为 ${caseNumber} 的办件，请核对编号或重新扫码。`, { field: 'caseNumber' });
      assertCaseInScope(tx, scopeOf(tx, sessionOf(context)), id, 'caseNumber');
      return { id };
    }),
  'cases/get': ({ id }, context) => context.env.store.read((tx) => caseDetail(context, tx, id)),
  'cases/revealPersonalData': ({ caseId }, context) =>
    context.env.store.write(context.writeContext(), (tx) => {
      assertCaseInScope(tx, scopeOf(tx, sessionOf(context)), caseId);
      const revealed = revealPersonalData(tx, caseId);
      if (!revealed) throw notFound(caseId);
      tx.audit({ action: 'case.revealPersonalData', target: revealed.caseNumber ?? caseId, detail: { caseId } });
      return revealed.view;
    }),
  'cases/addNote': ({ id, note }, context) =>
    context.env.store.write(context.writeContext(), (tx) => {
      assertCaseInScope(tx, scopeOf(tx, sessionOf(context)), id, 'id');
      const event = tx.appendCaseEvent({ caseId: id, type: 'note', payload: { text: note }, note });
      tx.run('UPDATE case_record SET updated_at = ?, row_version = row_version + 1 WHERE id = ?', tx.now, id);
      tx.audit({ action: 'case.note', target: id });
      return { eventId: event.id, seq: event.seq };
    }),
});
