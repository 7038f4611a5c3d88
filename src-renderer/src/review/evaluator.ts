/**
 * The 好差评 evaluator on the applicant's screen (Electron only). The preload adds these to
 * `window.onewindowShell` (src-main/electron/evaluator-bridge.ts, mirrored here because the renderer
 * may not import main code); in browser mode they are absent and the rating dialog is used instead.
 */
import type { ApplicantRating } from '@domain/lifecycle/actions.ts';

export interface EvaluatorCase {
  caseNumber: string | null;
  matterName: string;
}

export type EvaluatorResult =
  | { ok: true; rating: ApplicantRating }
  | { ok: false; reason: 'cancelled' | 'forbidden' | 'invalid' | 'busy'; message: string };

export interface EvaluatorShell {
  evaluate(subject: EvaluatorCase): Promise<EvaluatorResult>;
  evaluatorCase(): Promise<EvaluatorCase | null>;
  submitEvaluation(rating: ApplicantRating): Promise<EvaluatorResult>;
}

/** The evaluator's functions when the app runs in Electron; null in browser mode. */
export function evaluatorShell(win: Window = window): EvaluatorShell | null {
  const shell = win.onewindowShell;
  return shell?.evaluate && shell.evaluatorCase && shell.submitEvaluation ? (shell as EvaluatorShell) : null;
}
