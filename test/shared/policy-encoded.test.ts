import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAYBOOK } from '../../src/shared/playbook.js';
import { SHARED_DIR, sharedAvailable } from '../helpers/shared-dir.js';

const POLICY = 'policy/incident-response.md';
const available = sharedAvailable(POLICY);
/** The policy's text; empty where it is absent (the suites below are then skipped, and vitest
 * still runs their bodies to collect them). */
const readPolicy = (): string =>
  available ? readFileSync(resolve(SHARED_DIR, POLICY), 'utf8') : '';

// The default playbook must say what the company policy says: read the policy and compare.
describe.runIf(available)('default playbook vs the policy', () => {
  const policy = readPolicy();

  it('carries every severity example and "who pages, who joins" cell of the ladder', () => {
    for (const sev of DEFAULT_PLAYBOOK.severities) {
      const row = policy.split('\n').find((l) => l.startsWith(`| ${sev.name} `));
      expect(row, `${sev.name} row in the policy`).toBeDefined();
      for (const example of sev.examples) expect(row).toContain(example);
      expect(row).toContain(sev.whoJoins);
    }
  });

  it('carries the reassurance and the timings', () => {
    expect(policy).toContain(DEFAULT_PLAYBOOK.reassurance.split('. ')[0]);
    expect(policy).toContain(`every ${DEFAULT_PLAYBOOK.statusUpdates.cadenceMinutes} minutes`);
    expect(policy).toContain(`within ${DEFAULT_PLAYBOOK.postMortem.dueHours} hours`);
    expect(policy).toContain(`within ${DEFAULT_PLAYBOOK.customerEmail.dueHours} hours`);
    expect(policy).toContain(DEFAULT_PLAYBOOK.postMortem.templatePath);
    expect(policy).toContain(DEFAULT_PLAYBOOK.customerEmail.templatePath);
    expect(policy).toContain(`"${DEFAULT_PLAYBOOK.postMortem.actionItemLabel}" label`);
    const fiveMinutes = DEFAULT_PLAYBOOK.escalation.steps[1]?.afterSeconds;
    expect(fiveMinutes).toBe(300);
    expect(policy).toContain('within 5 minutes');
    expect(policy).toContain('within 5 more');
  });
});

/** The playbook's rules as numbers and names, checked one by one (not phrases). */
describe('default playbook: every number and name of the policy', () => {
  const pb = DEFAULT_PLAYBOOK;
  const rule = (level: 1 | 2 | 3) => pb.severities.find((s) => s.level === level);

  it('has SEV-1, SEV-2 and SEV-3, in that order', () => {
    expect(pb.severities.map((s) => [s.level, s.name])).toEqual([
      [1, 'SEV-1'],
      [2, 'SEV-2'],
      [3, 'SEV-3'],
    ]);
  });

  it('pages, per severity: SEV-1 all platform on-call + EM + founder; SEV-2 service + platform; SEV-3 service', () => {
    expect(rule(1)?.pages).toEqual(['platform-all', 'em', 'founder']);
    expect(rule(2)?.pages).toEqual(['service-owner', 'platform-oncall']);
    expect(rule(3)?.pages).toEqual(['service-owner']);
  });

  it('names three roles, commander and comms required, investigators two', () => {
    expect(pb.roles.commander.required).toBe(true);
    expect(pb.roles.comms.required).toBe(true);
    expect(pb.roles.investigators.count).toBe(2);
    expect(pb.postMortem.owner).toBe('commander');
    expect(pb.customerEmail.owner).toBe('comms');
  });

  it('updates every 15 minutes, in the channel and on the status page', () => {
    expect(pb.statusUpdates.cadenceMinutes).toBe(15);
    expect(pb.statusUpdates.channels).toEqual(expect.arrayContaining(['slack', 'statuspage']));
  });

  it('sends the customer email within 24 hours, for SEV-1 and SEV-2 only', () => {
    expect(pb.customerEmail.dueHours).toBe(24);
    expect(pb.customerEmail.severities).toEqual([1, 2]);
    expect(pb.severities.map((s) => s.customerEmail)).toEqual([true, true, false]);
    expect(pb.customerEmail.maxApologies).toBe(1);
  });

  it('gives every severity a status page entry (the CLI creates one for each)', () => {
    expect(pb.severities.map((s) => s.statusPage)).toEqual([true, true, true]);
  });

  it('wants the post-mortem within 72 hours, blameless, action items labelled "post-mortem"', () => {
    expect(pb.postMortem.dueHours).toBe(72);
    expect(pb.postMortem.blameless).toBe(true);
    expect(pb.postMortem.actionItemLabel).toBe('post-mortem');
    expect(pb.postMortem.actionItemsRequireOwner).toBe(true);
  });

  it('escalates 5/5/5 minutes: level 1, next person, EM, founder at 0/300/600/900 s', () => {
    expect(pb.escalation.steps).toEqual([
      { afterSeconds: 0, role: 'rotation' },
      { afterSeconds: 300, role: 'rotation-next' },
      { afterSeconds: 600, role: 'em' },
      { afterSeconds: 900, role: 'founder' },
    ]);
  });
});

