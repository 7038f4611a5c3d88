import { contextBridge, ipcRenderer } from 'electron';
import { apiChannel, type OneWindowBridge } from './bridge.ts';
import { createDownloadBridge } from './download-bridge.ts';
import { createEvaluatorBridge } from './evaluator-bridge.ts';
import { createShellBridge } from './print.ts';

const bridge: OneWindowBridge = {
  invoke: (name, input, token) => ipcRenderer.invoke(apiChannel, { name, input, token }),
};

contextBridge.exposeInMainWorld('onewindow', bridge);
// Printing and the 好差评 evaluator are the shell's, not the API's: main checks which window asks.
const invoke = (channel: string, ...args: unknown[]) => ipcRenderer.invoke(channel, ...args);
contextBridge.exposeInMainWorld('onewindowShell', { ...createShellBridge(invoke), ...createEvaluatorBridge(invoke), ...createDownloadBridge(invoke) });
