import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { targetValue, type TargetOption } from './catalogue.ts';
import { buildIntake } from './model.ts';
import { forgetOnLogout } from '../session/forget.ts';
import { createReturningApplicantState } from './state/applicant-lookup.ts';
import { createCatalogueState } from './state/catalogue.ts';
import { createChecklistState } from './state/checklist.ts';
import { createDecisionState } from './state/decision.ts';
import { createDraftsState, type IntakeBusy } from './state/drafts.ts';
import { createDuplicatesState } from './state/duplicates.ts';
import { createFormState } from './state/form.ts';
import { createScansState } from './state/scans.ts';

export { lookupKeyOf } from './state/applicant-lookup.ts';
export { decisionOperation, type DecideOutcome, type DecisionKind, type ResultContext } from './state/decision.ts';

/**
 * The 一窗受理 screen's state. Kept in a store so that printing a notice and coming back shows
 * the result again; cleared when another clerk logs in at this counter. Each concern lives in
 * `state/` (catalogue, checklist, returning applicant, duplicates, drafts, scans, the decision);
 * this store joins them and owns what they share: the form, the busy flag and the messages.
 */
export const useIntakeStore = defineStore('intake', () => {
  const ownerId = ref<string | null>(null);
  const busy = ref<IntakeBusy>(null);

  const form = createFormState();
  const { model, submitMode, serverErrors } = form;
  const catalogue = createCatalogueState();
  const checklist = createChecklistState(form);
  const returning = createReturningApplicantState(form);
  const duplicates = createDuplicatesState(form);

  const selected = computed<TargetOption | null>(() => {
    const target = model.target;
    if (!target) return null;
    const value = targetValue(target);
    return catalogue.options.value.find((o) => o.value === value) ?? null;
  });
  const title = computed(() => checklist.checklist.value?.title ?? selected.value?.name ?? '');
  const applicantName = computed(() => (model.applicantType === 'individual' ? model.individual.name : model.enterprise.name));

  const drafts = createDraftsState(form, { title, busy, resetAll: () => reset(), loadChecklist: checklist.loadChecklist });
  const scans = createScansState(drafts);

  const built = computed(() =>
    buildIntake(model, checklist.checklist.value, {
      requireVerdicts: submitMode.value === 'full',
      acknowledged: duplicates.acknowledged.value,
      draftId: drafts.draftId.value,
    }),
  );

  const decision = createDecisionState(form, { built, title, applicantName, busy, draftId: drafts.draftId, duplicates });

  /** The message at a field: main's until edited, else the schema's once it may be shown. */
  function messageAt(path: string): string {
    const fromMain = serverErrors[path];
    if (fromMain) return fromMain;
    const message = built.value.errors.get(path);
    if (!message) return '';
    return submitMode.value !== null || form.touched.has(path) || form.isLive(path) ? message : '';
  }

  function reset(): void {
    form.reset();
    checklist.reset();
    drafts.reset();
    scans.reset();
    duplicates.reset();
    returning.reset();
    decision.reset();
    busy.value = null;
  }

  forgetOnLogout(reset);

  /** A different clerk at this counter starts from a clean screen. */
  function resetUnlessOwnedBy(userId: string | null): void {
    if (ownerId.value !== userId) {
      reset();
      ownerId.value = userId;
    }
  }

  return {
    ownerId,
    catalogue: catalogue.catalogue,
    catalogueError: catalogue.catalogueError,
    catalogueLoading: catalogue.catalogueLoading,
    options: catalogue.options,
    model,
    checklist: checklist.checklist,
    checklistLoading: checklist.checklistLoading,
    checklistError: checklist.checklistError,
    draftId: drafts.draftId,
    draftSavedAt: drafts.draftSavedAt,
    attachments: drafts.attachments,
    scanErrors: scans.scanErrors,
    scanBusy: scans.scanBusy,
    acknowledged: duplicates.acknowledged,
    duplicates: duplicates.duplicates,
    duplicatesError: duplicates.duplicatesError,
    profile: returning.profile,
    profileKey: returning.profileKey,
    profileApplied: returning.profileApplied,
    lookupError: returning.lookupError,
    submitMode,
    serverErrors,
    busy,
    result: decision.result,
    resultContext: decision.resultContext,
    selected,
    title,
    applicantName,
    built,
    dirty: drafts.dirty,
    messageAt,
    touch: form.touch,
    edited: form.edited,
    clearMessages: form.clearMessages,
    reset,
    resetUnlessOwnedBy,
    loadCatalogue: catalogue.loadCatalogue,
    loadChecklist: checklist.loadChecklist,
    chooseTarget: checklist.chooseTarget,
    setMaterial: checklist.setMaterial,
    markAllReceived: checklist.markAllReceived,
    lookup: returning.lookup,
    applyProfile: returning.applyProfile,
    checkDuplicates: duplicates.checkDuplicates,
    acknowledge: duplicates.acknowledge,
    saveDraft: drafts.saveDraft,
    ensureDraft: drafts.ensureDraft,
    addScan: scans.addScan,
    removeScan: scans.removeScan,
    resumeDraft: drafts.resumeDraft,
    check: decision.check,
    decide: decision.decide,
  };
});
