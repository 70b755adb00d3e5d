/**
 * Composition root of the Node host (`npm run host`): the same main-process services as the
 * Electron app, in plain Node, with the renderer served to a browser over the WebSocket bridge.
 * Prints one line: the URL to open, carrying the per-launch bridge token in its fragment.
 */
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { composeApp, resolveDataDir } from './compose.js';
import type { Notifier } from './core/ports.js';
import { startBridgeServer } from './node/bridge-server.js';
import { DbusNotifier } from './node/dbus-notifier.js';
import { FileSecretStore } from './node/file-secret-store.js';
import { FileSettingsStore } from './node/file-settings-store.js';
import { FileRecoveryLog, makePrivateDir } from './node/json-file-store.js';
import { createLogger } from './node/logger.js';
import { NoDesktopNotifier } from './node/no-desktop-notifier.js';
import { watchForWake } from './node/wake-detector.js';

/** Options of `runNodeHost`. */
export interface NodeHostOptions {
  port: number;
  env: Record<string, string | undefined>;
  /** Built renderer directory; defaults to `dist/renderer` beside this file's `dist/main`. */
  staticDir?: string;
  print?: (line: string) => void;
}

function defaultStaticDir(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', 'renderer');
}

/** Starts the Node host; resolves once it serves. Returns a stop function. */
export async function runNodeHost(
  options: NodeHostOptions,
): Promise<{ url: string; stop(): Promise<void> }> {
  const { env } = options;
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const staticDir = options.staticDir ?? defaultStaticDir();
  if (!existsSync(join(staticDir, 'index.html'))) {
    throw new Error(
      `the renderer is not built (${join(staticDir, 'index.html')} is missing): run "npm run build"`,
    );
  }
  const dataDir = resolveDataDir(env);
  makePrivateDir(join(dataDir, 'logs'));
  const bridgeToken = randomBytes(24).toString('base64url');
  const recovery = new FileRecoveryLog();
  const secrets = new FileSecretStore(join(dataDir, 'secrets.json'), recovery.record);
  let knownSecrets: () => string[] = () => [];
  const logger = createLogger({
    file: join(dataDir, 'logs', 'zephyr.log'),
    level: env.ZEPHYR_LOG_LEVEL === 'debug' ? 'debug' : 'info',
    secrets: () => [bridgeToken, env.ZEPHYR_PLATFORM_TOKEN, ...secrets.values(), ...knownSecrets()],
  });

  const notifier: Notifier =
    process.platform === 'linux' && env.DBUS_SESSION_BUS_ADDRESS
      ? new DbusNotifier({ appName: 'Zephyr On-Call', logger })
      : new NoDesktopNotifier(
          'No desktop notification server is reachable from the Node host: alerts show in the browser tab only.',
        );

  const composed = await composeApp({
    dataDir,
    env,
    logger,
    notifier,
    settings: new FileSettingsStore(join(dataDir, 'settings.json'), recovery.record),
    secrets,
    recovery,
    openExternal: async (url) => {
      // The browser tab is the UI here; hand the link to the desktop's opener when there is one.
      const opener =
        process.platform === 'darwin'
          ? 'open'
          : process.platform === 'win32'
            ? 'explorer'
            : 'xdg-open';
      try {
        spawn(opener, [url], { detached: true, stdio: 'ignore' })
          .on('error', () => {})
          .unref();
        return true;
      } catch {
        return false;
      }
    },
  });
  knownSecrets = composed.secrets;
  await composed.app.start();
  // Declarations the last run stopped in the middle of go on where they stopped.
  composed.declarations.resumePending().catch((error: unknown) => {
    logger.error('declarations could not resume', { error: String(error) });
  });

  const server = await startBridgeServer({
    port: options.port,
    token: bridgeToken,
    staticDir,
    dispatch: composed.dispatch,
    subscribe: composed.subscribe,
    logger,
  });
  const stopWake = watchForWake(() => composed.app.pollNow('wake'));
  print(`Zephyr On-Call (Node host) on ${server.url}`);
  return {
    url: server.url,
    async stop() {
      stopWake();
      await server.close();
      await composed.close();
      await logger.close();
      if ('dispose' in notifier && typeof notifier.dispose === 'function') notifier.dispose();
    },
  };
}

/** Command-line entry: `node dist/main/node-host.js [--port <n>]`. */
async function main(): Promise<void> {
  let port = 0;
  try {
    const { values } = parseArgs({
      options: { port: { type: 'string' } },
      allowPositionals: false,
    });
    if (values.port !== undefined) {
      port = Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new Error(`--port must be 0..65535, got "${values.port}"`);
    }
  } catch (error) {
    process.stderr.write(`zephyr host: ${(error as Error).message}\n`);
    process.exit(2);
  }
  try {
    const host = await runNodeHost({ port, env: process.env });
    const shutdown = () => {
      void host.stop().finally(() => process.exit(0));
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  } catch (error) {
    process.stderr.write(`zephyr host: cannot start: ${(error as Error).message}\n`);
    process.exit(1);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) void main();
