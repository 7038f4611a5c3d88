/**
 * Printing from the print view. In the Electron app the preload exposes `window.onewindowShell`
 * (src-main/electron/print.ts, a second object beside `window.onewindow`): main opens the system
 * print dialog, or renders the page to PDF and asks where to save it. In browser mode there is no
 * shell: the browser's own print dialog does both (its "另存为 PDF" destination is the PDF).
 *
 * The result shape mirrors src-main/electron/print.ts (the renderer may not import main code).
 */
import type { EvaluatorShell } from '../review/evaluator.ts';

export type ShellResult =
  | { ok: true; path?: string }
  | { ok: false; reason: 'cancelled' | 'forbidden' | 'invalid' | 'failed'; message: string };

export interface OneWindowShell {
  print(): Promise<ShellResult>;
  saveAsPdf(suggestedName: string): Promise<ShellResult>;
}

declare global {
  interface Window {
    /** Present in the Electron app (exposed by the preload); absent in browser mode. */
    onewindowShell?: OneWindowShell & Partial<EvaluatorShell>;
  }
}

export function shellOf(win: Window = window): OneWindowShell | null {
  return win.onewindowShell ?? null;
}

/** Prints the current page; throws a Chinese Error when the print did not happen (not on cancel). */
export async function printPage(win: Window = window): Promise<'printed' | 'cancelled'> {
  const shell = shellOf(win);
  if (!shell) {
    // Blocks until the dialog closes; the browser does not tell whether it printed.
    win.print();
    return 'printed';
  }
  const result = await shell.print();
  if (result.ok) return 'printed';
  if (result.reason === 'cancelled') return 'cancelled';
  throw new Error(result.message);
}
