/**
 * Loads the playbook: the default (the company policy) overridden by a team's JSON or YAML file.
 * The file is deep-merged onto the default (objects merge, arrays and values replace), then
 * validated. An invalid file gets an error naming the file, the field and what was expected, and
 * the app keeps running on the last good playbook and says so.
 */
import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describeZodError } from '../../shared/contract.js';
import { DEFAULT_PLAYBOOK, Playbook } from '../../shared/playbook.js';
import type { Logger, PlaybookHandle } from '../core/ports.js';

/** Result of reading one playbook file. */
export type PlaybookFileResult = { ok: true; playbook: Playbook } | { ok: false; error: string };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepMerge(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(override)) out[k] = k in base ? deepMerge(base[k], v) : v;
  return out;
}

/** The only playbook file types: anything else (a key file, a shell profile) is never read. */
export const PLAYBOOK_EXTENSIONS = ['.json', '.yaml', '.yml'] as const;

/** Why `file` cannot be a playbook by its name, or `undefined`. */
export function playbookPathProblem(file: string): string | undefined {
  const ext = extname(file).toLowerCase();
  return (PLAYBOOK_EXTENSIONS as readonly string[]).includes(ext)
    ? undefined
    : `${file}: a playbook must be a .json, .yaml or .yml file`;
}

/** Where a parse error is (line and column), never what the file says there. */
function syntaxPosition(text: string, error: unknown): string {
  const linePos = (error as { linePos?: { line: number; col: number }[] }).linePos?.[0];
  if (linePos) return ` at line ${linePos.line}, column ${linePos.col}`;
  const offset = /position (\d+)/.exec((error as Error).message ?? '')?.[1];
  if (offset === undefined) return '';
  const before = text.slice(0, Number(offset)).split('\n');
  return ` at line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

/**
 * Parses and validates one playbook file's text; `file` is only used in messages and for the
 * format. Errors name the file, the field path and the expectation, never the file's content
 * (the setting could point at any file: a key file's lines must not reach the UI).
 */
export function parsePlaybookText(file: string, text: string): PlaybookFileResult {
  const badName = playbookPathProblem(file);
  if (badName) return { ok: false, error: badName };
  const json = extname(file).toLowerCase() === '.json';
  let raw: unknown;
  try {
    raw = json ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    return {
      ok: false,
      error: `${file}: not valid ${json ? 'JSON' : 'YAML'}${syntaxPosition(text, error)}`,
    };
  }
  if (!isPlainObject(raw)) {
    return { ok: false, error: `${file}: expected an object of playbook fields at the top level` };
  }
  const parsed = Playbook.safeParse(deepMerge(DEFAULT_PLAYBOOK, raw));
  if (!parsed.success) return { ok: false, error: `${file}: ${describeZodError(parsed.error)}` };
  return { ok: true, playbook: parsed.data };
}

/** Reads and validates a playbook file from disk. */
export function readPlaybookFile(file: string): PlaybookFileResult {
  const badName = playbookPathProblem(file);
  if (badName) return { ok: false, error: badName };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return {
      ok: false,
      error: `${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    };
  }
  return parsePlaybookText(file, text);
}

/**
 * A `PlaybookHandle` over an optional file, re-read when the file changes (polled every
 * `pollMs`, which survives editors that replace the file). Without a file it is the default.
 * `setFile` switches to another file (or back to the default) when the setting changes.
 */
export function createPlaybookHandle(options: {
  file?: string;
  logger: Logger;
  pollMs?: number;
}): PlaybookHandle & { dispose(): void } {
  const listeners = new Set<() => void>();
  const DEFAULT = { playbook: DEFAULT_PLAYBOOK, origin: 'default: the company policy' };
  let current: { playbook: Playbook; origin: string; error?: string } = DEFAULT;
  let file: string | undefined;
  const load = () => {
    if (!file) return;
    const result = readPlaybookFile(file);
    if (result.ok) {
      current = { playbook: result.playbook, origin: file };
      options.logger.info('playbook loaded', { file });
    } else {
      current = { ...current, error: result.error };
      options.logger.warn('playbook rejected; keeping the last good one', { error: result.error });
    }
    for (const l of listeners) l();
  };
  const setFile = (next: string | undefined) => {
    const wanted = next || undefined;
    if (wanted === file) return;
    if (file) unwatchFile(file, load);
    file = wanted;
    if (!file) {
      current = DEFAULT;
      for (const l of listeners) l();
      return;
    }
    load();
    watchFile(file, { interval: options.pollMs ?? 2000, persistent: false }, load);
  };
  setFile(options.file);
  return {
    current: () => current,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setFile,
    dispose() {
      if (file) unwatchFile(file, load);
    },
  };
}
