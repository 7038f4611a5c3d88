/**
 * 好差评 on a second screen: the evaluator window faces the applicant across the counter. It shows
 * only the rating page (#/evaluator), on the secondary display when there is one (full screen,
 * frameless, kiosk-like), otherwise as a frameless always-on-top window on the only display. It has
 * the main window's hardened webPreferences, no session and no API access: it hands the rating to
 * main, main gives it to the main window that asked (which holds the clerk's session and records it
 * through cases/act as the applicant's), and the evaluator closes. In browser mode the renderer uses
 * its dialog instead (src-renderer/src/review/RatingDialog.vue).
 */
import { BrowserWindow, type BrowserWindowConstructorOptions, type Display, type IpcMain, type IpcMainInvokeEvent, type Screen } from 'electron';
import { applicantRatingSchema } from '../domain/lifecycle/actions.ts';
import {
  evaluatorContextChannel,
  evaluatorOpenChannel,
  evaluatorSubmitChannel,
  type EvaluatorCase,
  type EvaluatorResult,
} from './evaluator-bridge.ts';
import { hardenContents, isTrustedSender } from './security.ts';
import type { RendererTarget } from './window.ts';

/** The secondary display (the applicant's) when there is one, else the only one. */
export function evaluatorDisplay(screen: Pick<Screen, 'getAllDisplays' | 'getPrimaryDisplay'>): { display: Display; secondScreen: boolean } {
  const primary = screen.getPrimaryDisplay();
  const other = screen.getAllDisplays().find((d) => d.id !== primary.id);
  return other ? { display: other, secondScreen: true } : { display: primary, secondScreen: false };
}

const singleScreenSize = { width: 760, height: 640 };

/** Where the evaluator sits: the whole second display, kiosk-like, or centred on the only one. */
function evaluatorPlacement(display: Display, secondScreen: boolean): BrowserWindowConstructorOptions {
  if (secondScreen) {
    return { x: display.bounds.x, y: display.bounds.y, width: display.bounds.width, height: display.bounds.height, fullscreen: true, kiosk: true };
  }
  const area = display.workArea;
  return {
    ...singleScreenSize,
    x: Math.round(area.x + (area.width - singleScreenSize.width) / 2),
    y: Math.round(area.y + (area.height - singleScreenSize.height) / 2),
  };
}

function asEvaluatorCase(input: unknown): EvaluatorCase | null {
  if (typeof input !== 'object' || input === null) return null;
  const { caseNumber, matterName, ...rest } = input as Record<string, unknown>;
  if (Object.keys(rest).length > 0) return null;
  if (caseNumber !== null && (typeof caseNumber !== 'string' || caseNumber.length > 64)) return null;
  if (typeof matterName !== 'string' || matterName.length === 0 || matterName.length > 200) return null;
  return { caseNumber, matterName };
}

type SenderEvent = Pick<IpcMainInvokeEvent, 'senderFrame'> & { sender: { id: number } };

export interface EvaluatorOptions {
  target: RendererTarget;
  preloadPath: string;
  /** The main window's webContents id: only it may open the evaluator. */
  mainContentsId: () => number | null;
  screen: Pick<Screen, 'getAllDisplays' | 'getPrimaryDisplay'>;
}

interface Open {
  window: BrowserWindow;
  subject: EvaluatorCase;
  settle: (result: EvaluatorResult) => void;
}

const forbidden: EvaluatorResult = { ok: false, reason: 'forbidden', message: '拒绝请求：评价器只能由一窗通主窗口打开并由评价器提交。' };

export class EvaluatorWindows {
  private readonly options: EvaluatorOptions;
  private open: Open | null = null;

  constructor(options: EvaluatorOptions) {
    this.options = options;
  }

