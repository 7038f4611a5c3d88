import type {
  ApplicantProfileView,
  AttachmentView,
  CatalogueView,
  ChecklistView,
  DuplicateCaseView,
  IntakeResultView,
  WindowDecision,
} from '@domain/api/views.ts';
import { maxAttachmentMiB } from '@domain/api/contract.ts';
import { checkCreditCode } from '@domain/identity/credit-code.ts';
import { checkResidentId } from '@domain/identity/resident-id.ts';
import { refusalSchema, type IntakeTarget, type MaterialStatus } from '@domain/intake/form.ts';
import { defineStore } from 'pinia';
import { computed, reactive, ref } from 'vue';
import { messageOf, reportError } from '../shared/api/errors.ts';
import { request, wasHandled } from '../shared/api/request.ts';
import { fieldSchema, firstIssue } from '../shared/forms/validation.ts';
import { buildTargetOptions, targetValue, type TargetOption } from './catalogue.ts';
import { duplicatesOf, fieldErrorsOf } from './errors.ts';
import { alignMaterials, buildIntake, emptyModel, fromDraftForm, normalizeId, todayInChina, toDraftForm, type IntakeModel } from './model.ts';

export type DecisionKind = 'accept' | 'notice' | 'refuse';

export const decisionOperation = { accept: 'intake/accept', notice: 'intake/notice', refuse: 'intake/refuse' } as const;

export type DecideOutcome =
  | { kind: 'done'; result: IntakeResultView }
  | { kind: 'invalid'; fields: string[] }
  | { kind: 'duplicates'; duplicates: DuplicateCaseView[] }
  | { kind: 'failed' };

export interface ResultContext {
  decision: WindowDecision;
  title: string;
  applicantName: string;
  isBundle: boolean;
}

/** Who the lookup is for: `id:<number>` or `credit:<code>`, once the number is complete and valid. */
export function lookupKeyOf(model: IntakeModel, today: string): string | null {
  if (model.applicantType === 'enterprise') {
    const check = checkCreditCode(model.enterprise.creditCode);
    return check.ok ? `credit:${check.normalized}` : null;
  }
  const { idType, idNumber } = model.individual;
  if (idType === 'resident_id') {
    const check = checkResidentId(idNumber, today);
    return check.ok ? `id:${check.normalized}` : null;
  }
  const id = normalizeId(idNumber);
  return id.length >= 6 ? `id:${id}` : null;
}

function lookupInput(key: string): { idNumber: string } | { creditCode: string } {
  return key.startsWith('credit:') ? { creditCode: key.slice(7) } : { idNumber: key.slice(3) };
}

async function fileToBase64(file: Blob): Promise<string> {
  const url = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(new Error(reader.error?.message ?? '读取文件失败'));
    reader.readAsDataURL(file);
  });
  const comma = url.indexOf(',');
  return comma >= 0 ? url.slice(comma + 1) : '';
}

/**
 * The 一窗受理 screen's state. Kept in a store so that printing a notice and coming back shows
 * the result again; cleared when another clerk logs in at this counter.
 */
