import { describe, expect, it } from 'vitest';
import { loadTemplate } from '../../../../src/main/core/aftercare/template-files.js';
import { isAllowedMailtoUrl, isAllowedExternalUrl } from '../../../../src/main/core/url-policy.js';
import { safeFileName } from '../../../../src/main/core/aftercare/export-file.js';
import { DEFAULT_PLAYBOOK } from '../../../../src/shared/playbook.js';
import {
  DEFAULT_CUSTOMER_EMAIL_TEMPLATE,
  DEFAULT_POST_MORTEM_TEMPLATE,
} from '../../../../src/shared/aftercare/default-templates.js';

const files = new Map<string, string>([
  ['/src/platform/runbooks/post-mortem-template.md', '# Team post-mortem\n'],
  ['/src/platform/comms/incident-email-template.md', 'Subject: {{headline}}\n\nRepo text'],
  ['/team/comms/incident-email-template.md', 'Subject: {{headline}}\n\nTeam text'],
  ['/team/runbooks/post-mortem-template.md', '   \n'],
]);
const read = (path: string): string => {
  const text = files.get(path);
  if (text === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
  return text;
};

describe('team templates: the platform repo checkout, else next to the playbook file', () => {
  it('with neither configured the built-in template ships, saying so', () => {
    expect(loadTemplate('customer-email', DEFAULT_PLAYBOOK, {}, read)).toEqual({
      text: DEFAULT_CUSTOMER_EMAIL_TEMPLATE,
      origin: 'default',
      note: null,
      source: 'Built-in template (no team template configured).',
    });
  });

  it('reads templatePath relative to the playbook file folder', () => {
    const t = loadTemplate(
      'customer-email',
      DEFAULT_PLAYBOOK,
      { playbookFile: '/team/playbook.yaml' },
      read,
    );
    expect(t).toEqual({
      text: 'Subject: {{headline}}\n\nTeam text',
      origin: '/team/comms/incident-email-template.md',
      note: null,
      source: 'Team template: /team/comms/incident-email-template.md (the playbook folder).',
    });
  });

  it('reads runbooks/post-mortem-template.md from the platform repo checkout, even with the default playbook', () => {
    const t = loadTemplate('post-mortem', DEFAULT_PLAYBOOK, { repoPath: '/src/platform/' }, read);
    expect(t).toEqual({
      text: '# Team post-mortem\n',
      origin: '/src/platform/runbooks/post-mortem-template.md',
      note: null,
      source:
        'Team template: /src/platform/runbooks/post-mortem-template.md (the platform repo checkout).',
    });
    const email = loadTemplate(
      'customer-email',
      DEFAULT_PLAYBOOK,
      { repoPath: '/src/platform' },
      read,
    );
    expect(email.origin).toBe('/src/platform/comms/incident-email-template.md');
    expect(email.source).toMatch(/^Team template: /);
  });

  it('falls back to the built-in one with a note naming the file and the problem', () => {
    const empty = loadTemplate(
      'post-mortem',
      DEFAULT_PLAYBOOK,
      { playbookFile: '/team/playbook.yaml' },
      read,
    );
    expect(empty.text).toBe(DEFAULT_POST_MORTEM_TEMPLATE);
    expect(empty.note).toMatch(/\/team\/runbooks\/post-mortem-template\.md .*is empty/);
    expect(empty.source).toMatch(/^Built-in template \(the team template .* could not be used\)/);
    const missing = loadTemplate(
      'post-mortem',
      DEFAULT_PLAYBOOK,
      { playbookFile: '/elsewhere/p.json' },
      read,
    );
    expect(missing.note).toBe(
      'The team template /elsewhere/runbooks/post-mortem-template.md (postMortem.templatePath) does not exist: using the built-in template.',
    );
  });
});

describe('mailto: allowance', () => {
  it('admits mailto: only, and only through its own check', () => {
    expect(isAllowedMailtoUrl('mailto:ops@example.com?subject=x&body=y')).toBe(true);
    expect(isAllowedMailtoUrl('https://github.com/')).toBe(false);
    expect(isAllowedMailtoUrl('javascript:alert(1)//mailto:')).toBe(false);
    expect(isAllowedMailtoUrl('file:///etc/passwd')).toBe(false);
    // The general link policy still refuses mailto:.
    expect(isAllowedExternalUrl('mailto:ops@example.com')).toBe(false);
  });

  it('export names cannot leave the folder', () => {
    expect(safeFileName('../../etc/INC-1 post mortem.md')).toBe('etc-INC-1-post-mortem.md');
    expect(safeFileName('INC-1-customer-email.eml')).toBe('INC-1-customer-email.eml');
  });
});
