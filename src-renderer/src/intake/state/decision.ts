import type { DuplicateCaseView, IntakeResultView, WindowDecision } from '@domain/api/views.ts';
import { refusalSchema } from '@domain/intake/form.ts';
import { ref, type ComputedRef, type Ref } from 'vue';
import { reportError } from '../../shared/api/report-error.ts';
import { request } from '../../shared/api/request.ts';
import { firstIssue } from '../../shared/forms/validation.ts';
import { duplicatesOf, fieldErrorsOf } from '../errors.ts';
import { todayInChina, type BuiltIntake } from '../model.ts';
import { lookupKeyOf } from './applicant-lookup.ts';
import type { IntakeBusy } from './drafts.ts';
import type { DuplicatesState } from './duplicates.ts';
import type { FormState } from './form.ts';

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

interface DecisionDeps {
  built: ComputedRef<BuiltIntake>;
  title: Ref<string>;
  applicantName: Ref<string>;
  busy: Ref<IntakeBusy>;
  draftId: Ref<string | null>;
  duplicates: DuplicatesState;
}

/** 受理 / 一次性告知 / 不予受理 and what came of it (the result panel shows it until 下一位). */
export function createDecisionState(form: FormState, deps: DecisionDeps) {
  const { model, submitMode, serverErrors } = form;
  const { built, busy } = deps;
  const result = ref<IntakeResultView | null>(null);
  const resultContext = ref<ResultContext | null>(null);

  /** The fields in the way of this decision (shown at once); empty when the form may go to main. */
  function check(kind: DecisionKind): string[] {
    submitMode.value = kind === 'refuse' ? 'refuse' : 'full';
    return [...built.value.errors.keys()];
  }

  function failWith(fields: Array<{ field: string; message: string }>): DecideOutcome {
    for (const { field, message } of fields) serverErrors[field] = message;
    return { kind: 'invalid', fields: fields.map((f) => f.field) };
  }

  function contextFor(kind: DecisionKind): ResultContext {
    return {
      decision: kind === 'accept' ? 'accepted' : kind === 'notice' ? 'notice' : 'refused',
      title: deps.title.value,
      applicantName: deps.applicantName.value,
      isBundle: model.target?.kind === 'bundle',
    };
  }

  /**
   * Checks the form with the API table's schema first (nothing is sent while a field is wrong),
   * then looks for earlier cases of the same applicant and matter.
   */
  async function decide(kind: DecisionKind, refusalReason?: string): Promise<DecideOutcome> {
    if (busy.value) return { kind: 'failed' };
    form.clearServerErrors();
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
        const found = key ? await deps.duplicates.checkDuplicates(key) : [];
        const pending = deps.duplicates.pendingOf(found);
        if (pending.length > 0) return { kind: 'duplicates', duplicates: pending };
      }
      const context = contextFor(kind);
      const done =
        kind === 'refuse'
          ? await request('intake/refuse', { ...input, refusalReason: refusalReason ?? '' })
          : await request(decisionOperation[kind], input);
      result.value = done;
      resultContext.value = context;
      deps.draftId.value = null;
      return { kind: 'done', result: done };
    } catch (error) {
      const earlier = duplicatesOf(error);
      if (earlier) {
        deps.duplicates.duplicates.value = earlier;
        const pending = deps.duplicates.pendingOf(earlier);
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

  function reset(): void {
    result.value = null;
    resultContext.value = null;
  }

  return { result, resultContext, check, decide, reset };
}
