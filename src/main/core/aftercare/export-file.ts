/**
 * Exported files (`.eml`, post-mortem Markdown): the `SaveFile` port the hosts implement
 * (`../../node/export-folder.ts` writes into a folder, the Electron host may show a save dialog)
 * and the safe file name both use.
 */

/** Saves one file and answers its full path; the Electron host may show a save dialog instead. */
export type SaveFile = (suggestedName: string, content: string) => Promise<string>;

/** The extension of the last path segment (`.md`), or `''` (as `path.extname` answers). */
function extensionOf(name: string): string {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 || base === '..' ? '' : base.slice(dot);
}

/** A safe file name: letters, digits, dot, dash and underscore only, at most 100 characters. */
export function safeFileName(name: string): string {
  const ext = extensionOf(name);
  const stem = name
    .slice(0, name.length - ext.length)
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 90);
  return `${stem || 'export'}${ext.replace(/[^A-Za-z0-9.]/g, '')}`;
}
