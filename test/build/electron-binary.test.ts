import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { electronBinary } from '../electron/electron-binary.js';

describe('electronBinary (whether the Electron tests run)', () => {
  const saved = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  afterEach(() => {
    if (saved === undefined) delete process.env.ELECTRON_OVERRIDE_DIST_PATH;
    else process.env.ELECTRON_OVERRIDE_DIST_PATH = saved;
  });

  it('finds the binary where path.txt says; undefined without path.txt or binary', () => {
    delete process.env.ELECTRON_OVERRIDE_DIST_PATH;
    const pkg = mkdtempSync(join(tmpdir(), 'electron-pkg-'));
    expect(electronBinary(pkg)).toBeUndefined(); // skipped download: no path.txt
    writeFileSync(join(pkg, 'path.txt'), 'electron');
    expect(electronBinary(pkg)).toBeUndefined(); // path.txt but no binary
    mkdirSync(join(pkg, 'dist'));
    writeFileSync(join(pkg, 'dist', 'electron'), '');
    expect(electronBinary(pkg)).toBe(join(pkg, 'dist', 'electron'));
    const dist = mkdtempSync(join(tmpdir(), 'electron-dist-'));
    process.env.ELECTRON_OVERRIDE_DIST_PATH = dist;
    expect(electronBinary(pkg)).toBeUndefined();
    mkdirSync(dirname(join(dist, 'electron')), { recursive: true });
    writeFileSync(join(dist, 'electron'), '');
    expect(electronBinary(pkg)).toBe(join(dist, 'electron'));
  });
});
