import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ActionItem } from '../../../src/shared/aftercare/action-items.js';
import {
  DEFAULT_CUSTOMER_EMAIL_TEMPLATE,
  DEFAULT_POST_MORTEM_TEMPLATE,
} from '../../../src/shared/aftercare/default-templates.js';
import { checkEmail } from '../../../src/shared/aftercare/email-check.js';
import {
  CUSTOMER_EMAIL_PLACEHOLDERS,
  POST_MORTEM_PLACEHOLDERS,
  formatDateTime,
  formatDuration,
  formatEnd,
  renderCustomerEmail,
  renderPostMortem,
  renderTemplate,
  splitSubject,
  timeZoneFieldError,
  zoneAbbreviation,
  type CustomerEmailFacts,
  type PostMortemFacts,
} from '../../../src/shared/aftercare/templates.js';
import type { Incident, IncidentUpdate, Person } from '../../../src/shared/domain.js';
import { DEFAULT_PLAYBOOK } from '../../../src/shared/playbook.js';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const alice: Person = { id: 'p-alice', name: 'Alice Martin', email: 'alice@example.com' };
const bo: Person = { id: 'p-bo', name: 'Bo Chen', email: 'bo@example.com' };
const cy: Person = { id: 'p-cy', name: 'Cy Okafor', email: 'cy@example.com' };

const incident: Incident = {
  id: 'inc-7',
  severity: 2,
  summary: 'Slow checkout in Frankfurt',
  status: 'resolved',
  openedAt: '2025-03-04T14:05:00Z',
  resolvedAt: '2025-03-04T14:50:00Z',
  roles: { commander: alice, comms: bo, investigators: [cy, alice] },
  links: { channel: '#inc-20250304-checkout' },
};

const emailFacts: CustomerEmailFacts = {
  incident,
  whatHappened: 'checkout pages loaded slowly for merchants hosted in our Frankfurt region.',
  whoWasAffected:
    'about 18% of checkout attempts by shoppers of Frankfurt-hosted stores took over 10 seconds.',
  whatWeDid: 'we reverted a configuration change to the checkout database at 15:41 CET.',
  prevention: 'configuration changes now roll out to one region at a time with automatic rollback.',
};

describe('renderTemplate', () => {
  it('fills placeholders, with or without spaces inside the braces', () => {
    expect(renderTemplate('Hi {{name}}, {{ when }}!', { name: 'Bo', when: 'now' })).toEqual({
      text: 'Hi Bo, now!',
      ok: true,
      missing: [],
      unknown: [],
      problems: [],
    });
  });

  it('leaves missing and unknown placeholders visible and says where they are', () => {
    const r = renderTemplate(
      '{{start}} to {{end}}\n{{strat}}\n{{end}} {{summary}}',
      { start: '14:05', end: ' ', summary: undefined },
      { known: ['start', 'end', 'summary'] },
    );
    expect(r.text).toBe('14:05 to {{end}}\n{{strat}}\n{{end}} {{summary}}');
    expect(r.ok).toBe(false);
    expect(r.missing).toEqual(['end', 'summary']);
    expect(r.unknown).toEqual(['strat']);
    expect(r.problems).toEqual([
      '{{end}} is not filled in (lines 1, 3).',
      '{{summary}} is not filled in (line 3).',
      'Unknown placeholder {{strat}} (line 2); known placeholders: {{start}}, {{end}}, {{summary}}.',
    ]);
  });

  it('reports malformed and unclosed placeholders', () => {
    const r = renderTemplate('{{what happened}}\n{{name', { name: 'x' });
    expect(r.text).toBe('{{what happened}}\n{{name');
    expect(r.problems).toEqual([
      'Malformed placeholder {{what happened}} on line 1: names use letters, digits and underscores.',
      'Unclosed "{{" on line 2: close it with "}}".',
    ]);
  });

  it('never expands placeholders that appear inside values', () => {
    expect(renderTemplate('{{a}} {{b}}', { a: '{{b}}', b: 'B' }).text).toBe('{{b}} B');
  });
});