  /** Main window → shows the evaluator; settles with the rating, or cancelled when it is closed. */
  async handleOpen(event: SenderEvent, subject: unknown): Promise<EvaluatorResult> {
    const mainId = this.options.mainContentsId();
    if (mainId === null || event.sender.id !== mainId || !isTrustedSender(event.senderFrame, this.options.target.appUrl)) return refuse('open', event);
    const parsed = asEvaluatorCase(subject);
    if (!parsed) return { ok: false, reason: 'invalid', message: '请求格式无效：应为 { caseNumber, matterName }。' };
    if (this.open) {
      this.open.window.focus();
      return { ok: false, reason: 'busy', message: '评价器已打开，请等申请人评价完成或关闭评价器后再试。' };
    }
    const { display, secondScreen } = evaluatorDisplay(this.options.screen);
    // The options are written out in this call, as in window.ts, so that electronegativity (which
    // reads the BrowserWindow call itself) sees every value; the evaluator test holds the
    // webPreferences equal to the main window's.
    const window = new BrowserWindow({
      ...evaluatorPlacement(display, secondScreen),
      title: '好差评',
      show: false,
      frame: false,
      alwaysOnTop: true,
      skipTaskbar: true,
      resizable: false,
      minimizable: false,
      maximizable: false,
      backgroundColor: '#ffffff',
      autoHideMenuBar: true,
      webPreferences: {
        preload: this.options.preloadPath,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        webviewTag: false,
        navigateOnDragDrop: false,
        spellcheck: false,
        disableBlinkFeatures: 'Auxclick',
      },
    });
    hardenContents(window.webContents, this.options.target.appUrl);
    const result = new Promise<EvaluatorResult>((resolve) => {
      this.open = { window, subject: parsed, settle: resolve };
    });
    window.on('closed', () => this.settle({ ok: false, reason: 'cancelled', message: '申请人未评价，评价器已关闭。' }));
    window.once('ready-to-show', () => window.show());
    const target = this.options.target;
    const loading = target.kind === 'file' ? window.loadFile(target.path, { hash: '/evaluator' }) : window.loadURL(`${target.url}#/evaluator`);
    loading.catch((error: unknown) => {
      console.error(`[evaluator] 评价页加载失败：${String(error)}`);
      this.close();
    });
    return result;
  }

  /** Evaluator → the case it rates. */
  handleContext(event: SenderEvent): EvaluatorCase | null {
    return this.fromEvaluator(event) ? (this.open?.subject ?? null) : null;
  }

  /** Evaluator → the rating; a malformed one is refused and the evaluator stays open. */
  handleSubmit(event: SenderEvent, rating: unknown): EvaluatorResult {
    if (!this.fromEvaluator(event)) return refuse('submit', event);
    const parsed = applicantRatingSchema.safeParse(rating);
    if (!parsed.success) return { ok: false, reason: 'invalid', message: '评价内容无效：请选择 1–5 级总体评价，分项评价三项都评或都不评，意见不超过 500 字。' };
    const result: EvaluatorResult = { ok: true, rating: parsed.data };
    this.settle(result);
    return result;
  }

  /** Closes the evaluator (the main window closed, or the app quits); a pending request is cancelled. */
  close(): void {
    const window = this.open?.window;
    this.settle({ ok: false, reason: 'cancelled', message: '评价器已关闭。' });
    if (window && !window.isDestroyed()) window.close();
  }

  private fromEvaluator(event: SenderEvent): boolean {
    const open = this.open;
    return open !== null && !open.window.isDestroyed() && event.sender.id === open.window.webContents.id && isTrustedSender(event.senderFrame, this.options.target.appUrl);
  }

  private settle(result: EvaluatorResult): void {
    const open = this.open;
    if (!open) return;
    this.open = null;
    open.settle(result);
    if (result.ok && !open.window.isDestroyed()) open.window.close();
  }
}

function refuse(what: string, event: SenderEvent): EvaluatorResult {
  console.warn(`[security] refused evaluator ${what} from ${event.senderFrame?.url ?? 'a destroyed frame'}`);
  return forbidden;
}

/** Registers the three channels; returns a function that removes them. */
export function registerEvaluatorChannels(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, evaluator: EvaluatorWindows): () => void {
  ipcMain.handle(evaluatorOpenChannel, (event, subject: unknown) => evaluator.handleOpen(event, subject));
  ipcMain.handle(evaluatorContextChannel, (event) => evaluator.handleContext(event));
  ipcMain.handle(evaluatorSubmitChannel, (event, rating: unknown) => evaluator.handleSubmit(event, rating));
  return () => {
    for (const channel of [evaluatorOpenChannel, evaluatorContextChannel, evaluatorSubmitChannel]) ipcMain.removeHandler(channel);
  };
}
