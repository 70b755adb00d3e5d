/**
 * Reads and writes the local platform's state file. Writes are atomic and durable (temp file,
 * fsync, rename, directory fsync) and private (0600: the file holds bearer tokens); a damaged file
 * is moved aside, never overwritten.
 */
import {
  cleanStaleTemps,
  readJsonFile,
  writeFileAtomic,
  type OnRecovered,
} from '../node/json-file-store.js';
import { PlatformState } from './state.js';

/** Name of the state file inside the platform's data directory. */
export const STATE_FILE_NAME = 'platform-state.json';

/** Thrown when the state file exists but cannot be used. */
export class StateFileError extends Error {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`Local platform state file ${path} is unusable (${detail}). ` + 'Check its permissions.');
    this.name = 'StateFileError';
  }
}

/**
 * The state stored at `path`, `undefined` when there is no file yet. A damaged file (not JSON, or
 * not a platform state) is moved aside to `<name>.corrupt-<timestamp>` and reported to
 * `onRecovered`, and reads as `undefined` (a fresh sample roster). Throws `StateFileError` only
 * when the file cannot be read at all (permissions).
 */
export function readStateFile(path: string, onRecovered?: OnRecovered): PlatformState | undefined {
  cleanStaleTemps(path);
  let json: unknown;
  try {
    json = readJsonFile(path, {
      shape: (value) => {
        const parsed = PlatformState.safeParse(value);
        if (parsed.success) return undefined;
        const issue = parsed.error.issues[0];
        const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'top level';
        return `${where}: ${issue?.message ?? 'unexpected shape'}`;
      },
      ...(onRecovered ? { onRecovered } : {}),
    });
  } catch (err) {
    throw new StateFileError(path, (err as Error).message);
  }
  return json === undefined ? undefined : PlatformState.parse(json);
}

/** Writes `state` to `path` atomically (fsync, rename, fsync of the directory) with mode 0600. */
export function writeStateFile(path: string, state: PlatformState): void {
  writeFileAtomic(path, `${JSON.stringify(state, null, 2)}\n`);
}