describe('times for customers', () => {
  const t = Date.parse('2025-03-04T14:05:00Z');
  const summer = Date.parse('2025-07-04T14:05:00Z');

  it('shows the zone abbreviation, in letters where the zone has one', () => {
    expect(zoneAbbreviation(t, 'Europe/Berlin')).toBe('CET');
    expect(zoneAbbreviation(summer, 'Europe/Berlin')).toBe('CEST');
    expect(zoneAbbreviation(t, 'America/New_York')).toBe('EST');
    expect(zoneAbbreviation(summer, 'Europe/London')).toBe('BST');
    expect(zoneAbbreviation(t, 'UTC')).toBe('UTC');
    expect(zoneAbbreviation(t, 'Asia/Tokyo')).toBe('GMT+9');
  });

  it('formats the day, the 24-hour local time and the zone', () => {
    expect(formatDateTime(t, { timeZone: 'Europe/Berlin' })).toBe('Tue 4 Mar 2025, 15:05 CET');
    expect(formatDateTime(t, { timeZone: 'America/Los_Angeles' })).toBe(
      'Tue 4 Mar 2025, 06:05 PST',
    );
  });

  it('shortens an end on the same local day to the time', () => {
    const end = Date.parse('2025-03-04T22:50:00Z');
    expect(formatEnd(t, end, { timeZone: 'UTC' })).toBe('22:50 UTC');
    expect(formatEnd(t, end, { timeZone: 'Asia/Tokyo' })).toBe('Wed 5 Mar 2025, 07:50 GMT+9');
  });

  it.each([
    [45 * 60_000, '45 minutes'],
    [60 * 60_000, '1 hour'],
    [65 * 60_000, '1 hour 5 minutes'],
    [(2 * 24 * 60 + 180) * 60_000, '2 days 3 hours'],
    [60_000, '1 minute'],
  ])('formats %d ms as %j', (ms, label) => {
    expect(formatDuration(ms)).toBe(label);
  });
});

describe('default templates', () => {
  it('are the shipped asset files, word for word', () => {
    expect(readFileSync(resolve(ROOT, 'assets/templates/customer-email.md'), 'utf8')).toBe(
      DEFAULT_CUSTOMER_EMAIL_TEMPLATE,
    );
    expect(readFileSync(resolve(ROOT, 'assets/templates/post-mortem.md'), 'utf8')).toBe(
      DEFAULT_POST_MORTEM_TEMPLATE,
    );
  });

  it('use only known placeholders', () => {
    expect(
      renderTemplate(DEFAULT_CUSTOMER_EMAIL_TEMPLATE, {}, { known: CUSTOMER_EMAIL_PLACEHOLDERS })
        .unknown,
    ).toEqual([]);
    expect(
      renderTemplate(DEFAULT_POST_MORTEM_TEMPLATE, {}, { known: POST_MORTEM_PLACEHOLDERS }).unknown,
    ).toEqual([]);
  });
});

describe('renderCustomerEmail', () => {
  it('fills the default template in the customers’ time zone, and the result passes checkEmail', () => {
    const email = renderCustomerEmail(emailFacts, { timeZone: 'Europe/Berlin' });
    expect(email.problems).toEqual([]);
    expect(email.ok).toBe(true);
    expect(email.subject).toBe('Incident report: Slow checkout in Frankfurt');
    expect(email.body).toContain(
      'Between Tue 4 Mar 2025, 15:05 CET and 15:50 CET (45 minutes), checkout pages loaded slowly',
    );
    expect(email.body).toContain('\nThe Zephyr team\n');
    expect(checkEmail(email.body, DEFAULT_PLAYBOOK)).toEqual([]);
  });

  it('uses the impact window and headline when given', () => {
    const email = renderCustomerEmail(
      {
        ...emailFacts,
        headline: 'Checkout delays',
        impactStartedAt: '2025-03-04T13:58:00Z',
        signOff: 'Zephyr Support',
      },
      { timeZone: 'UTC' },
    );
    expect(email.subject).toBe('Incident report: Checkout delays');
    expect(email.body).toContain('Between Tue 4 Mar 2025, 13:58 UTC and 14:50 UTC (52 minutes)');
    expect(email.body).toMatch(/Zephyr Support\n$/);
  });

  it('reports an unresolved incident, blank facts and an unknown zone', () => {
    const email = renderCustomerEmail(
      {
        ...emailFacts,
        incident: { ...incident, status: 'monitoring', resolvedAt: undefined },
        prevention: '  ',
      },
      { timeZone: 'Europe/Berln' },
    );
    expect(email.ok).toBe(false);
    expect(email.missing).toEqual(['end', 'duration', 'prevention']);
    expect(email.problems[0]).toBe(
      'Unknown time zone "Europe/Berln": times are shown in UTC instead.',
    );
    expect(email.body).toContain('Between Tue 4 Mar 2025, 14:05 UTC and {{end}} ({{duration}})');
  });

  it('takes a team template and says when it has no Subject line', () => {
    const email = renderCustomerEmail(emailFacts, {
      timeZone: 'UTC',
      template: 'Dear customer, {{what_happened}} {{sign_of}}',
    });
    expect(email.subject).toBe('Slow checkout in Frankfurt');
    expect(email.unknown).toEqual(['sign_of']);
    expect(email.problems).toContain(
      'The template has no "Subject:" first line: the headline is used as subject.',
    );
  });

  it('splits the subject line from the body', () => {
    expect(splitSubject('Subject:  Hi \r\n\r\nBody\n')).toEqual({ subject: 'Hi', body: 'Body\n' });
    expect(splitSubject('Body only')).toEqual({ subject: null, body: 'Body only' });
  });
});

