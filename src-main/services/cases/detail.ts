import type { CaseDetailView, CaseRowView, Page, PersonalDataView } from '../../domain/api/views.ts';
import type { StaffActor } from '../../domain/auth/actor.ts';
import { AppError } from '../../domain/errors.ts';
import { dateInChina } from '../../domain/time/iso-date.ts';
import type { ReadTx, WriteTx } from '../../store/store.ts';
import { assertCaseInScope, scopeOf } from '../access/case-scope.ts';
import type { ServiceEnv } from '../env.ts';
import type { LifecycleAction } from '../../domain/lifecycle/actions.ts';
import { lifecycleView, performAction } from './lifecycle.ts';
import { caseIdByNumber, getCase, listCases, revealPersonalData, type CaseListFilter, type ListClock } from './queries.ts';

/** Who is asking: every look at a case is limited to the asker's scope (services/access). */
type Viewer = StaffActor;

/** Where every case's clock stands today: the working-day calendar and the date in China. */
export function caseClock(env: ServiceEnv, tx: ReadTx): ListClock {
  return { calendar: env.calendar.get(tx), today: dateInChina(env.clock()) };
}

export function caseNotFound(id: string): AppError {
  return new AppError('NOT_FOUND', `找不到编号为 ${id} 的办件，请核对后重试。`, { field: 'id' });
}

/** A case with its events and what the viewer may do with it now. */
export function caseDetail(env: ServiceEnv, tx: ReadTx, viewer: Viewer, id: string): CaseDetailView {
  const clock = caseClock(env, tx);
  const scope = scopeOf(tx, viewer);
  assertCaseInScope(tx, scope, id, 'id');
  const lifecycle = lifecycleView(tx, clock.calendar, id, viewer, clock.today);
  const found = getCase(tx, id, clock, lifecycle, scope);
  if (!found) throw caseNotFound(id);
  return found;
}

/** The case list as the viewer may see it: the filter within their scope (a reviewer's department). */
export function listCasesFor(env: ServiceEnv, tx: ReadTx, viewer: Viewer, filter: CaseListFilter): Page<CaseRowView> {
  return listCases(tx, filter, caseClock(env, tx), scopeOf(tx, viewer));
}

/** `cases/act`: a lifecycle action on a case the viewer may see; answers the case as it now is. */
export function actOnCase(env: ServiceEnv, tx: WriteTx, viewer: Viewer, caseId: string, action: LifecycleAction, expectedVersion: number | undefined): CaseDetailView {
  assertCaseInScope(tx, scopeOf(tx, viewer), caseId);
  performAction(tx, env.calendar.get(tx), viewer, caseId, action, expectedVersion);
  return caseDetail(env, tx, viewer, caseId);
}

/** A case's personal data in full: every view is on record, naming the case. */
export function revealCaseOnRecord(tx: WriteTx, viewer: Viewer, caseId: string): PersonalDataView {
  assertCaseInScope(tx, scopeOf(tx, viewer), caseId);
  const revealed = revealPersonalData(tx, caseId);
  if (!revealed) throw caseNotFound(caseId);
  tx.audit({ action: 'case.revealPersonalData', target: revealed.caseNumber ?? caseId, detail: { caseId } });
  return revealed.view;
}

/** A note is an event of the case, so it is in the log the case's history is read from. */
export function addCaseNote(tx: WriteTx, viewer: Viewer, id: string, note: string): { eventId: string; seq: number } {
  assertCaseInScope(tx, scopeOf(tx, viewer), id, 'id');
  const event = tx.appendCaseEvent({ caseId: id, type: 'note', payload: { text: note }, note });
  tx.run('UPDATE case_record SET updated_at = ?, row_version = row_version + 1 WHERE id = ?', tx.now, id);
  tx.audit({ action: 'case.note', target: id });
  return { eventId: event.id, seq: event.seq };
}

/** The case a scanned or typed case number names, if the viewer may see it. */
export function caseByNumber(tx: ReadTx, viewer: Viewer, caseNumber: string): { id: string } {
  const id = caseIdByNumber(tx, caseNumber);
  if (!id) throw new AppError('NOT_FOUND', `找不到办件编号为 ${caseNumber} 的办件，请核对编号或重新扫码。`, { field: 'caseNumber' });
  assertCaseInScope(tx, scopeOf(tx, viewer), id, 'caseNumber');
  return { id };
}
