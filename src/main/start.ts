/**
 * `npm start`: launch the Electron app; where the Electron binary is absent (installed with
 * ELECTRON_SKIP_BINARY_DOWNLOAD=1) say so in one line and run the Node host instead.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNodeHost } from './host-node.js';

/**
 * The Electron binary's path, or `undefined` when it was not downloaded. Reads the package's
 * `path.txt` directly: requiring `electron` would try to download the binary on the spot.
 */
export function findElectronBinary(): string | undefined {
  try {
    const dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
      const name = process.platform === 'win32' ? 'electron.exe' : 'electron';
      const override = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, name);
      return existsSync(override) ? override : undefined;
    }
    const pathFile = join(dir, 'path.txt');
    if (!existsSync(pathFile)) return undefined;
    const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : undefined;
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
