import { contextBridge, ipcRenderer } from 'electron';
import { apiChannel, type OneWindowBridge } from './bridge.ts';

const bridge: OneWindowBridge = {
  invoke: (name, input, token) => ipcRenderer.invoke(apiChannel, { name, input, token }),
};

contextBridge.exposeInMainWorld('onewindow', bridge);
