import { randomInt } from 'node:crypto';
import type { IntakeResultView, WindowDecision } from '../../domain/api/views.ts';
import type { MaterialRow } from '../../domain/catalogue/import.ts';
import { AppError } from '../../domain/errors.ts';
import { queueTimesProblem, type IntakeForm } from '../../domain/intake/form.ts';
import { dateInChina } from '../../domain/time/iso-date.ts';
import type { WorkCalendar } from '../../domain/time/calendar.ts';
import { timeOrderedId } from '../../store/ids.ts';
import type { WriteTx } from '../../store/store.ts';
import { resolveTarget, type ResolvedMatter, type ResolvedTarget } from '../catalogue/store.ts';
import { caseTokens, sealCasePersonal, writeCaseTokens } from '../crypto/case-personal.ts';
import { rememberApplicant } from './applicants.ts';
import { bundleSnapshot, insertCase, insertLines, personalOf, snapshotOf, type CheckedLine, type IntakeRecord } from './case-rows.ts';
import { findDuplicates } from './duplicates.ts';
import { nextCaseNumbers } from './numbering.ts';
import { deviceWindow } from './window.ts';

/** What the window decided on an intake (受理, 一次性告知 or 不予受理) and, for a refusal, why. */
export interface WindowDecisionInput {
  kind: WindowDecision;
  refusalReason?: string;
}

/**
 * The window's decision on an intake: 受理, 一次性告知 or 不予受理. One transaction creates the
 * case (and for a 一件事 bundle one child case per matter, each bound for its own department),
 * its number, due date, checklist, events, outbox messages and audit row; the draft and its scans
 * pass to the case. Any refusal leaves nothing behind.
 */
export function decideIntake(tx: WriteTx, calendar: WorkCalendar, clerkId: string, form: IntakeForm, decision: WindowDecisionInput, now: Date): IntakeResultView {
  // 1. Is the intake complete for this decision?
  const queueProblem = queueTimesProblem(form.ticketTakenAt, form.ticketCalledAt, now);
  if (queueProblem) throw new AppError('VALIDATION', queueProblem.message, { field: queueProblem.field });
  const window = deviceWindow(tx);
  const target = resolveTarget(tx, form.target);
  const { bundle, matters } = target;
  const lines = checkLines(target.materials, form);
  checkMaterialsFor(decision.kind, lines);
  if (decision.kind !== 'refused') refuseUnacknowledgedDuplicates(tx, form, matters, now);
  if (matters.length === 0) throw new AppError('VALIDATION', '所选“一件事”不含任何事项，请重新选择。', { field: 'target' });

  // 2. Numbers and due dates: a bundle is its parent and one child per matter, numbered in that order.
  const date = dateInChina(now);
  const due = dueDates(calendar, matters, decision.kind === 'accepted' ? date : null);
  const rootId = timeOrderedId(now.getTime());
  const caseCount = bundle ? 1 + matters.length : 1;
  const [rootNumber, ...childNumbers] = nextCaseNumbers(tx, window.region_code, date, window.device_code, caseCount);

  // 3. The case (a bundle's parent), its tokens, checklist and first event.
  const plain = personalOf(form);
  const intake: IntakeRecord = {
    form,
    window,
    clerkId,
    decision: decision.kind,
    refusalReason: decision.refusalReason ?? null,
    sealedPersonal: sealCasePersonal(tx, plain),
    queryPassword: String(randomInt(0, 1_000_000)).padStart(6, '0'),
    date,
  };
  const latestDue = [...due.values()].filter((d): d is string => d !== null).sort().at(-1) ?? null;
  insertCase(tx, intake, {
    id: rootId,
    caseNumber: rootNumber,
    matter: bundle ? bundleSnapshot(bundle) : snapshotOf(matters[0] as ResolvedMatter),
    parentCaseId: null,
    bundleCode: bundle?.code ?? null,
    isBundle: bundle !== null,
    dueDate: latestDue,
  });
  // The tokens go on the root only: a bundle's children are found through their parent's (migration 0009).
  writeCaseTokens(tx, rootId, tx.now, caseTokens(tx, plain), caseCount);
  insertLines(tx, rootId, lines);
  tx.appendCaseEvent({
    caseId: rootId,
    type: eventType[decision.kind],
    payload: decisionPayload(decision, rootNumber, latestDue, matters, lines, form),
    note: form.note,
    opensCase: true,
  });

  // 4. A bundle's matters, each a child case bound for its own department.
  const children = bundle ? writeChildCases(tx, intake, { rootId, bundle, matters, childNumbers, due, lines, decision }, now) : [];

  // 5. The draft and its scans pass to the case; the applicant is remembered for next time.
  if (form.draftId) {
    tx.run('UPDATE attachment SET case_id = ?, draft_id = NULL WHERE draft_id = ?', rootId, form.draftId);
    tx.run('DELETE FROM intake_draft WHERE id = ? AND clerk_id = ?', form.draftId, clerkId);
  }
  rememberApplicant(tx, form.applicant);
  tx.audit({ action: auditAction[decision.kind], target: rootNumber, detail: { caseId: rootId, children: children.length } });
  return { caseId: rootId, caseNumber: rootNumber, status: decision.kind, dueDate: latestDue, queryPassword: intake.queryPassword, children };
}

