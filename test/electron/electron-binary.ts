/**
 * Where the Electron binary is, if it is installed. Resolved the way `require('electron')` does
 * (node_modules/electron/path.txt under its dist/, or ELECTRON_OVERRIDE_DIST_PATH) but without
 * calling it: since Electron 4x, `require('electron')` starts a download when the binary is
 * missing, which must not happen on a machine without network.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

function electronPackageDir(): string | undefined {
  try {
    return dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return undefined;
  }
}

/**
 * The binary's absolute path, or `undefined` when it is absent (ELECTRON_SKIP_BINARY_DOWNLOAD).
 * `packageDir` is node_modules/electron unless a test passes another.
 */
export function electronBinary(
  packageDir: string | undefined = electronPackageDir(),
): string | undefined {
  if (packageDir === undefined) return undefined;
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override ? join(override, relative) : join(packageDir, 'dist', relative);
  return existsSync(binary) ? binary : undefined;
}

/** The one line printed when the Electron tests skip. */
export const ABSENT_LINE =
  'skipping the Electron tests: the Electron binary is absent (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1); they run in .github/workflows/desktop.yml';
