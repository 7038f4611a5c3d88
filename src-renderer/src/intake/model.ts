import '../zod-setup.ts';
import type { OperationInput } from '@domain/api/contract.ts';
import type { ChecklistView } from '@domain/api/views.ts';
import { channels, type Channel } from '@domain/cases/status.ts';
import { checkResidentId } from '@domain/identity/resident-id.ts';
import { idTypes, intakeFormSchema, materialStatuses, queueTimesProblem, type IdType, type IntakeTarget, type MaterialStatus } from '@domain/intake/form.ts';
import { dateInChina } from '@domain/time/iso-date.ts';

/**
 * The 一窗受理 form as the screen holds it (every field a string the clerk typed), and the one
 * way from it to what `intake/accept|notice|refuse` take. Field checks run the API table's own
 * schema (intakeFormSchema), so a message at a field is word for word what main would answer.
 */

export type IntakeInput = OperationInput<'intake/accept'>;
export type ApplicantType = 'individual' | 'enterprise';

export interface IndividualFields {
  name: string;
  idType: IdType;
  idNumber: string;
  phone: string;
  address: string;
}

export interface EnterpriseFields {
  name: string;
  creditCode: string;
  legalRepresentative: string;
  contactName: string;
  phone: string;
  address: string;
}

export interface AgentFields {
  name: string;
  idType: IdType;
  idNumber: string;
  phone: string;
}

export interface IntakeModel {
  target: IntakeTarget | null;
  applicantType: ApplicantType;
  individual: IndividualFields;
  enterprise: EnterpriseFields;
  hasAgent: boolean;
  agent: AgentFields;
  channel: Channel;
  ticketNumber: string;
  /** 取号时间 'HH:mm' (China time, today), from the queue system or typed by the clerk; optional. */
  ticketTakenTime: string;
  /** 叫号时间: when the clerk opened the form for this applicant (the call), ISO instant. */
  calledAt: string;
  note: string;
  /** The clerk's verdict per checklist row; null until the row is checked. */
  materials: Record<string, MaterialStatus | null>;
}

export function emptyModel(): IntakeModel {
  return {
    target: null,
    applicantType: 'individual',
    individual: { name: '', idType: 'resident_id', idNumber: '', phone: '', address: '' },
    enterprise: { name: '', creditCode: '', legalRepresentative: '', contactName: '', phone: '', address: '' },
    hasAgent: false,
    agent: { name: '', idType: 'resident_id', idNumber: '', phone: '' },
    channel: 'window',
    ticketNumber: '',
    ticketTakenTime: '',
    calledAt: new Date().toISOString(),
    note: '',
    materials: {},
  };
}

/**
 * Nothing typed or chosen yet: no matter, no applicant, no agent, no ticket, no note and no
 * material verdict (the applicant type, channel and 叫号时间 start filled in and do not count).
 */
export function isBlank(model: IntakeModel): boolean {
  const { individual: i, enterprise: e, agent: a } = model;
  const texts = [i.name, i.idNumber, i.phone, i.address, ...Object.values(e), a.name, a.idNumber, a.phone, model.ticketNumber, model.ticketTakenTime, model.note];
  return (
    model.target === null &&
    !model.hasAgent &&
    texts.every((text) => text.trim() === '') &&
    Object.values(model.materials).every((status) => status === null)
  );
}

const hhmm = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** '09:05' today in China → an ISO instant; null when blank; 'invalid' when not a time. */
export function ticketTakenInstant(time: string, today: string): string | null | 'invalid' {
  const value = time.trim().replace('：', ':');
  if (value === '') return null;
  return hhmm.test(value) ? `${today}T${value}:00+08:00` : 'invalid';
}

/** The date in China: what main checks an ID's birth date against. */
export function todayInChina(): string {
  return dateInChina(new Date());
}

let schemaCache: { today: string; schema: ReturnType<typeof intakeFormSchema> } | null = null;
function formSchema(today: string): ReturnType<typeof intakeFormSchema> {
  if (schemaCache?.today !== today) schemaCache = { today, schema: intakeFormSchema(() => today) };
  return schemaCache.schema;
}