export const useIntakeStore = defineStore('intake', () => {
  const ownerId = ref<string | null>(null);

  const catalogue = ref<CatalogueView | null>(null);
  const catalogueError = ref<string | null>(null);
  const catalogueLoading = ref(false);
  const options = computed<TargetOption[]>(() => (catalogue.value ? buildTargetOptions(catalogue.value) : []));

  const model = reactive<IntakeModel>(emptyModel());
  const checklist = ref<ChecklistView | null>(null);
  const checklistLoading = ref(false);
  const checklistError = ref<string | null>(null);

  const draftId = ref<string | null>(null);
  const draftSavedAt = ref<string | null>(null);
  const savedSnapshot = ref<string>(JSON.stringify(toDraftForm(emptyModel(), '')));
  const attachments = ref<AttachmentView[]>([]);
  const scanErrors = reactive<Record<string, string>>({});
  const scanBusy = reactive<Record<string, boolean>>({});

  const acknowledged = ref<string[]>([]);
  const duplicates = ref<DuplicateCaseView[]>([]);
  const duplicatesError = ref<string | null>(null);

  const profile = ref<ApplicantProfileView | null>(null);
  const profileKey = ref<string | null>(null);
  const profileApplied = ref(false);
  const lookupError = ref<string | null>(null);

  // Field messages: the schema's, shown once a field was left (or on submit); main's, until edited.
  const touched = reactive(new Set<string>());
  const submitMode = ref<null | 'full' | 'refuse'>(null);
  const serverErrors = reactive<Record<string, string>>({});

  const busy = ref<null | DecisionKind | 'save'>(null);
  const result = ref<IntakeResultView | null>(null);
  const resultContext = ref<ResultContext | null>(null);

  const selected = computed<TargetOption | null>(() => {
    const target = model.target;
    if (!target) return null;
    const value = targetValue(target);
    return options.value.find((o) => o.value === value) ?? null;
  });
  const title = computed(() => checklist.value?.title ?? selected.value?.name ?? '');
  const applicantName = computed(() => (model.applicantType === 'individual' ? model.individual.name : model.enterprise.name));

  const built = computed(() =>
    buildIntake(model, checklist.value, { requireVerdicts: submitMode.value === 'full', acknowledged: acknowledged.value, draftId: draftId.value }),
  );

  /** Complete numbers show their check result as they are typed; anything else waits for the field to be left. */
  function isLive(path: string): boolean {
    if (path === 'applicant.idNumber') return model.applicantType === 'individual' && normalizeId(model.individual.idNumber).length >= 18;
    if (path === 'agent.idNumber') return normalizeId(model.agent.idNumber).length >= 18;
    if (path === 'applicant.creditCode') return normalizeId(model.enterprise.creditCode).length >= 18;
    return false;
  }

  function messageAt(path: string): string {
    const fromMain = serverErrors[path];
    if (fromMain) return fromMain;
    const message = built.value.errors.get(path);
    if (!message) return '';
    return submitMode.value !== null || touched.has(path) || isLive(path) ? message : '';
  }

  function touch(path: string): void {
    touched.add(path);
  }

  /** The clerk changed the field: main's old verdict on it no longer applies. */
  function edited(path: string): void {
    delete serverErrors[path];
    if (path.startsWith('materials.')) delete serverErrors.materials;
  }

  function clearMessages(): void {
    touched.clear();
    submitMode.value = null;
    for (const key of Object.keys(serverErrors)) delete serverErrors[key];
  }

  const dirty = computed(() => JSON.stringify(toDraftForm(model, '')) !== savedSnapshot.value);

  function reset(): void {
    Object.assign(model, emptyModel());
    checklist.value = null;
    checklistError.value = null;
    draftId.value = null;
    draftSavedAt.value = null;
    savedSnapshot.value = JSON.stringify(toDraftForm(emptyModel(), ''));
    attachments.value = [];
    for (const key of Object.keys(scanErrors)) delete scanErrors[key];
    acknowledged.value = [];
    duplicates.value = [];
    duplicatesError.value = null;
    profile.value = null;
    profileKey.value = null;
    profileApplied.value = false;
    lookupError.value = null;
    result.value = null;
    resultContext.value = null;
    busy.value = null;
    clearMessages();
  }

  /** A different clerk at this counter starts from a clean screen. */
  function claim(userId: string | null): void {
    if (ownerId.value !== userId) {
      reset();
      ownerId.value = userId;
    }
  }

  async function loadCatalogue(force = false): Promise<void> {
    if (catalogue.value && !force) return;
    catalogueLoading.value = true;
    try {
      catalogue.value = await request('catalogue/get', {});
      catalogueError.value = null;
    } catch (error) {
      catalogueError.value = wasHandled(error) ? null : messageOf(error);
    } finally {
      catalogueLoading.value = false;
    }
  }

  let checklistSeq = 0;
  async function loadChecklist(target: IntakeTarget | null): Promise<void> {
    const seq = ++checklistSeq;
    checklistError.value = null;
    if (!target) {
      checklist.value = null;
      model.materials = {};
      return;
    }
    checklistLoading.value = true;
    try {
      const found = await request('catalogue/checklist', { target });
      if (seq !== checklistSeq) return;
      checklist.value = found;
      model.materials = alignMaterials(model.materials, found);
      edited('target');
      delete serverErrors.materials;
    } catch (error) {
      if (seq !== checklistSeq) return;
      checklist.value = null;
      checklistError.value = wasHandled(error) ? null : messageOf(error);
    } finally {
      if (seq === checklistSeq) checklistLoading.value = false;
    }
  }

  async function chooseTarget(target: IntakeTarget | null): Promise<void> {
    model.target = target;
    edited('target');
    await loadChecklist(target);
  }

  function setMaterial(key: string, status: MaterialStatus | null): void {
    model.materials[key] = status;
    edited(`materials.${key}`);
  }

  /** 全部已收取: every row received; the clerk then marks what is missing. */
  function markAllReceived(): void {
    for (const row of checklist.value?.materials ?? []) setMaterial(row.key, 'received');
  }

  let lookupSeq = 0;
  async function lookup(key: string | null): Promise<void> {
    const seq = ++lookupSeq;
    lookupError.value = null;
    if (key === profileKey.value && profile.value) return;
    profile.value = null;
    profileKey.value = key;
    profileApplied.value = false;
    if (key === null) return;
    try {
      const found = await request('applicants/find', lookupInput(key));
      if (seq !== lookupSeq) return;
      profile.value = found;
    } catch (error) {
      if (seq !== lookupSeq) return;
      lookupError.value = wasHandled(error) ? null : `未能查询申请人以往信息：${messageOf(error)}`;
    }
  }

  /** Fills the fields from the returning applicant's last intake (the clerk checks them with the applicant). */
  function applyProfile(): boolean {
    const p = profile.value;
    if (!p) return false;
    if (model.applicantType === 'individual' && p.type === 'individual') {
      model.individual.name = p.name;
      if (p.phone) model.individual.phone = p.phone;
      if (p.address) model.individual.address = p.address;
      for (const field of ['name', 'phone', 'address']) edited(`applicant.${field}`);
    } else if (model.applicantType === 'enterprise' && p.type === 'enterprise') {
      model.enterprise.name = p.name;
      if (p.legalRepresentative) model.enterprise.legalRepresentative = p.legalRepresentative;
      if (p.contactName) model.enterprise.contactName = p.contactName;
      if (p.phone) model.enterprise.phone = p.phone;
      if (p.address) model.enterprise.address = p.address;
      for (const field of ['name', 'legalRepresentative', 'contactName', 'phone', 'address']) edited(`applicant.${field}`);
    } else {
      return false;
    }
    profileApplied.value = true;
    return true;
  }

  let duplicateSeq = 0;
  async function checkDuplicates(key: string | null): Promise<DuplicateCaseView[]> {
    const seq = ++duplicateSeq;
    duplicatesError.value = null;
    const target = model.target;
    if (!target || key === null) {
      duplicates.value = [];
      return [];
    }
    try {
      const found = await request('intake/duplicates', { target, ...lookupInput(key) });
      if (seq === duplicateSeq) duplicates.value = found;
      return found;
    } catch (error) {
      if (seq === duplicateSeq) duplicatesError.value = wasHandled(error) ? null : `未能检查重复办件：${messageOf(error)}`;
      throw error;
    }
  }

  function acknowledge(ids: readonly string[]): void {
    acknowledged.value = [...new Set([...acknowledged.value, ...ids])];
  }

  // ---- Drafts and scans ----

  async function saveDraft(): Promise<boolean> {
    if (busy.value) return false;
    busy.value = 'save';
    try {
      const form = toDraftForm(model, title.value);
      const saved = await request('intake/saveDraft', { draftId: draftId.value ?? undefined, form: { ...form } });
      draftId.value = saved.draftId;
      draftSavedAt.value = saved.updatedAt;
      savedSnapshot.value = JSON.stringify(toDraftForm(model, ''));
      return true;
    } catch (error) {
      reportError(error);
      return false;
    } finally {
      busy.value = null;
    }
  }

  /** A scan belongs to a draft: the first scan saves one. */
  async function ensureDraft(): Promise<string> {
    if (draftId.value) return draftId.value;
    const saved = await request('intake/saveDraft', { form: { ...toDraftForm(model, title.value) } });
    draftId.value = saved.draftId;
    draftSavedAt.value = saved.updatedAt;
    savedSnapshot.value = JSON.stringify(toDraftForm(model, ''));
    return saved.draftId;
  }

  async function addScan(materialKey: string, file: File): Promise<boolean> {
    delete scanErrors[materialKey];
    const limit = maxAttachmentMiB * 1024 * 1024;
    if (file.size > limit) {
      scanErrors[materialKey] = `文件过大（${(file.size / 1048576).toFixed(1)} MB）：扫描件最大 ${maxAttachmentMiB} MB，请降低分辨率或分页扫描。`;
      return false;
    }
    scanBusy[materialKey] = true;
    try {
      const dataBase64 = await fileToBase64(file);
      const issue =
        firstIssue(fieldSchema('attachments/add', 'fileName'), file.name) ?? firstIssue(fieldSchema('attachments/add', 'dataBase64'), dataBase64);
      if (issue) {
        scanErrors[materialKey] = issue;
        return false;
      }
      const id = await ensureDraft();
      const added = await request('attachments/add', { draftId: id, materialKey, fileName: file.name, dataBase64 });
      attachments.value = [...attachments.value, added];
      return true;
    } catch (error) {
      if (!wasHandled(error)) scanErrors[materialKey] = messageOf(error);
      return false;
    } finally {
      delete scanBusy[materialKey];
    }
  }

  async function removeScan(attachment: AttachmentView): Promise<void> {
    if (!draftId.value) return;
    delete scanErrors[attachment.materialKey];
    try {
      await request('attachments/remove', { draftId: draftId.value, attachmentId: attachment.id });
      attachments.value = attachments.value.filter((a) => a.id !== attachment.id);
    } catch (error) {
      if (!wasHandled(error)) scanErrors[attachment.materialKey] = messageOf(error);
    }
  }

  async function resumeDraft(id: string): Promise<boolean> {
    try {
      const draft = await request('intake/getDraft', { draftId: id });
      reset();
      const restored = fromDraftForm(draft.form);
      Object.assign(model, restored);
      draftId.value = draft.draftId;
      draftSavedAt.value = draft.updatedAt;
      attachments.value = draft.attachments;
      if (restored.target) await loadChecklist(restored.target);
      savedSnapshot.value = JSON.stringify(toDraftForm(model, ''));
      return true;
    } catch (error) {
      reportError(error);
      return false;
    }
  }

  // ---- The decision ----

  /** The fields in the way of this decision (shown at once); empty when the form may go to main. */
  function check(kind: DecisionKind): string[] {
    submitMode.value = kind === 'refuse' ? 'refuse' : 'full';
    return [...built.value.errors.keys()];
  }

  function failWith(fields: Array<{ field: string; message: string }>): DecideOutcome {
    for (const { field, message } of fields) serverErrors[field] = message;
    return { kind: 'invalid', fields: fields.map((f) => f.field) };
  }

  /**
   * 受理 / 一次性告知 / 不予受理. Checks the form with the API table's schema first (nothing is sent
   * while a field is wrong), then looks for earlier cases of the same applicant and matter.
   */
  async function decide(kind: DecisionKind, refusalReason?: string): Promise<DecideOutcome> {
    if (busy.value) return { kind: 'failed' };
    for (const key of Object.keys(serverErrors)) delete serverErrors[key];
    submitMode.value = kind === 'refuse' ? 'refuse' : 'full';
    const { input, lineKeys } = built.value;
    const errors = new Map(built.value.errors);
    if (kind === 'refuse') {
      const issue = firstIssue(refusalSchema, refusalReason ?? '');
      if (issue) {
        errors.set('refusalReason', issue);
        serverErrors.refusalReason = issue;
      }
    }
    if (errors.size > 0) return { kind: 'invalid', fields: [...errors.keys()] };

    busy.value = kind;
    try {
      if (kind !== 'refuse') {
        const key = lookupKeyOf(model, todayInChina());
        const found = key ? await checkDuplicates(key) : [];
        const pending = found.filter((d) => !acknowledged.value.includes(d.id));
        if (pending.length > 0) return { kind: 'duplicates', duplicates: pending };
      }
      const context: ResultContext = {
        decision: kind === 'accept' ? 'accepted' : kind === 'notice' ? 'notice' : 'refused',
        title: title.value,
        applicantName: applicantName.value,
        isBundle: model.target?.kind === 'bundle',
      };
      const done =
        kind === 'refuse'
          ? await request('intake/refuse', { ...input, refusalReason: refusalReason ?? '' })
          : await request(decisionOperation[kind], input);
      result.value = done;
      resultContext.value = context;
      draftId.value = null;
      return { kind: 'done', result: done };
    } catch (error) {
      const earlier = duplicatesOf(error);
      if (earlier) {
        duplicates.value = earlier;
        const pending = earlier.filter((d) => !acknowledged.value.includes(d.id));
        return { kind: 'duplicates', duplicates: pending.length > 0 ? pending : earlier };
      }
      const fields = fieldErrorsOf(error, lineKeys);
      if (fields.length > 0) return failWith(fields);
      reportError(error);
      return { kind: 'failed' };
    } finally {
      busy.value = null;
    }
  }

  return {
    ownerId,
    catalogue,
    catalogueError,
    catalogueLoading,
    options,
    model,
    checklist,
    checklistLoading,
    checklistError,
    draftId,
    draftSavedAt,
    attachments,
    scanErrors,
    scanBusy,
    acknowledged,
    duplicates,
    duplicatesError,
    profile,
    profileKey,
    profileApplied,
    lookupError,
    submitMode,
    serverErrors,
    busy,
    result,
    resultContext,
    selected,
    title,
    applicantName,
    built,
    dirty,
    messageAt,
    touch,
    edited,
    clearMessages,
    reset,
    claim,
    loadCatalogue,
    loadChecklist,
    chooseTarget,
    setMaterial,
    markAllReceived,
    lookup,
    applyProfile,
    checkDuplicates,
    acknowledge,
    saveDraft,
    ensureDraft,
    addScan,
    removeScan,
    resumeDraft,
    check,
    decide,
  };
});
