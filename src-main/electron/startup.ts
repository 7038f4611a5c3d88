import { dialog, type App } from 'electron';
import { AppError } from '../domain/errors.ts';
import type { BootOptions } from '../host/boot.ts';
import type { ShellSettings } from '../host/service-protocol.ts';
import type { ApiHost } from './ipc.ts';

/** The ServiceHost as the shell sees it (a fake one in tests). */
export interface StoppableHost extends ApiHost {
  readonly movedAsideTo: string | null;
  /** The counter PC's shell settings (kiosk, printer, update server); absent from hosts that have none. */
  readonly shell?: ShellSettings;
  /** Whether the outbox is being sent (the engine's background push or a `sync/` call): the updater waits. */
  readonly syncPushing?: boolean;
  stop(): Promise<void>;
}

export type StartHost = (options: BootOptions) => Promise<StoppableHost>;

export const corruptChoices = ['另存旧文件并重新开始', '退出'] as const;

/**
 * Starts the service thread. An unreadable database gets a choice: keep the old file (renamed)
 * and start a new one, or quit. Any other startup failure is shown and the app quits.
 * Returns null when the app should quit.
 */
export async function startServices(boot: BootOptions, start: StartHost): Promise<StoppableHost | null> {
  try {
    const host = await start(boot);
    if (host.movedAsideTo) {
      await dialog.showMessageBox({
        type: 'info',
        title: '一窗通',
        message: '已新建数据库。',
        detail: `原数据库已改名保留在：\n${host.movedAsideTo}\n请交给技术支持人员检查或恢复。`,
        buttons: ['确定'],
      });
    }
    return host;
  } catch (error) {
    if (error instanceof AppError && error.code === 'STORE_CORRUPT' && !boot.startFresh) {
      const { response } = await dialog.showMessageBox({
        type: 'error',
        title: '一窗通',
        message: error.message,
        detail: '选择「另存旧文件并重新开始」：旧数据库会改名保留（不会删除），程序用新数据库启动。',
        buttons: [...corruptChoices],
        defaultId: 1,
        cancelId: 1,
        noLink: true,
      });
      return response === 0 ? startServices({ ...boot, startFresh: true }, start) : null;
    }
    const message = error instanceof AppError ? error.message : `启动失败：${String(error)}`;
    dialog.showErrorBox('一窗通无法启动', message);
    return null;
  }
}

/**
 * Closes the database cleanly before the process ends: holds the quit until the service thread
 * has stopped (or `timeoutMs` passed, so a wedged thread cannot keep the app open), then quits.
 * `take` hands over the running host once and forgets it.
 */
export function stopServicesBeforeQuit(app: Pick<App, 'on' | 'quit'>, take: () => StoppableHost | null, timeoutMs = 5000): void {
  app.on('will-quit', (event) => {
    const host = take();
    if (!host) return;
    event.preventDefault();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        console.error(`[services] 服务线程 ${timeoutMs} 毫秒内未停止，直接退出。`);
        resolve();
      }, timeoutMs);
    });
    void Promise.race([host.stop(), timeout])
      .catch((error: unknown) => console.error(`[services] 停止服务线程出错：${String(error)}`))
      .finally(() => {
        clearTimeout(timer);
        app.quit();
      });
  });
}
