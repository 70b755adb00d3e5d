/** The Node adapters behind aftercare's file ports: exports into a folder, team templates read. */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { safeFileName } from '../../../src/main/core/aftercare/export-file.js';
import { saveToFolder } from '../../../src/main/node/export-folder.js';
import { readTextFile } from '../../../src/main/node/text-file.js';

const dir = () => mkdtempSync(join(tmpdir(), 'zephyr-exports-'));

describe('saveToFolder', () => {
  it('writes a safe name into the folder (0600) and never overwrites an earlier export', async () => {
    const folder = join(dir(), 'exports');
    const save = saveToFolder(folder);
    const first = await save('../../etc/INC-1 post mortem.md', 'one');
    const second = await save('../../etc/INC-1 post mortem.md', 'two');
    expect(first).toBe(join(folder, 'etc-INC-1-post-mortem.md'));
    expect(second).toBe(join(folder, 'etc-INC-1-post-mortem-2.md'));
    expect(readFileSync(first, 'utf8')).toBe('one');
    expect(readFileSync(second, 'utf8')).toBe('two');
    if (process.platform !== 'win32') expect(statSync(first).mode & 0o777).toBe(0o600);
  });
});

describe('safeFileName without node:path', () => {
  it('finds the extension as path.extname does', () => {
    expect(safeFileName('.bashrc')).toBe('bashrc');
    expect(safeFileName('notes')).toBe('notes');
    expect(safeFileName('a/b.c/readme')).toBe('a-b.c-readme');
    expect(safeFileName('report.final.md')).toBe('report.final.md');
  });
});

describe('readTextFile', () => {
  it('reads UTF-8 and throws with the error code for a missing file', () => {
    const file = join(dir(), 'template.md');
    writeFileSync(file, 'Résumé');
    expect(readTextFile(file)).toBe('Résumé');
    expect(() => readTextFile(join(dir(), 'missing.md'))).toThrow(
      expect.objectContaining({ code: 'ENOENT' }),
    );
  });
});