describe('renderPostMortem', () => {
  const update = (
    id: string,
    status: IncidentUpdate['status'],
    postedAt: string,
    message: string,
    author: Person,
  ): IncidentUpdate => ({
    id,
    incidentId: 'inc-7',
    status,
    postedAt,
    message,
    author,
  });
  const items: ActionItem[] = [
    {
      id: 'ai-1',
      title: 'Roll out database config per region',
      owner: alice,
      status: 'open',
      createdAt: '2025-03-05T10:00:00Z',
      ticket: 'ENG-101',
    },
    {
      id: 'ai-2',
      title: 'Alert on connection pool waits',
      owner: cy,
      status: 'done',
      createdAt: '2025-03-05T10:00:00Z',
    },
  ];
  const facts: PostMortemFacts = {
    incident,
    updates: [
      update(
        'u2',
        'identified',
        '2025-03-04T14:30:00Z',
        'Config change to DB connection limits identified.',
        alice,
      ),
      update(
        'u1',
        'investigating',
        '2025-03-04T14:10:00Z',
        'Checkout p99 above 10 s in Frankfurt.',
        bo,
      ),
    ],
    summary: 'A lowered connection limit made checkout wait for database connections.',
    impact: '18% of Frankfurt checkouts took over 10 s for 45 minutes.',
    rootCause: 'The limit was sized for average, not peak, load.',
    wentWell: ['Alert fired within 4 minutes'],
    wentBadly: ['The change went to all regions at once', ' '],
    actionItems: items,
  };

  it('fills every section: severity, roles, a sorted timeline, lists and action items', () => {
    const r = renderPostMortem(facts, DEFAULT_PLAYBOOK, { timeZone: 'Europe/Berlin' });
    expect(r.problems).toEqual([]);
    expect(r.text).toContain('# Post-mortem: Slow checkout in Frankfurt');
    expect(r.text).toMatch(
      /\| Severity +\| SEV-2: One service unhealthy, customer-visible degradation, no data loss +\|/,
    );
    expect(r.text).toMatch(/\| Investigators +\| Cy Okafor, Alice Martin +\|/);
    expect(r.text).toContain(
      [
        '## Timeline (CET)',
        '',
        '- Tue 4 Mar 2025, 15:05 CET: Incident opened',
        '- Tue 4 Mar 2025, 15:10 CET: **Investigating**: Checkout p99 above 10 s in Frankfurt. (Bo Chen)',
        '- Tue 4 Mar 2025, 15:30 CET: **Identified**: Config change to DB connection limits identified. (Alice Martin)',
        '- Tue 4 Mar 2025, 15:50 CET: Incident resolved',
      ].join('\n'),
    );
    expect(r.text).toContain('## What went badly\n\n- The change went to all regions at once\n');
    expect(r.text).toContain('labelled `post-mortem`');
    expect(r.text).toContain(
      '- [ ] Roll out database config per region — Alice Martin — ENG-101 (open)\n- [x] Alert on connection pool waits — Cy Okafor (done)',
    );
  });

  it('reports empty sections and action items without a named owner', () => {
    const r = renderPostMortem(
      { ...facts, wentWell: [], actionItems: [{ ...items[0]!, owner: { name: 'TBD' } }] },
      DEFAULT_PLAYBOOK,
      { timeZone: 'UTC' },
    );
    expect(r.ok).toBe(false);
    expect(r.missing).toEqual(['went_well']);
    expect(r.problems).toContain(
      'Action item 1 ("Roll out database config per region") has "TBD" as owner, which is not a named person: name the one person who will ship it.',
    );
  });
});

describe('timeZoneFieldError', () => {
  it('refuses a zone Intl does not know, naming it, and accepts IANA names', () => {
    expect(timeZoneFieldError('Mars/Olympus')).toBe(
      '“Mars/Olympus” is not a time zone this computer knows. Use an IANA name such as Europe/Berlin or UTC.',
    );
    expect(timeZoneFieldError('')).not.toBeNull();
    expect(timeZoneFieldError('Europe/Berlin')).toBeNull();
    expect(timeZoneFieldError(' UTC ')).toBeNull();
  });
});
