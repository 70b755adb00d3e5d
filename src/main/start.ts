/**
 * `npm start`: launch the Electron app; where the Electron binary is absent (installed with
 * ELECTRON_SKIP_BINARY_DOWNLOAD=1) say so in one line and run the Node host instead.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNodeHost } from './host-node.js';

/** The Electron binary's path, or `undefined` when it was not downloaded. */
export function findElectronBinary(): string | undefined {
  try {
    // The `electron` package's main export is the binary's path; it throws when the download was skipped.
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const appDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const electron = findElectronBinary();
  if (electron) {
    const child = spawn(electron, [appDir], { stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 0));
    return;
  }
  process.stdout.write('Electron binary not installed here; starting the Node host instead.\n');
  try {
    const host = await runNodeHost({ port: 0, env: process.env });
    const stop = () => void host.stop().finally(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (error) {
    process.stderr.write(`zephyr: cannot start: ${(error as Error).message}\n`);
    process.exit(1);
  }
}

void main();
