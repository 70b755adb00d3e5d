#!/usr/bin/env node
/**
 * First step of `npm test` on Linux: are the Debian/Ubuntu packages the tests need installed?
 * Prints ONE line naming what is missing and the command that installs it, and exits 1; silent
 * (exit 0) when all is there, and on macOS and Windows (whose tests skip the Linux-only parts).
 * `--missing` prints the missing package names only (for .ci/run and the workflow).
 * The list is scripts/system-packages.txt.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const listFile = new URL('./system-packages.txt', import.meta.url);

function onPath(program) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, program), constants.X_OK);
      return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}

let fonts;
function hasFont(name) {
  if (fonts === undefined) {
    try {
      fonts = execFileSync('fc-list', { encoding: 'utf8' }).toLowerCase();
    } catch {
      fonts = '';
    }
  }
  return fonts.includes(name.toLowerCase());
}

function satisfied(check) {
  if (check === 'chromium') {
    return process.env.CHROMIUM_PATH ? existsSync(process.env.CHROMIUM_PATH) : onPath('chromium');
  }
  const [kind, ...rest] = check.split(':');
  const arg = rest.join(':');
  if (kind === 'cmd') return onPath(arg);
  if (kind === 'file') return existsSync(arg);
  if (kind === 'font') return hasFont(arg);
  throw new Error(`system-packages.txt: unknown check ${check}`);
}

/** The packages whose check fails, each once, in list order. */
export function missingPackages(text = readFileSync(listFile, 'utf8')) {
  const missing = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const [check, pkg] = line.split(/\s+/);
    if (!satisfied(check) && !missing.includes(pkg)) missing.push(pkg);
  }
  return missing;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split(/[\\/]/).pop())) {
  const listOnly = process.argv.includes('--missing');
  if (process.platform !== 'linux') process.exit(0);
  const missing = missingPackages();
  if (listOnly) {
    if (missing.length > 0) process.stdout.write(`${missing.join(' ')}\n`);
  } else if (missing.length > 0) {
    process.stderr.write(
      `npm test needs these system packages: ${missing.join(' ')}. Install them with: ` +
        `sudo apt-get install -y ${missing.join(' ')}   (or run .ci/run as root)\n`,
    );
    process.exit(1);
  }
}
