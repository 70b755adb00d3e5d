/**
 * Writes an exported file (`.eml`, post-mortem Markdown) where the user can find it: a folder
 * the host chose (`<dataDir>/exports/` in the Node host), never overwriting an earlier export.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';

/** Saves one file and answers its full path; the Electron host may show a save dialog instead. */
export type SaveFile = (suggestedName: string, content: string) => Promise<string>;

/** A safe file name: letters, digits, dot, dash and underscore only, at most 100 characters. */
export function safeFileName(name: string): string {
  const ext = extname(name);
  const stem = name
    .slice(0, name.length - ext.length)
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 90);
  return `${stem || 'export'}${ext.replace(/[^A-Za-z0-9.]/g, '')}`;
}

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
