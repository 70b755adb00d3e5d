/**
 * The team's own templates: the playbook's `customerEmail.templatePath` and
 * `postMortem.templatePath` (`comms/incident-email-template.md`, `runbooks/post-mortem-template.md`).
 * Read from the local checkout of the platform repo when Settings names one, else next to the
 * playbook file; with neither, the built-in template ships. A team file that cannot be read or
 * is empty falls back to the built-in one with a note saying which file and why. Every answer
 * says which template it is (`source`), so the editor can show it.
 */
import {
  DEFAULT_CUSTOMER_EMAIL_TEMPLATE,
  DEFAULT_POST_MORTEM_TEMPLATE,
} from '../../../shared/aftercare/default-templates.js';
import type { TemplateView } from '../../../shared/aftercare/views.js';
import type { Playbook } from '../../../shared/playbook.js';

/** Which template. */
export type TemplateKind = 'customer-email' | 'post-mortem';

/** Reads a UTF-8 text file (throws like `readFileSync`, with a `code` such as `ENOENT`). */
export type ReadText = (path: string) => string;

/** Where team templates may live; empty or absent means not configured. */
export interface TemplateRoots {
  /** The local checkout of the platform repo (Settings → Platform repo checkout). */
  repoPath?: string;
  /** The playbook file the playbook came from. */
  playbookFile?: string;
}

const BUILT_IN_SOURCE = 'Built-in template (no team template configured).';

function isAbsolutePath(p: string): boolean {
  return p.startsWith('/') || p.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(p);
}

function folderOf(file: string): string {
  const i = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return i <= 0 ? (i === 0 ? '/' : '.') : file.slice(0, i);
}

function joinPath(folder: string, rel: string): string {
  return isAbsolutePath(rel) ? rel : `${folder.replace(/[\\/]+$/, '')}/${rel}`;
}

/** The team file's path for `kind` under `roots`, or `null` when no root is configured. */
export function teamTemplatePath(
  kind: TemplateKind,
  playbook: Playbook,
  roots: TemplateRoots,
): { path: string; where: string } | null {
  const rel =
    kind === 'customer-email'
      ? playbook.customerEmail.templatePath
      : playbook.postMortem.templatePath;
  const repo = roots.repoPath?.trim();
  if (repo) return { path: joinPath(repo, rel), where: 'the platform repo checkout' };
  if (roots.playbookFile) {
    return { path: joinPath(folderOf(roots.playbookFile), rel), where: 'the playbook folder' };
  }
  return null;
}

/**
 * The template of `kind`: the team's file (see `teamTemplatePath`) when configured, readable and
 * not blank, else the built-in one, with a note when the team's file could not be used.
 */
export function loadTemplate(
  kind: TemplateKind,
  playbook: Playbook,
  roots: TemplateRoots,
  readText: ReadText,
): TemplateView {
  const fallback =
    kind === 'customer-email' ? DEFAULT_CUSTOMER_EMAIL_TEMPLATE : DEFAULT_POST_MORTEM_TEMPLATE;
  const team = teamTemplatePath(kind, playbook, roots);
  if (!team) return { text: fallback, origin: 'default', note: null, source: BUILT_IN_SOURCE };
  const { path } = team;
  const field =
    kind === 'customer-email' ? 'customerEmail.templatePath' : 'postMortem.templatePath';
  const builtIn = (note: string): TemplateView => ({
    text: fallback,
    origin: 'default',
    note,
    source: `Built-in template (the team template ${path} could not be used).`,
  });
  try {
    const text = readText(path);
    if (text.trim() === '') {
      return builtIn(`The team template ${path} (${field}) is empty: using the built-in template.`);
    }
    return { text, origin: path, note: null, source: `Team template: ${path} (${team.where}).` };
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why = (code && WHY_UNREADABLE[code]) ?? 'could not be read';
    return builtIn(`The team template ${path} (${field}) ${why}: using the built-in template.`);
  }
}

/** Why a template file could not be read, in words, by the file system's error code. */
const WHY_UNREADABLE: Record<string, string> = {
  ENOENT: 'does not exist',
  ENOTDIR: 'does not exist',
  EACCES: 'cannot be read (permission denied)',
  EPERM: 'cannot be read (permission denied)',
  EISDIR: 'is a folder, not a file',
};
