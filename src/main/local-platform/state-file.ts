/**
 * Reads and writes the local platform's state file. Writes are atomic (temp file, then rename)
 * and private (0600: the file holds bearer tokens); a corrupt file is an error naming the file.
 */
import { chmodSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { PlatformState } from './state.js';

/** Name of the state file inside the platform's data directory. */
export const STATE_FILE_NAME = 'platform-state.json';

/** Thrown when the state file exists but cannot be used. */
export class StateFileError extends Error {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(
      `Local platform state file ${path} is unusable (${detail}). ` +
        'Move it away to start with a fresh sample roster.',
    );
    this.name = 'StateFileError';
  }
}

/** The state stored at `path`, `undefined` when there is no file yet; throws `StateFileError`. */
export function readStateFile(path: string): PlatformState | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StateFileError(path, `cannot read it: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new StateFileError(path, `not valid JSON: ${(err as Error).message}`);
  }
  const parsed = PlatformState.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'top level';
    throw new StateFileError(path, `${where}: ${issue?.message ?? 'unexpected shape'}`);
  }
  return parsed.data;
}

/** Writes `state` to `path` atomically with mode 0600. */
export function writeStateFile(path: string, state: PlatformState): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, path);
}
