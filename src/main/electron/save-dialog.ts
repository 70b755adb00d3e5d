/**
 * The aftercare exports' `SaveFile` in Electron: a native "Save as" dialog, starting in the user's
 * Downloads folder with the suggested name. Cancelling is an error the UI shows ("not saved").
 */
import { writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { SaveFile } from '../core/aftercare/export-file.js';
import { safeFileName } from '../core/aftercare/export-file.js';

/** `dialog.showSaveDialog`, as far as saving an export needs it. */
export interface SaveDialogLike {
  showSaveDialog(options: {
    title?: string;
    defaultPath?: string;
    filters?: { name: string; extensions: string[] }[];
  }): Promise<{ canceled: boolean; filePath?: string }>;
}

function downloadsOr(downloads: () => string): string {
  try {
    return downloads();
  } catch {
    return homedir();
  }
}

const FILTERS: Record<string, { name: string; extensions: string[] }> = {
  eml: { name: 'Email message', extensions: ['eml'] },
  md: { name: 'Markdown', extensions: ['md'] },
};

/**
 * Builds the Electron `SaveFile`. `downloads` gives `app.getPath('downloads')`; it is asked at save
 * time, so a desktop without a Downloads folder cannot stop the app from starting.
 */
export function createDialogSaveFile(deps: {
  dialog: SaveDialogLike;
  downloads: () => string;
  write?: (path: string, content: string) => Promise<void>;
}): SaveFile {
  const write = deps.write ?? ((path, content) => writeFile(path, content, { mode: 0o600 }));
  return async (suggestedName, content) => {
    const name = safeFileName(suggestedName);
    const extension = name.split('.').pop() ?? '';
    const filter = FILTERS[extension];
    const answer = await deps.dialog.showSaveDialog({
      title: 'Save as',
      defaultPath: join(downloadsOr(deps.downloads), name),
      ...(filter ? { filters: [filter] } : {}),
    });
    if (answer.canceled || !answer.filePath) throw new Error('Not saved: the save was cancelled.');
    await write(answer.filePath, content);
    return answer.filePath;
  };
}