/** The schema's own message for a checklist row without a verdict. */
export function materialStatusMessage(): string {
  const status = formSchema(todayInChina()).shape.materials.element.shape.status;
  const parsed = status.safeParse(undefined);
  return parsed.success ? '请为每项材料选择：已收取、缺失或容缺后补' : (parsed.error.issues[0]?.message ?? '请为每项材料选择：已收取、缺失或容缺后补');
}

const blankToUndefined = (value: string): string | undefined => (value.trim() === '' ? undefined : value);

/** ID numbers as main compares them: no spaces, upper-case X. */
export function normalizeId(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

export function applicantInput(model: IntakeModel): IntakeInput['applicant'] {
  if (model.applicantType === 'individual') {
    const a = model.individual;
    return { type: 'individual', name: a.name, idType: a.idType, idNumber: a.idNumber, phone: a.phone, address: blankToUndefined(a.address) };
  }
  const e = model.enterprise;
  return {
    type: 'enterprise',
    name: e.name,
    creditCode: e.creditCode,
    legalRepresentative: e.legalRepresentative,
    contactName: blankToUndefined(e.contactName),
    phone: e.phone,
    address: blankToUndefined(e.address),
  };
}

export interface BuildOptions {
  /** Accept and notice: every required row needs a verdict. A refusal does not look at materials. */
  requireVerdicts: boolean;
  acknowledged?: readonly string[];
  draftId?: string | null;
  today?: string;
}

export interface BuiltIntake {
  input: IntakeInput;
  /** Field path (applicant.idNumber, materials.<key>, …) → the first message for it. */
  errors: Map<string, string>;
  /** The material key of each line sent, by index: main names lines as materials.<index>. */
  lineKeys: string[];
}

/** Main's paths for issues → the screen's field paths. */
export function screenField(path: string, lineKeys: readonly string[]): string {
  const line = /^materials\.(\d+)(?:\.|$)/.exec(path);
  if (line) {
    const key = lineKeys[Number(line[1])];
    return key === undefined ? 'materials' : `materials.${key}`;
  }
  // A union without a usable type (“个人或企业”) is the applicant-type switch's business.
  if (path === 'applicant') return 'applicant.type';
  if (path === 'agent') return 'agent.name';
  return path;
}

export function buildIntake(model: IntakeModel, checklist: ChecklistView | null, options: BuildOptions): BuiltIntake {
  const today = options.today ?? todayInChina();
  const errors = new Map<string, string>();
  const add = (field: string, message: string) => {
    if (!errors.has(field)) errors.set(field, message);
  };

  const lines: Array<{ key: string; status: MaterialStatus }> = [];
  if (model.target !== null && checklist === null) add('materials', '材料清单尚未载入，请稍候或重新选择事项');
  for (const row of checklist?.materials ?? []) {
    const status = model.materials[row.key] ?? null;
    if (status !== null) lines.push({ key: row.key, status });
    else if (options.requireVerdicts && row.required) add(`materials.${row.key}`, materialStatusMessage());
  }
  const lineKeys = lines.map((line) => line.key);

  const input: IntakeInput = {
    // Missing on purpose when nothing is chosen: the schema then says what to do.
    target: model.target ?? (undefined as unknown as IntakeTarget),
    applicant: applicantInput(model),
    channel: model.channel,
    materials: lines,
    acknowledgedDuplicates: [...(options.acknowledged ?? [])],
  };
  if (model.hasAgent) input.agent = { ...model.agent };
  const ticket = blankToUndefined(model.ticketNumber);
  if (ticket !== undefined) input.ticketNumber = ticket;
  input.ticketCalledAt = model.calledAt;
  const taken = ticketTakenInstant(model.ticketTakenTime, today);
  if (taken === 'invalid') add('ticketTakenAt', '取号时间格式应为“时:分”，如 09:05');
  else if (taken !== null) input.ticketTakenAt = taken;
  const queueProblem = queueTimesProblem(input.ticketTakenAt, input.ticketCalledAt, new Date());
  if (queueProblem) add(queueProblem.field, queueProblem.message);
  const note = blankToUndefined(model.note);
  if (note !== undefined) input.note = note;
  if (options.draftId) input.draftId = options.draftId;

  const parsed = formSchema(today).safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) add(screenField(issue.path.map(String).join('.'), lineKeys), issue.message);
  }
  // The GB 11643 check sits in a refinement that zod skips while other fields of the object are
  // still wrong: run the same check here so the ID field never waits for the name to be typed.
  const identity = (field: string, idType: IdType, idNumber: string) => {
    if (idType !== 'resident_id' || idNumber.trim() === '' || errors.has(field)) return;
    const result = checkResidentId(idNumber, today);
    if (!result.ok) add(field, result.message);
  };
  if (model.applicantType === 'individual') identity('applicant.idNumber', model.individual.idType, model.individual.idNumber);
  if (model.hasAgent) identity('agent.idNumber', model.agent.idType, model.agent.idNumber);
  return { input, errors, lineKeys };
}