/** Each checklist row with the status the clerk gave it; a row the form omits is missing. */
function checkLines(rows: readonly MaterialRow[], form: IntakeForm): CheckedLine[] {
  const given = new Map(form.materials.map((line) => [line.key, line]));
  const known = new Set(rows.map((row) => row.key));
  const stray = form.materials.find((line) => !known.has(line.key));
  if (stray) {
    throw new AppError('VALIDATION', `材料“${stray.key}”不在所选事项的材料清单中，请刷新材料清单后重试。`, { field: `materials.${stray.key}` });
  }
  return rows.map((row) => ({ ...row, status: given.get(row.key)?.status ?? 'missing' }));
}

/** The material rules of each decision, every violation reported at its own line. */
function checkMaterialsFor(decision: WindowDecision, lines: CheckedLine[]): void {
  const problems: Array<{ field: string; message: string }> = [];
  for (const line of lines) {
    if (line.status === 'deferred' && !line.deferrable) {
      problems.push({ field: `materials.${line.key}`, message: `“${line.name}”不允许容缺受理，请收取原件/复印件，或标记为缺失并出具一次性告知书` });
    }
    if (decision === 'accepted' && line.required && line.status === 'missing') {
      problems.push({
        field: `materials.${line.key}`,
        message: line.deferrable
          ? `必交材料“${line.name}”尚未收取：请收取，或经申请人承诺后标记为容缺后补，或出具一次性告知书`
          : `必交材料“${line.name}”尚未收取且不允许容缺：请收取后再受理，或出具一次性告知书`,
      });
    }
  }
  if (decision === 'notice' && !lines.some((line) => line.status === 'missing' || line.status === 'deferred')) {
    problems.push({ field: 'materials', message: '材料齐全，无需一次性告知：请直接受理' });
  }
  const first = problems[0];
  if (first) {
    throw new AppError('VALIDATION', problems.length > 1 ? `${first.message}（另有 ${problems.length - 1} 处材料问题）` : first.message, {
      field: first.field,
      details: problems,
    });
  }
}

/** Stops on earlier cases of the same applicant and matter the clerk has not acknowledged. */
function refuseUnacknowledgedDuplicates(tx: WriteTx, form: IntakeForm, matters: readonly ResolvedMatter[], now: Date): void {
  const applicant = form.applicant;
  const duplicates = findDuplicates(
    tx,
    applicant.type === 'individual' ? { idNumber: applicant.idNumber } : { creditCode: applicant.creditCode },
    matters.map((m) => m.matter.code),
    now,
  ).filter((d) => !form.acknowledgedDuplicates.includes(d.id));
  if (duplicates.length > 0) {
    const listed = duplicates.map((d) => `${d.caseNumber ?? '无编号'}（${d.matterName}）`).join('、');
    throw new AppError('CONFLICT', `该申请人近期已办理同一事项：${listed}。请核对是否重复申请；确认不是重复后可继续办理。`, {
      field: 'duplicates',
      details: { duplicates },
    });
  }
}