/** The same numbers and names, read out of the policy text itself. */
describe.runIf(available)('default playbook: numbers and names read from the policy', () => {
  const policy = readPolicy();
  const number = (re: RegExp): number => {
    const m = re.exec(policy);
    expect(m, String(re)).not.toBeNull();
    const word = (m?.[1] ?? '').toLowerCase();
    const words: Record<string, number> = { one: 1, two: 2, three: 3 };
    return words[word] ?? Number(word);
  };
  const ROLE_OF: Record<string, string> = {
    'all platform on-call': 'platform-all',
    'platform on-call': 'platform-oncall',
    'em on-call': 'em',
    'founder on-call': 'founder',
    'service owner': 'service-owner',
    'service owner only': 'service-owner',
  };

  it('pages who the ladder’s "who pages" cell names, per severity', () => {
    for (const sev of DEFAULT_PLAYBOOK.severities) {
      const row = policy.split('\n').find((l) => l.startsWith(`| ${sev.name} `)) ?? '';
      const cell = row.split('|').at(-2) ?? '';
      const roles = cell.split('+').map((part) => ROLE_OF[part.trim().toLowerCase()]);
      expect(roles, `${sev.name}: ${cell.trim()}`).toEqual(sev.pages);
    }
  });

  it('has the policy’s numbers: roles, investigators, cadence, 24 h, 72 h, chain', () => {
    expect(number(/^(\w+) roles/m)).toBe(3);
    expect(number(/Usually (\w+);/)).toBe(DEFAULT_PLAYBOOK.roles.investigators.count);
    expect(number(/every (\d+) minutes/)).toBe(DEFAULT_PLAYBOOK.statusUpdates.cadenceMinutes);
    expect(number(/customer email within (\d+) hours/)).toBe(
      DEFAULT_PLAYBOOK.customerEmail.dueHours,
    );
    expect(number(/post-mortem within (\d+) hours/)).toBe(DEFAULT_PLAYBOOK.postMortem.dueHours);
    const first = number(/nobody answers within (\d+) minutes/);
    const second = number(/within (\d+) more/);
    const after = DEFAULT_PLAYBOOK.escalation.steps.map((s) => s.afterSeconds);
    expect([after[1], (after[2] ?? 0) - (after[1] ?? 0)]).toEqual([first * 60, second * 60]);
  });

  it('sends the customer email for the severities the policy names, only', () => {
    const m = /For (SEV-\d)(?: and (SEV-\d))? we send a customer email/.exec(policy);
    const named = [m?.[1], m?.[2]].filter(Boolean).map((n) => Number(n?.slice(4)));
    expect(DEFAULT_PLAYBOOK.customerEmail.severities).toEqual(named);
  });

  it('labels action items with the label the policy quotes', () => {
    const m = /with a "([^"]+)" label/.exec(policy);
    expect(DEFAULT_PLAYBOOK.postMortem.actionItemLabel).toBe(m?.[1]);
  });
});
