import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { DEFAULT_PLAYBOOK } from '../../../src/shared/playbook.js';
import { DEFAULT_PORT, parseCliOptions } from '../../../src/main/local-platform/cli-options.js';

const dir = mkdtempSync(join(tmpdir(), 'zephyr-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parseCliOptions', () => {
  it('has defaults: port 7420, no control, a generated token', () => {
    expect(parseCliOptions([])).toEqual({
      options: { port: DEFAULT_PORT, dataDir: resolve('.tmp/local-platform'), control: false },
    });
  });

  it('reads every option', () => {
    const file = join(dir, 'playbook.yaml');
    const playbook = {
      ...DEFAULT_PLAYBOOK,
      escalation: { steps: [{ afterSeconds: 0, role: 'rotation' }] },
    };
    writeFileSync(file, stringify(playbook));
    const parsed = parseCliOptions([
      '--port',
      '0',
      '--token',
      't',
      '--data-dir',
      dir,
      '--control',
      '--playbook',
      file,
    ]);
    expect(parsed).toEqual({
      options: { port: 0, token: 't', dataDir: dir, control: true, playbook },
    });
  });

  it.each([
    [['--port', 'abc'], "--port must be a number from 0 to 65535, got 'abc'"],
    [['--port', '70000'], '--port must be a number'],
    [['--token', ''], '--token must not be empty'],
    [['--bogus'], "Unknown option '--bogus'"],
    [['--playbook', '/nonexistent/p.json'], 'cannot read playbook /nonexistent/p.json'],
  ])('rejects %j with one clear line', (argv, message) => {
    const parsed = parseCliOptions(argv);
    expect(parsed).toHaveProperty('error');
    const error = (parsed as { error: string }).error;
    expect(error).toContain(message);
    expect(error).not.toContain('\n');
  });

  it('names the playbook file and the bad field', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ ...DEFAULT_PLAYBOOK, escalation: { steps: [] } }));
    const parsed = parseCliOptions(['--playbook', file]);
    expect((parsed as { error: string }).error).toMatch(
      new RegExp(`playbook ${file} is invalid: escalation\\.steps`),
    );
  });
});