// ---- Drafts: the form exactly as it was, valid or not ----

export interface DraftForm {
  title: string;
  target: IntakeTarget | null;
  /** Read by main for the drafts list (applicant.name). */
  applicant: IntakeInput['applicant'];
  agent?: AgentFields;
  channel: Channel;
  ticketNumber: string;
  note: string;
  materials: Array<{ key: string; status: MaterialStatus }>;
}

export function toDraftForm(model: IntakeModel, title: string): DraftForm {
  const form: DraftForm = {
    title,
    target: model.target,
    applicant: applicantInput(model),
    channel: model.channel,
    ticketNumber: model.ticketNumber,
    note: model.note,
    materials: Object.entries(model.materials)
      .filter((entry): entry is [string, MaterialStatus] => entry[1] !== null)
      .map(([key, status]) => ({ key, status })),
  };
  if (model.hasAgent) form.agent = { ...model.agent };
  return form;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const idTypeOf = (value: unknown): IdType => ((idTypes as readonly unknown[]).includes(value) ? (value as IdType) : 'resident_id');

function targetOf(value: unknown): IntakeTarget | null {
  const t = record(value);
  if (t.kind === 'matter' && typeof t.matterCode === 'string' && t.matterCode) return { kind: 'matter', matterCode: t.matterCode };
  if (t.kind === 'bundle' && typeof t.bundleCode === 'string' && t.bundleCode) return { kind: 'bundle', bundleCode: t.bundleCode };
  return null;
}

/** A saved draft back into the form; anything unreadable falls back to an empty field. */
export function fromDraftForm(value: unknown): IntakeModel {
  const form = record(value);
  const model = emptyModel();
  model.target = targetOf(form.target);
  const applicant = record(form.applicant);
  if (applicant.type === 'enterprise') {
    model.applicantType = 'enterprise';
    model.enterprise = {
      name: text(applicant.name),
      creditCode: text(applicant.creditCode),
      legalRepresentative: text(applicant.legalRepresentative),
      contactName: text(applicant.contactName),
      phone: text(applicant.phone),
      address: text(applicant.address),
    };
  } else {
    model.individual = {
      name: text(applicant.name),
      idType: idTypeOf(applicant.idType),
      idNumber: text(applicant.idNumber),
      phone: text(applicant.phone),
      address: text(applicant.address),
    };
  }
  if (form.agent !== undefined) {
    const agent = record(form.agent);
    model.hasAgent = true;
    model.agent = { name: text(agent.name), idType: idTypeOf(agent.idType), idNumber: text(agent.idNumber), phone: text(agent.phone) };
  }
  model.channel = (channels as readonly unknown[]).includes(form.channel) ? (form.channel as Channel) : 'window';
  model.ticketNumber = text(form.ticketNumber);
  model.note = text(form.note);
  for (const line of Array.isArray(form.materials) ? form.materials : []) {
    const l = record(line);
    if (typeof l.key === 'string' && (materialStatuses as readonly unknown[]).includes(l.status)) model.materials[l.key] = l.status as MaterialStatus;
  }
  return model;
}

/** Verdicts kept for rows still on the (new) checklist; every other row starts unchecked. */
export function alignMaterials(current: Record<string, MaterialStatus | null>, checklist: ChecklistView): Record<string, MaterialStatus | null> {
  const next: Record<string, MaterialStatus | null> = {};
  for (const row of checklist.materials) {
    const status = current[row.key] ?? null;
    next[row.key] = status === 'deferred' && !row.deferrable ? null : status;
  }
  return next;
}
