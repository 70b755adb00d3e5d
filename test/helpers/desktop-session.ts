/**
 * A real, private Linux desktop session for tests: Xvfb, a session D-Bus daemon and the dunst
 * notification server, each started fresh and torn down by `stop()`. Nothing touches the user's
 * own bus or display. The dunst config (test/fixtures/dunst/) makes `dunstctl context` pick an
 * action by its key instead of opening a real dmenu.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants as fsConstants } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/dunst');

/** The binaries a full session needs (`busctl` and `dbus-send` are used by `dunstctl`). */
export const DESKTOP_TOOLS = ['Xvfb', 'dbus-daemon', 'dunst', 'dunstctl', 'dbus-send', 'busctl'];

/** The subset of `tools` not found on PATH (empty when everything is installed). */
export function missingDesktopTools(tools: readonly string[] = DESKTOP_TOOLS): string[] {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  return tools.filter(
    (tool) =>
      !dirs.some((dir) => {
        try {
          accessSync(join(dir, tool), fsConstants.X_OK);
          return true;
        } catch {
          return false;
        }
      }),
  );
}

/** One notification from `dunstctl history`, fields unwrapped from their D-Bus variants. */
export interface DunstHistoryEntry {
  id: number;
  appname: string;
  summary: string;
  body: string;
  /** The formatted text; the test dunstrc starts it with `[low]`, `[normal]` or `[critical]`. */
  message: string;
  [field: string]: unknown;
}

/** Options for {@link startDesktopSession}. */
export interface DesktopSessionOptions {
  /** Start Xvfb and dunst on the bus (default true); false gives a bus with no notification server. */
  notificationServer?: boolean;
}

/** A running session. Spawn the code under test with `{ ...process.env, ...session.env }`. */
export interface DesktopSession {
  /** `DBUS_SESSION_BUS_ADDRESS` (stable across `restartBus`), plus `DISPLAY` when X runs. */
  readonly env: Record<string, string>;
  readonly busAddress: string;
  /** Runs `dunstctl` against this session; resolves with its stdout, rejects on failure. */
  dunstctl(args: string[]): Promise<string>;
  /** Closed notifications, newest first (`dunstctl history`, parsed). */
  history(): Promise<DunstHistoryEntry[]>;
  /**
   * Opens dunst's context menu (`dunstctl context`) and picks the first entry whose action key is
   * `actionKey` (and, if given, whose notification summary starts with `summary`), as a user
   * would; resolves once the pick was made, with the menu lines dunst offered and the one chosen.
   */
  invokeAction(actionKey: string, summary?: string): Promise<{ menu: string[]; chosen: string }>;
  /** Kills the bus daemon (and dunst) and starts them again at the same address. */
  restartBus(): Promise<void>;
  stop(): Promise<void>;
}

interface Running {
  child: ChildProcess;
  name: string;
  stderr: () => string;
}

/**
 * Starts Xvfb on a free display (`-displayfd`), a private `dbus-daemon` on a socket in a fresh
 * temp directory, and dunst with the test dunstrc. Rejects naming the step that failed, after
 * stopping whatever had started.
 */
