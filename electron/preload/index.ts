// The sandboxed preload: built into one CommonJS file (dist-electron/preload.cjs), because a
// sandboxed preload can require nothing but `electron` and a few polyfills.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge.js';

contextBridge.exposeInMainWorld('arbiter', createBridge(ipcRenderer));
