import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAYBOOK, Playbook } from '../../../src/shared/playbook.js';
import { createLogger } from '../../../src/main/node/logger.js';
import {
  createPlaybookHandle,
  parsePlaybookText,
  readPlaybookFile,
} from '../../../src/main/node/playbook-file.js';

const logger = createLogger({ secrets: () => [], echo: () => {} });
const dir = () => mkdtempSync(join(tmpdir(), 'playbook-'));

describe('default playbook', () => {
  it('is valid and encodes the policy', () => {
    const p = Playbook.parse(DEFAULT_PLAYBOOK);
    expect(p.escalation.steps.map((s) => [s.afterSeconds, s.role])).toEqual([
      [0, 'rotation'],
      [300, 'rotation-next'],
      [600, 'em'],
      [900, 'founder'],
    ]);
    expect(p.severities.map((s) => s.pages)).toEqual([
      ['platform-all', 'em', 'founder'],
      ['service-owner', 'platform-oncall'],
      ['service-owner'],
    ]);
    expect(p.statusUpdates.cadenceMinutes).toBe(15);
    expect(p.postMortem).toMatchObject({ dueHours: 72, actionItemLabel: 'post-mortem' });
    expect(p.customerEmail).toMatchObject({ dueHours: 24, severities: [1, 2], maxApologies: 1 });
    expect(p.roles.investigators.count).toBe(2);
    expect(new URL(p.runbookUrl).protocol).toBe('https:');
    expect(p.reassurance).toMatch(/will not be punished/);
  });
});

describe('playbook files', () => {
  it('overrides the default from YAML, keeping what it does not name', () => {
    const r = parsePlaybookText('team.yaml', 'statusUpdates:\n  cadenceMinutes: 10\n');
    expect(r.ok && r.playbook.statusUpdates.cadenceMinutes).toBe(10);
    expect(r.ok && r.playbook.escalation).toEqual(DEFAULT_PLAYBOOK.escalation);
  });

  it('names the file, the field and what was expected', () => {
    const r = parsePlaybookText(
      '/etc/team.json',
      JSON.stringify({ runbookUrl: 'runbooks/incident.md' }),
    );
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^\/etc\/team\.json: runbookUrl: /);
    const r2 = parsePlaybookText(
      't.yaml',
      'escalation:\n  steps:\n    - {afterSeconds: 300, role: em}\n    - {afterSeconds: 0, role: founder}\n',
    );
    expect(!r2.ok && r2.error).toContain('escalation.steps: expected afterSeconds to increase');
  });

  it('reports unparsable and missing files', () => {
    expect(parsePlaybookText('x.json', '{nope').ok).toBe(false);
    const missing = readPlaybookFile('/nonexistent/playbook.yaml');
    expect(!missing.ok && missing.error).toContain('/nonexistent/playbook.yaml: cannot be read');
  });

  it('never quotes the file: a YAML or JSON syntax error gives the place, not the line', () => {
    const secret = 'AKIAPLANTEDSECRET0123';
    const yaml = parsePlaybookText(
      '/home/u/.aws/credentials.yaml',
      `[default]\naws_key: ${secret}\n  x: [`,
    );
    expect(yaml.ok).toBe(false);
    expect(!yaml.ok && yaml.error).toMatch(
      /^\/home\/u\/\.aws\/credentials\.yaml: not valid YAML at line \d+, column \d+$/,
    );
    expect(JSON.stringify(yaml)).not.toContain(secret);
    const json = parsePlaybookText('/tmp/keys.json', `{"key": "${secret}" oops}`);
    expect(!json.ok && json.error).toMatch(
      /^\/tmp\/keys\.json: not valid JSON( at line 1, column \d+)?$/,
    );
    expect(JSON.stringify(json)).not.toContain(secret);
  });

  it('reads only .json, .yaml and .yml files', () => {
    const d = dir();
    const key = join(d, 'id_ed25519');
    writeFileSync(key, 'PRIVATE KEY: do-not-read');
    for (const file of [key, join(d, '.env'), join(d, 'notes.txt')]) {
      const result = readPlaybookFile(file);
      expect(!result.ok && result.error).toBe(
        `${file}: a playbook must be a .json, .yaml or .yml file`,
      );
    }
    writeFileSync(join(d, 'p.YML'), 'name: Upper case extension');
    expect(readPlaybookFile(join(d, 'p.YML')).ok).toBe(true);
  });

  it('keeps the last good playbook when the file turns bad, and says so', () => {
    const file = join(dir(), 'playbook.yaml');
    writeFileSync(file, 'statusUpdates:\n  cadenceMinutes: 20\n');
    const handle = createPlaybookHandle({ file, logger, pollMs: 50 });
    expect(handle.current().playbook.statusUpdates.cadenceMinutes).toBe(20);
    expect(handle.current().error).toBeUndefined();
    handle.dispose();

    writeFileSync(file, 'statusUpdates:\n  cadenceMinutes: -1\n');
    const bad = createPlaybookHandle({ file, logger });
    // A fresh start with a bad file runs on the default and carries the error.
    expect(bad.current().playbook).toEqual(DEFAULT_PLAYBOOK);
    expect(bad.current().error).toMatch(/statusUpdates\.cadenceMinutes/);
    bad.dispose();
  });
});

describe('switching playbook files', () => {
  it('follows the setting: another file, then back to the default', () => {
    const d = dir();
    const a = join(d, 'a.yaml');
    writeFileSync(a, 'statusUpdates:\n  cadenceMinutes: 10\n');
    const handle = createPlaybookHandle({ logger });
    let changes = 0;
    handle.onChange(() => (changes += 1));
    expect(handle.current().playbook).toEqual(DEFAULT_PLAYBOOK);
    handle.setFile?.(a);
    expect(handle.current()).toMatchObject({ origin: a });
    expect(handle.current().playbook.statusUpdates.cadenceMinutes).toBe(10);
    handle.setFile?.(undefined);
    expect(handle.current().playbook).toEqual(DEFAULT_PLAYBOOK);
    expect(changes).toBe(2);
    handle.dispose();
  });
});
