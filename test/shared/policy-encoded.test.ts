import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAYBOOK } from '../../src/shared/playbook.js';
import { SHARED_DIR, sharedAvailable } from '../helpers/shared-dir.js';

// The default playbook must say what the company policy says: read the policy and compare.
describe.runIf(sharedAvailable('policy/incident-response.md'))(
  'default playbook vs the policy',
  () => {
    const policy = readFileSync(resolve(SHARED_DIR, 'policy/incident-response.md'), 'utf8');

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
  },
);
