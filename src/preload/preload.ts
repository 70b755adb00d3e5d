/**
 * The one preload (bundled to `dist/preload/preload.cjs`, CommonJS so it runs sandboxed): exposes
 * `window.zephyr` = { invoke, on } over the contract's names only. See `expose.ts`.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { exposeZephyrApi } from './expose.js';

exposeZephyrApi(contextBridge, ipcRenderer);