/** Each matter's due date counted from `acceptedDate`; none when the case is not accepted. */
function dueDates(calendar: WorkCalendar, matters: readonly ResolvedMatter[], acceptedDate: string | null): Map<string, string | null> {
  return new Map(
    matters.map(({ matter }) => [
      matter.code,
      acceptedDate === null ? null : calendar.dueDate(acceptedDate, matter.promisedLimit.value, matter.promisedLimit.unit),
    ]),
  );
}

interface BundleCases {
  rootId: string;
  bundle: NonNullable<ResolvedTarget['bundle']>;
  matters: readonly ResolvedMatter[];
  childNumbers: readonly string[];
  due: ReadonlyMap<string, string | null>;
  lines: readonly CheckedLine[];
  decision: WindowDecisionInput;
}

/** One child case per matter of a bundle, with the lines that matter needs and its own first event. */
function writeChildCases(tx: WriteTx, intake: IntakeRecord, b: BundleCases, now: Date): IntakeResultView['children'] {
  const children: IntakeResultView['children'] = [];
  for (const [index, resolved] of b.matters.entries()) {
    const childId = timeOrderedId(now.getTime());
    const childNumber = b.childNumbers[index];
    if (!childNumber) throw new AppError('INTERNAL', `“一件事”的第 ${index + 1} 个事项没有分到受理编号，未作任何保存，请重试。`);
    const childDue = b.due.get(resolved.matter.code) ?? null;
    insertCase(tx, intake, {
      id: childId,
      caseNumber: childNumber,
      matter: snapshotOf(resolved),
      parentCaseId: b.rootId,
      bundleCode: b.bundle.code,
      isBundle: false,
      dueDate: childDue,
    });
    insertLines(tx, childId, b.lines.filter((line) => line.matterCodes.includes(resolved.matter.code)));
    tx.appendCaseEvent({
      caseId: childId,
      type: eventType[b.decision.kind],
      payload: { ...decisionPayload(b.decision, childNumber, childDue, [resolved], b.lines, intake.form), parentCaseId: b.rootId },
      opensCase: true,
    });
    children.push({ caseId: childId, caseNumber: childNumber, matterCode: resolved.matter.code, matterName: resolved.matter.name, departmentName: resolved.departmentName, dueDate: childDue });
  }
  return children;
}

/**
 * The first event of a case, in the shape the lifecycle (src-main/domain/lifecycle/events.ts)
 * folds: an acceptance starts the clock with the matter's limit and review steps.
 */
function decisionPayload(decision: WindowDecisionInput, caseNumber: string, dueDate: string | null, matters: readonly ResolvedMatter[], lines: readonly CheckedLine[], form: IntakeForm) {
  const common = { caseNumber, target: form.target, matterVersions: matters.map((m) => ({ code: m.matter.code, version: m.matter.version })) };
  if (decision.kind === 'refused') return { ...common, reason: decision.refusalReason ?? '' };
  const missing = lines.filter((l) => l.status !== 'received').map((l) => ({ key: l.key, name: l.name, status: l.status }));
  if (decision.kind === 'notice') return { ...common, missing };
  // A bundle's parent carries the longest of its matters' limits; its matters are reviewed as children.
  const longest = [...matters].sort((a, b) => b.matter.promisedLimit.value - a.matter.promisedLimit.value)[0] ?? matters[0];
  return {
    ...common,
    dueDate,
    limit: longest?.matter.promisedLimit ?? { value: 0, unit: 'working' },
    matterKind: matters.length === 1 ? (longest?.matter.kind ?? 'promised') : 'promised',
    reviewSteps: matters.length === 1 ? (longest?.matter.reviewSteps ?? 1) : 1,
    missing,
  };
}

const eventType: Record<WindowDecision, string> = { accepted: 'intake.accepted', notice: 'intake.notice', refused: 'intake.refused' };
const auditAction: Record<WindowDecision, string> = { accepted: 'case.accept', notice: 'case.notice', refused: 'case.refuse' };
