/** The Node side of the `ReadText` port (`core/aftercare/template-files.ts`): one UTF-8 file. */
import { readFileSync } from 'node:fs';
import type { ReadText } from '../core/aftercare/template-files.js';

/** Reads `path` as UTF-8; throws as `readFileSync` does (the caller reports the error code). */
export const readTextFile: ReadText = (path) => readFileSync(path, 'utf8');
