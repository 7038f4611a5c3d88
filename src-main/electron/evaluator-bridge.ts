/**
 * The 好差评 evaluator's part of `window.onewindowShell` (see evaluator.ts). Kept free of runtime
 * imports so the sandboxed preload can load it.
 */
export const evaluatorOpenChannel = 'onewindow:evaluator-open';
export const evaluatorContextChannel = 'onewindow:evaluator-context';
export const evaluatorSubmitChannel = 'onewindow:evaluator-submit';

/** What the applicant is shown about the case they rate (no personal data). */
export interface EvaluatorCase {
  caseNumber: string | null;
  matterName: string;
}

/** The applicant's rating as the evaluator submits it (mirrored in src-renderer/src/review/rating.ts). */
export interface EvaluatorRating {
  level: number;
  indicators?: { efficiency: number; competence: number; attitude: number };
  comment?: string;
}

export type EvaluatorResult =
  | { ok: true; rating: EvaluatorRating }
  | { ok: false; reason: 'cancelled' | 'forbidden' | 'invalid' | 'busy'; message: string };

export interface EvaluatorShell {
  /** Main window: shows the evaluator to the applicant; resolves with their rating, or cancelled when closed. */
  evaluate(subject: EvaluatorCase): Promise<EvaluatorResult>;
  /** Evaluator window: the case being rated. */
  evaluatorCase(): Promise<EvaluatorCase | null>;
  /** Evaluator window: hands the rating to the main window; the evaluator then closes. */
  submitEvaluation(rating: EvaluatorRating): Promise<EvaluatorResult>;
}

export function createEvaluatorBridge(invoke: (channel: string, ...args: unknown[]) => Promise<unknown>): EvaluatorShell {
  return {
    evaluate: (subject) => invoke(evaluatorOpenChannel, subject) as Promise<EvaluatorResult>,
    evaluatorCase: () => invoke(evaluatorContextChannel) as Promise<EvaluatorCase | null>,
    submitEvaluation: (rating) => invoke(evaluatorSubmitChannel, rating) as Promise<EvaluatorResult>,
  };
}