export async function startDesktopSession(
  options: DesktopSessionOptions = {},
): Promise<DesktopSession> {
  const withServer = options.notificationServer ?? true;
  const dir = await mkdtemp(join(tmpdir(), 'zephyr-desktop-'));
  const socket = join(dir, 'bus');
  const busAddress = `unix:path=${socket}`;
  const dmenuLog = join(dir, 'dmenu.log');
  const pickFile = join(dir, 'dmenu-pick');
  const busConfig = join(dir, 'session-bus.conf');
  const dunstrc = join(dir, 'dunstrc');
  await writeFile(
    busConfig,
    (await readFile(join(FIXTURES, 'session-bus.conf'), 'utf8')).replaceAll('@SOCKET@', socket),
  );
  await writeFile(
    dunstrc,
    (await readFile(join(FIXTURES, 'dunstrc'), 'utf8')).replaceAll(
      '@DMENU@',
      join(FIXTURES, 'pick-action.sh'),
    ),
  );
  await writeFile(dmenuLog, '');

  const env: Record<string, string> = { DBUS_SESSION_BUS_ADDRESS: busAddress };
  const childEnv = (): NodeJS.ProcessEnv => {
    const base: NodeJS.ProcessEnv = { ...process.env, ...env };
    // dunst must use our X display, never a Wayland compositor the developer happens to run.
    delete base.WAYLAND_DISPLAY;
    return base;
  };
  let xvfb: Running | undefined;
  let bus: Running | undefined;
  let dunst: Running | undefined;

  const dunstctl = (args: string[]) => run('dunstctl', args, childEnv());

  const startBus = async () => {
    bus = launch('dbus-daemon', [`--config-file=${busConfig}`, '--nofork', '--print-address'], {
      env: childEnv(),
    });
    await firstLine(bus, bus.child.stdout, 'its address');
  };
  const startDunst = async () => {
    dunst = launch('dunst', ['-config', dunstrc], {
      env: { ...childEnv(), ZEPHYR_DMENU_LOG: dmenuLog, ZEPHYR_DMENU_PICK_FILE: pickFile },
    });
    const started = dunst;
    await waitFor('dunst to own org.freedesktop.Notifications', started, () =>
      dunstctl(['debug']).then(
        () => true,
        () => false,
      ),
    );
  };
  const stopAll = async () => {
    for (const running of [dunst, bus, xvfb]) if (running) await terminate(running);
  };

  try {
    if (withServer) {
      xvfb = launch(
        'Xvfb',
        ['-displayfd', '3', '-nolisten', 'tcp', '-screen', '0', '1280x800x24'],
        {
          env: process.env,
          fd3: true,
        },
      );
      const display = await firstLine(xvfb, xvfb.child.stdio[3], 'the display number');
      env.DISPLAY = `:${display}`;
    }
    await startBus();
    if (withServer) await startDunst();
  } catch (error) {
    await stopAll();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  return {
    env,
    busAddress,
    dunstctl,
    async history() {
      const parsed = JSON.parse(await dunstctl(['history'])) as {
        data: Record<string, { data: unknown }>[][];
      };
      return (parsed.data[0] ?? []).map(
        (fields) =>
          Object.fromEntries(
            Object.entries(fields).map(([key, value]) => [key, value.data]),
          ) as DunstHistoryEntry,
      );
    },
    async invokeAction(actionKey, summary = '') {
      if (!dunst) throw new Error('No dunst in this session (notificationServer: false)');
      const before = await readFile(dmenuLog, 'utf8');
      await writeFile(pickFile, `${actionKey}\n${summary}\n`);
      await dunstctl(['context']);
      let record = '';
      await waitFor(`dunst to run the dmenu script for "${actionKey}"`, dunst, async () => {
        const now = await readFile(dmenuLog, 'utf8');
        record = now.slice(before.length);
        return record.endsWith('---\n');
      });
      const lines = record.split('\n');
      return {
        menu: lines.filter((line) => line.startsWith('#')),
        chosen: lines.find((line) => line.startsWith('> '))?.slice(2) ?? '',
      };
    },
    async restartBus() {
      if (dunst) await terminate(dunst);
      if (bus) await terminate(bus);
      await rm(socket, { force: true });
      await startBus();
      if (withServer) await startDunst();
    },
    async stop() {
      await stopAll();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function launch(
  command: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; fd3?: boolean },
): Running {
  const child = spawn(command, args, {
    env: options.env,
    stdio: options.fd3 ? ['ignore', 'pipe', 'pipe', 'pipe'] : ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4_000);
  });
  // Drain stdout so a chatty process never blocks on a full pipe.
  child.stdout?.resume();
  child.on('error', () => undefined);
  return { child, name: command, stderr: () => stderr };
}

function firstLine(
  running: Running,
  stream: ChildProcess['stdio'][number] | null | undefined,
  what: string,
): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    if (!stream || !('on' in stream)) {
      reject(new Error(`${running.name}: no pipe to read ${what} from`));
      return;
    }
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const newline = buffer.indexOf('\n');
      if (newline >= 0) {
        cleanup();
        resolvePromise(buffer.slice(0, newline).trim());
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(
        new Error(`${running.name} exited (${code}) before printing ${what}: ${running.stderr()}`),
      );
    };
    const onError = (error: Error) => {
      cleanup();
      reject(new Error(`${running.name} could not start: ${error.message}`));
    };
    const cleanup = () => {
      stream.off('data', onData);
      running.child.off('exit', onExit);
      running.child.off('error', onError);
    };
    stream.on('data', onData);
    running.child.on('exit', onExit);
    running.child.on('error', onError);
  });
}

async function waitFor(
  what: string,
  running: Running,
  check: () => Promise<boolean>,
  attempts = 200,
): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    if (running.child.exitCode !== null) {
      throw new Error(
        `${running.name} exited (${running.child.exitCode}) while waiting for ${what}: ${running.stderr()}`,
      );
    }
    if (await check()) return;
    await new Promise((resolveDelay) => setTimeout(resolveDelay, 50));
  }
  throw new Error(`Gave up waiting for ${what}: ${running.stderr()}`);
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(command, args, { env, timeout: 10_000, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error)
        reject(new Error(`${command} ${args.join(' ')} failed: ${stderr || error.message}`));
      else resolvePromise(stdout);
    });
  });
}

async function terminate(running: Running): Promise<void> {
  const { child } = running;
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  child.kill('SIGTERM');
  const killTimer = setTimeout(() => child.kill('SIGKILL'), 3_000);
  await exited;
  clearTimeout(killTimer);
}
