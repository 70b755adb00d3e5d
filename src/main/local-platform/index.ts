/**
 * The embedded default platform: a reference Zephyr platform on 127.0.0.1 with a sample roster
 * that puts the app's user on call, its state kept in a JSON file under `dataDir`.
 */
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PLAYBOOK, type Playbook } from '../../shared/playbook.js';
import type { Clock, Logger } from '../core/ports.js';
import { PlatformEngine } from './engine.js';
import { startPlatformServer } from './http-server.js';
import { sampleState } from './roster.js';
import { makePrivateDir, type OnRecovered } from '../node/json-file-store.js';
import { readStateFile, STATE_FILE_NAME, writeStateFile } from './state-file.js';

export { PlatformEngine } from './engine.js';
export type { ControlState } from './engine.js';
export { SAMPLE_PEOPLE } from './roster.js';

/** Options of `startLocalPlatform`. */
export interface LocalPlatformOptions {
  /** Directory of the state file (created if missing). */
  dataDir: string;
  /** 0 or absent: a free port. */
  port?: number;
  /** Bearer token of the app's user. */
  token: string;
  /** Escalation timings come from here; the company policy when absent. */
  playbook?: Playbook;
  /** The app's user; default: the OS user name and `<user>@localhost`. */
  user?: { name: string; email: string };
  /** Enables the local-only control API under `/control/*` with this bearer token. */
  control?: { token: string };
  logger?: Logger;
  /** Told when a damaged state file was moved aside (the platform starts afresh). */
  onRecovered?: OnRecovered;
}

/** A running local platform. */
export interface LocalPlatform {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** The app's user's bearer token. */
  token: string;
  engine: PlatformEngine;
  /** Stops timers, answers held long polls, closes the server. State is already on disk. */
  close(): Promise<void>;
}

/** The real clock, with timers that do not keep the process alive on their own. */
const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Starts the local platform. Restores the state file under `dataDir` when there is one (so a
 * restart loses nothing), else seeds the sample roster; the user's name, email and token are
 * updated from the options on every start. A damaged state file is moved aside (see
 * `readStateFile`); throws `StateFileError` (naming the file) when it cannot be read at all, and a one-line error when the port is taken.
 */
export async function startLocalPlatform(options: LocalPlatformOptions): Promise<LocalPlatform> {
  const username = userInfo().username || 'me';
  const user = options.user ?? { name: username, email: `${username}@localhost` };
  makePrivateDir(options.dataDir);
  const path = join(options.dataDir, STATE_FILE_NAME);
  const state = readStateFile(path, options.onRecovered) ?? sampleState(user, options.token);
  const me = state.people.find((p) => p.id === state.userId);
  if (me) Object.assign(me, { name: user.name, email: user.email, token: options.token });

  const engine = new PlatformEngine({
    clock: realClock,
    playbook: options.playbook ?? DEFAULT_PLAYBOOK,
    state,
    persist: (s) => writeStateFile(path, s),
  });
  engine.start();
  let server;
  try {
    server = await startPlatformServer({
      engine,
      port: options.port ?? 0,
      ...(options.control ? { control: options.control } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
  } catch (err) {
    engine.stop();
    throw err;
  }
  options.logger?.info('local platform listening', {
    url: server.url,
    control: options.control !== undefined,
  });
  const running = server;
  return {
    url: running.url,
    token: options.token,
    engine,
    close: async () => {
      engine.stop();
      await running.close();
    },
  };
}
