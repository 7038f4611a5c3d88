import { contextBridge, ipcRenderer } from 'electron';
import { apiChannel, type OneWindowBridge } from './bridge.ts';
import { createShellBridge } from './print.ts';

const bridge: OneWindowBridge = {
  invoke: (name, input, token) => ipcRenderer.invoke(apiChannel, { name, input, token }),
};

contextBridge.exposeInMainWorld('onewindow', bridge);
// Printing is the shell's, not the API's: it prints the window itself (print view only).
contextBridge.exposeInMainWorld('onewindowShell', createShellBridge((channel, ...args) => ipcRenderer.invoke(channel, ...args)));
