import { randomInt } from 'node:crypto';
import type { IntakeResultView, WindowDecision } from '../../domain/api/views.ts';
import type { MaterialRow } from '../../domain/catalogue/import.ts';
import { AppError } from '../../domain/errors.ts';
import { queueTimesProblem, type IntakeForm, type MaterialStatus } from '../../domain/intake/form.ts';
import { dateInChina } from '../../domain/time/iso-date.ts';
import type { WorkCalendar } from '../../domain/time/calendar.ts';
import { timeOrderedId } from '../../store/ids.ts';
import type { WriteTx } from '../../store/store.ts';
import { resolveTarget, type ResolvedMatter } from '../catalogue/store.ts';
import { caseTokens, sealCasePersonal, writeCaseTokens, type CasePersonal } from '../crypto/case-personal.ts';
import { rememberApplicant } from './applicants.ts';
import { findDuplicates } from './duplicates.ts';
import { nextCaseNumbers } from './numbering.ts';
import { deviceWindow, type DeviceWindow } from './window.ts';

export interface Decision {
  kind: WindowDecision;
  refusalReason?: string;
}

interface CheckedLine extends MaterialRow {
  status: MaterialStatus;
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

function dueDateOf(calendar: WorkCalendar, resolved: ResolvedMatter, date: string): string {
  const limit = resolved.matter.promisedLimit;
  return calendar.dueDate(date, limit.value, limit.unit);
}

interface CaseInsert {
  id: string;
  caseNumber: string;
  status: WindowDecision;
  matter: { code: string; name: string; version: number; departmentCode: string; kind: string | null; promised: { value: number; unit: string } | null; statutory: { value: number; unit: string } | null };
  parentCaseId: string | null;
  bundleCode: string | null;
  isBundle: boolean;
  dueDate: string | null;
  date: string;
}

function personalOf(form: IntakeForm): CasePersonal {
  const applicant = form.applicant;
  const individual = applicant.type === 'individual' ? applicant : null;
  const enterprise = applicant.type === 'enterprise' ? applicant : null;
  return {
    name: applicant.name,
    idNumber: individual?.idNumber ?? null,
    phone: applicant.phone,
    address: applicant.address ?? null,
    legalRepresentative: enterprise?.legalRepresentative ?? null,
    contactName: enterprise?.contactName ?? null,
    agentName: form.agent?.name ?? null,
    agentIdNumber: form.agent?.idNumber ?? null,
    agentPhone: form.agent?.phone ?? null,
  };
}

/** The personal fields go in sealed (`personal`); the rest in plain columns. */
function insertCase(tx: WriteTx, c: CaseInsert, form: IntakeForm, sealedPersonal: Buffer, window: DeviceWindow, clerkId: string, decision: Decision, queryPassword: string): void {
  const applicant = form.applicant;
  const individual = applicant.type === 'individual' ? applicant : null;
  const enterprise = applicant.type === 'enterprise' ? applicant : null;
  const accepted = c.status === 'accepted';
  tx.run(
    `INSERT INTO case_record (id, case_number, status, centre_id, window_id, clerk_id, matter_code, matter_name, matter_version,
       department_code, channel, ticket_number, applicant_type, applicant_id_type, applicant_credit_code, personal,
       accepted_at, due_date, created_at, updated_at,
       parent_case_id, bundle_code, is_bundle, matter_kind, promised_limit, promised_unit, statutory_limit, statutory_unit,
       agent_id_type, ticket_taken_at, ticket_called_at, decided_at, accepted_date, refusal_reason, query_password)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    c.id, c.caseNumber, c.status, window.centre_id, window.id, clerkId, c.matter.code, c.matter.name, c.matter.version,
    c.matter.departmentCode, form.channel, form.ticketNumber ?? null, applicant.type,
    individual?.idType ?? null, enterprise?.creditCode ?? null, sealedPersonal,
    accepted ? tx.now : null, c.dueDate, tx.now, tx.now,
    c.parentCaseId, c.bundleCode, c.isBundle ? 1 : 0, c.matter.kind, c.matter.promised?.value ?? null, c.matter.promised?.unit ?? null,
    c.matter.statutory?.value ?? null, c.matter.statutory?.unit ?? null,
    form.agent?.idType ?? null, utcInstant(form.ticketTakenAt), utcInstant(form.ticketCalledAt), tx.now, accepted ? c.date : null,
    decision.refusalReason ?? null, queryPassword,
  );
}

/** Instants are stored as toISOString() writes them (UTC, Z), so ranges compare as strings. */
function utcInstant(value: string | undefined): string | null {
  return value ? new Date(value).toISOString() : null;
}

const materialColumns = ['case_id', 'line', 'material_key', 'name', 'form', 'copies', 'required', 'can_defer', 'status', 'matter_codes'] as const;

function insertLines(tx: WriteTx, caseId: string, lines: CheckedLine[]): void {
  tx.insertRows(
    'case_material',
    materialColumns,
    lines.map((line, index) => [
      caseId, index + 1, line.key, line.name, line.form, line.copies, line.required ? 1 : 0, line.deferrable ? 1 : 0, line.status,
      JSON.stringify(line.matterCodes),
    ]),
  );
}

/**
 * The first event of a case, in the shape the lifecycle (src-main/domain/lifecycle/events.ts)
 * folds: an acceptance starts the clock with the matter's limit and review steps.
 */
function decisionPayload(decision: Decision, caseNumber: string, dueDate: string | null, matters: ResolvedMatter[], lines: CheckedLine[], form: IntakeForm) {
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

/**
 * The window's decision on an intake: 受理, 一次性告知 or 不予受理. One transaction creates the
 * case (and for a 一件事 bundle one child case per matter, each bound for its own department),
 * its number, due date, checklist, events, outbox messages and audit row; the draft and its scans
 * pass to the case. Any refusal leaves nothing behind.
 */
export function decideIntake(tx: WriteTx, calendar: WorkCalendar, clerkId: string, form: IntakeForm, decision: Decision, now: Date): IntakeResultView {
  const queueProblem = queueTimesProblem(form.ticketTakenAt, form.ticketCalledAt, now);
  if (queueProblem) throw new AppError('VALIDATION', queueProblem.message, { field: queueProblem.field });
  const window = deviceWindow(tx);
  const { bundle, matters, materials } = resolveTarget(tx, form.target);
  const lines = checkLines(materials, form);
  checkMaterialsFor(decision.kind, lines);

  if (decision.kind !== 'refused') {
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

  const date = dateInChina(now);
  const accepted = decision.kind === 'accepted';
  const queryPassword = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const due = new Map(matters.map((m) => [m.matter.code, accepted ? dueDateOf(calendar, m, date) : null]));
  const rootId = timeOrderedId(now.getTime());
  // A bundle is its parent and one child per matter; the parent's number first, then the children's in the bundle's order.
  const caseCount = bundle ? 1 + matters.length : 1;
  const [rootNumber, ...childNumbers] = nextCaseNumbers(tx, window.region_code, date, window.device_code, caseCount);
  const snapshot = (m: ResolvedMatter) => ({
    code: m.matter.code,
    name: m.matter.name,
    version: m.matter.version,
    departmentCode: m.matter.departmentCode,
    kind: m.matter.kind,
    promised: m.matter.promisedLimit,
    statutory: m.matter.statutoryLimit,
  });
  const firstMatter = matters[0];
  if (!firstMatter) throw new AppError('VALIDATION', '所选“一件事”不含任何事项，请重新选择。', { field: 'target' });
  // Sealed once per intake: a bundle's cases share the applicant (each keeps its own copy).
  const plain = personalOf(form);
  const sealedPersonal = sealCasePersonal(tx, plain);
  const latestDue = [...due.values()].filter((d): d is string => d !== null).sort().at(-1) ?? null;
  insertCase(
    tx,
    {
      id: rootId,
      caseNumber: rootNumber,
      status: decision.kind,
      matter: bundle
        ? { code: bundle.code, name: bundle.name, version: 1, departmentCode: 'BUNDLE', kind: null, promised: null, statutory: null }
        : snapshot(firstMatter),
      parentCaseId: null,
      bundleCode: bundle?.code ?? null,
      isBundle: bundle !== null,
      dueDate: latestDue,
      date,
    },
    form, sealedPersonal, window, clerkId, decision, queryPassword,
  );
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

  const children: IntakeResultView['children'] = [];
  if (bundle) {
    for (const [index, resolved] of matters.entries()) {
      const childId = timeOrderedId(now.getTime());
      const childNumber = childNumbers[index];
      if (!childNumber) throw new AppError('INTERNAL', `“一件事”的第 ${index + 1} 个事项没有分到受理编号，未作任何保存，请重试。`);
      const childDue = due.get(resolved.matter.code) ?? null;
      insertCase(
        tx,
        { id: childId, caseNumber: childNumber, status: decision.kind, matter: snapshot(resolved), parentCaseId: rootId, bundleCode: bundle.code, isBundle: false, dueDate: childDue, date },
        form, sealedPersonal, window, clerkId, decision, queryPassword,
      );
      insertLines(tx, childId, lines.filter((line) => line.matterCodes.includes(resolved.matter.code)));
      tx.appendCaseEvent({
        caseId: childId,
        type: eventType[decision.kind],
        payload: { ...decisionPayload(decision, childNumber, childDue, [resolved], lines, form), parentCaseId: rootId },
        opensCase: true,
      });
      children.push({ caseId: childId, caseNumber: childNumber, matterCode: resolved.matter.code, matterName: resolved.matter.name, departmentName: resolved.departmentName, dueDate: childDue });
    }
  }

  if (form.draftId) {
    tx.run('UPDATE attachment SET case_id = ?, draft_id = NULL WHERE draft_id = ?', rootId, form.draftId);
    tx.run('DELETE FROM intake_draft WHERE id = ? AND clerk_id = ?', form.draftId, clerkId);
  }
  rememberApplicant(tx, form.applicant);
  tx.audit({ action: auditAction[decision.kind], target: rootNumber, detail: { caseId: rootId, children: children.length } });
  return { caseId: rootId, caseNumber: rootNumber, status: decision.kind, dueDate: latestDue, queryPassword, children };
}
