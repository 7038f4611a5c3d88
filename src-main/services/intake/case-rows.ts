/**
 * The rows one intake writes per case: the case record (personal fields sealed, the rest in plain
 * columns a list filters on) and its checklist lines.
 */
import type { WindowDecision } from '../../domain/api/views.ts';
import type { MaterialRow } from '../../domain/catalogue/import.ts';
import type { IntakeForm, MaterialStatus } from '../../domain/intake/form.ts';
import type { WriteTx } from '../../store/store.ts';
import type { ResolvedMatter } from '../catalogue/store.ts';
import type { CasePersonal } from '../crypto/case-personal.ts';
import type { DeviceWindow } from './window.ts';

/** A checklist row with the status the clerk gave it. */
export interface CheckedLine extends MaterialRow {
  status: MaterialStatus;
}

/** What every case of one intake shares: who took it where, the applicant, the decision. */
export interface IntakeRecord {
  form: IntakeForm;
  window: DeviceWindow;
  clerkId: string;
  decision: WindowDecision;
  refusalReason: string | null;
  /** The applicant's personal fields, sealed once per intake: a bundle's cases each keep a copy. */
  sealedPersonal: Buffer;
  queryPassword: string;
  /** The China date of the decision. */
  date: string;
}

/** The matter as the case keeps it, so old cases keep their text after the catalogue changes. */
export interface MatterSnapshot {
  code: string;
  name: string;
  version: number;
  departmentCode: string;
  kind: string | null;
  promised: { value: number; unit: string } | null;
  statutory: { value: number; unit: string } | null;
}

/** What differs between the cases of one intake (a 一件事's parent and its children). */
export interface CaseRow {
  id: string;
  caseNumber: string;
  matter: MatterSnapshot;
  parentCaseId: string | null;
  bundleCode: string | null;
  isBundle: boolean;
  dueDate: string | null;
}

export function snapshotOf({ matter }: ResolvedMatter): MatterSnapshot {
  return {
    code: matter.code,
    name: matter.name,
    version: matter.version,
    departmentCode: matter.departmentCode,
    kind: matter.kind,
    promised: matter.promisedLimit,
    statutory: matter.statutoryLimit,
  };
}

/** A 一件事's parent case: a container bound for no department, with no clock of its own. */
export function bundleSnapshot(bundle: { code: string; name: string }): MatterSnapshot {
  return { code: bundle.code, name: bundle.name, version: 1, departmentCode: 'BUNDLE', kind: null, promised: null, statutory: null };
}

export function personalOf(form: IntakeForm): CasePersonal {
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
export function insertCase(tx: WriteTx, intake: IntakeRecord, c: CaseRow): void {
  const { form, window } = intake;
  const applicant = form.applicant;
  const individual = applicant.type === 'individual' ? applicant : null;
  const enterprise = applicant.type === 'enterprise' ? applicant : null;
  const accepted = intake.decision === 'accepted';
  tx.run(
    `INSERT INTO case_record (id, case_number, status, centre_id, window_id, clerk_id, matter_code, matter_name, matter_version,
       department_code, channel, ticket_number, applicant_type, applicant_id_type, applicant_credit_code, personal,
       accepted_at, due_date, created_at, updated_at,
       parent_case_id, bundle_code, is_bundle, matter_kind, promised_limit, promised_unit, statutory_limit, statutory_unit,
       agent_id_type, ticket_taken_at, ticket_called_at, decided_at, accepted_date, refusal_reason, query_password)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    c.id, c.caseNumber, intake.decision, window.centre_id, window.id, intake.clerkId, c.matter.code, c.matter.name, c.matter.version,
    c.matter.departmentCode, form.channel, form.ticketNumber ?? null, applicant.type,
    individual?.idType ?? null, enterprise?.creditCode ?? null, intake.sealedPersonal,
    accepted ? tx.now : null, c.dueDate, tx.now, tx.now,
    c.parentCaseId, c.bundleCode, c.isBundle ? 1 : 0, c.matter.kind, c.matter.promised?.value ?? null, c.matter.promised?.unit ?? null,
    c.matter.statutory?.value ?? null, c.matter.statutory?.unit ?? null,
    form.agent?.idType ?? null, utcInstant(form.ticketTakenAt), utcInstant(form.ticketCalledAt), tx.now, accepted ? intake.date : null,
    intake.refusalReason, intake.queryPassword,
  );
}

/** Instants are stored as toISOString() writes them (UTC, Z), so ranges compare as strings. */
function utcInstant(value: string | undefined): string | null {
  return value ? new Date(value).toISOString() : null;
}

const materialColumns = ['case_id', 'line', 'material_key', 'name', 'form', 'copies', 'required', 'can_defer', 'status', 'matter_codes'] as const;

export function insertLines(tx: WriteTx, caseId: string, lines: readonly CheckedLine[]): void {
  tx.insertRows(
    'case_material',
    materialColumns,
    lines.map((line, index) => [
      caseId, index + 1, line.key, line.name, line.form, line.copies, line.required ? 1 : 0, line.deferrable ? 1 : 0, line.status,
      JSON.stringify(line.matterCodes),
    ]),
  );
}
