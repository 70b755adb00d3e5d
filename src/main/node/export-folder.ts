/**
 * The Node side of the `SaveFile` port (`core/aftercare/export-file.ts`): writes an exported file
 * where the user can find it, a folder the host chose (`<dataDir>/exports/`), never overwriting an
 * earlier export.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { safeFileName, type SaveFile } from '../core/aftercare/export-file.js';

/** A `SaveFile` that writes into `dir` (created 0700), adding `-2`, `-3`… when a name is taken. */
export function saveToFolder(dir: string): SaveFile {
  return async (suggestedName, content) => {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const name = safeFileName(suggestedName);
    const ext = extname(name);
    const stem = name.slice(0, name.length - ext.length);
    let path = join(dir, name);
    for (let n = 2; existsSync(path); n += 1) path = join(dir, `${stem}-${n}${ext}`);
    writeFileSync(path, content, { mode: 0o600, flag: 'wx' });
    return path;
  };
}
