/**
 * `KeyValueStore` on a JSON file: written atomically (temp file, fsync, rename, fsync of the
 * directory) with 0600 permissions, so a crash mid-write leaves the previous version intact.
 *
 * A damaged file (empty, truncated, not JSON, or the wrong shape) never stops the app: it is moved
 * aside to `<name>.corrupt-<timestamp>` (kept for the user, never overwritten), reported through
 * `onRecovered` (the UI lists it), and the store reads as empty.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { RecoveredFile } from '../../shared/domain.js';
import type { KeyValueStore, StoreFactory } from '../core/ports.js';

/** Called once for each damaged file moved aside. */
export type OnRecovered = (recovered: RecoveredFile) => void;

/** Why a parsed value is the wrong shape, or `undefined` when it is fine. */
export type ShapeCheck = (value: unknown) => string | undefined;

/** Creates `dir` (and parents) private to the user: 0700. */
export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems (and Windows) cannot fsync a directory; the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Writes `text` to `file` atomically with the given mode, then makes the rename durable. */
export function writeFileAtomic(file: string, text: string, mode = 0o600): void {
  const dir = dirname(file);
  makePrivateDir(dir);
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', mode);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  fsyncDir(dir);
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes `<file>.<pid>.tmp` leftovers of processes that died mid-write. */
export function cleanStaleTemps(file: string): void {
  const name = basename(file);
  let entries: string[];
  try {
    entries = readdirSync(dirname(file));
  } catch {
    return;
  }
  for (const entry of entries) {
    const match = entry.startsWith(`${name}.`) ? /\.(\d+)\.tmp$/.exec(entry) : null;
    if (!match || entry !== `${name}.${match[1]}.tmp`) continue;
    if (processAlive(Number(match[1]))) continue;
    try {
      unlinkSync(join(dirname(file), entry));
    } catch {
      // Already gone.
    }
  }
}

/**
 * Moves a damaged `file` aside to `<file>.corrupt-<timestamp>` (a new name every time, so an
 * earlier copy is never overwritten) and reports it. Returns the report.
 */
export function moveAside(file: string, problem: string, onRecovered?: OnRecovered): RecoveredFile {
  const at = new Date();
  const stamp = at.toISOString().replace(/[:.]/g, '-');
  let movedTo = `${file}.corrupt-${stamp}`;
  for (let n = 1; existsSync(movedTo); n += 1) movedTo = `${file}.corrupt-${stamp}-${n}`;
  renameSync(file, movedTo);
  fsyncDir(dirname(file));
  const recovered: RecoveredFile = { file, movedTo, problem, at: at.toISOString() };
  onRecovered?.(recovered);
  return recovered;
}

/**
 * Reads and parses `file`: `undefined` when it does not exist, or when it is damaged (then it is
 * moved aside and reported). Other I/O errors (permissions) throw, naming the file.
 */
export function readJsonFile(
  file: string,
  options: { shape?: ShapeCheck; onRecovered?: OnRecovered } = {},
): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`${file} cannot be read (${(error as Error).message})`, { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const problem = text.trim() === '' ? 'empty' : `not valid JSON (${(error as Error).message})`;
    moveAside(file, problem, options.onRecovered);
    return undefined;
  }
  const wrong = options.shape?.(value);
  if (wrong !== undefined) {
    moveAside(file, `wrong shape: ${wrong}`, options.onRecovered);
    return undefined;
  }
  return value;
}

/** Options of a `JsonFileStore`. */
export interface JsonFileStoreOptions {
  /** Checks the parsed value; a wrong shape is moved aside like a corrupt file. */
  shape?: ShapeCheck;
  onRecovered?: OnRecovered;
}

/** A store on one JSON file. See the module comment for damaged files. */
export class JsonFileStore<T> implements KeyValueStore<T> {
  constructor(
    readonly file: string,
    private readonly options: JsonFileStoreOptions = {},
  ) {
    cleanStaleTemps(file);
  }

  read(): T | undefined {
    return readJsonFile(this.file, this.options) as T | undefined;
  }

  write(value: T): void {
    // Compact: the tracker's file can hold thousands of entries and is written on every change.
    writeFileAtomic(this.file, `${JSON.stringify(value)}\n`);
  }
}

/** The damaged files moved aside in this run, for the app state (banner, Settings). */
export class FileRecoveryLog {
  readonly files: RecoveredFile[] = [];
  /** Pass to the stores: records one moved-aside file. */
  readonly record: OnRecovered = (recovered) => {
    this.files.push(recovered);
  };
}

/** A plain JSON object (not an array, not null). */
export const isObject: ShapeCheck = (value) =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? undefined
    : 'expected a JSON object';

/** An object whose values are all strings (secrets, tokens). */
export const isStringRecord: ShapeCheck = (value) =>
  isObject(value) ??
  (Object.values(value as object).every((v) => typeof v === 'string')
    ? undefined
    : 'expected every value to be a string');

const versioned =
  (field: string, kind: 'array' | 'object'): ShapeCheck =>
  (value) => {
    const problem = isObject(value);
    if (problem) return problem;
    const record = value as Record<string, unknown>;
    if (record.version !== 1) return 'expected "version": 1';
    const inner = record[field];
    const ok = kind === 'array' ? Array.isArray(inner) : isObject(inner) === undefined;
    return ok ? undefined : `expected "${field}" to be a JSON ${kind}`;
  };

/** The shapes of the app's named stores (`<dir>/<name>.json`); unknown names: any JSON. */
export const STORE_SHAPES: Record<string, ShapeCheck> = {
  tracker: (value) => versioned('entries', 'object')(value) ?? trackerMe(value),
  outbox: versioned('entries', 'array'),
  declarations: (value) => (Array.isArray(value) ? undefined : 'expected a JSON array'),
  aftercare: isObject,
  timeline: versioned('entries', 'array'),
};

function trackerMe(value: unknown): string | undefined {
  const me = (value as { me?: unknown }).me;
  return me === undefined || isObject(me) === undefined
    ? undefined
    : 'expected "me" to be an object';
}

/** A `StoreFactory` keeping each named store as `<dir>/<name>.json`. */
export function jsonStoreFactory(dir: string, onRecovered?: OnRecovered): StoreFactory {
  return <T>(name: string) => {
    if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`invalid store name "${name}"`);
    return new JsonFileStore<T>(join(dir, `${name}.json`), {
      ...(STORE_SHAPES[name] ? { shape: STORE_SHAPES[name] } : {}),
      ...(onRecovered ? { onRecovered } : {}),
    });
  };
}
