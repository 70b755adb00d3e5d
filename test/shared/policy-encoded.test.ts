/**
 * The company policy (`../shared/policy/incident-response.md`), line by line, against the default
 * playbook and the few rules the app holds outside it. Each policy line with a number or a name,
 * and the test that checks it:
 *
 * | policy line                                                   | checked by (test names)              |
 * | ------------------------------------------------------------- | ------------------------------------ |
 * | 9–10 runbook in the platform repo at `runbooks/incident.md`   | "keeps the runbook …", "the runbook  |
 * |                                                               | and the templates …"                 |
 * | 12 "You will not be punished …"                               | "carries the reassurance …"          |
 * | 18–22 the ladder: SEV-1/2/3, examples, who pages              | "carries every severity example …",  |
 * |                                                               | "has SEV-1 …", "pages, per …",       |
 * |                                                               | "pages who the ladder’s …"           |
 * | 27 `zephyr incident open --sev 2 --summary …`                 | "the CLI …" (both parts)             |
 * | 30–31 channel, status page entry, Linear ticket, pages, pin   | "the CLI …", "gives every severity …"|
 * | 35 three roles, even for a small SEV-2                        | "names three roles …", "has the      |
 * |                                                               | policy’s numbers …"                  |
 * | 37–41 IC, Comms (often the EM), investigators (usually two)   | "names the roles …", "the roles’     |
 * |                                                               | names and what each owns …"          |
 * | 43 channel and status page, every 15 minutes                  | "updates every 15 minutes …",        |
 * |                                                               | "updates land in the channel …"      |
 * | 48 blameless, 72 hours (from the resolution), drafted by the  | "wants the post-mortem …", "counts   |
 * |    IC, reviewed by the team                                   | the 24 h …", "counts a post-mortem   |
 * |                                                               | reviewed with 2 …"                   |
 * | 49 template `runbooks/post-mortem-template.md`, platform repo | "puts the post-mortem in the …"      |
 * | 52 one or more action items, named owner, Linear, label       | "closes a post-mortem with …", "a    |
 * |                                                               | post-mortem reviewed by the team …", |
 * |                                                               | "labels action items …"              |
 * | 53 "If none ever ship, escalate that pattern"                 | "escalates unshipped items …"        |
 * | 57 SEV-1 and SEV-2, customer email within 24 hours of the     | "sends the customer email …" (both), |
 * |    resolution                                                 | "counts the 24 h …"                  |
 * | 57–58 template `comms/…`, tone, apologise once                | "the customer email: …", "the        |
 * |                                                               | customer email’s tone …"             |
 * | 62 always someone awake                                       | "checks the rotations 7 days …"      |
 * | 63–65 5 minutes, next person, 5 more, EM, founder             | "escalates 5/5/5 …", "the chain …"   |
 *
 * Numbers the policy leaves open and the app sets (each checked in the second part): two
 * named reviewers ("reviewed by the team"), the last 3 post-mortems and 30 days ("if none ever
 * ship"), told to the EM on-call; rotations checked 7 days ahead ("always someone awake").
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COVERAGE_HORIZON_MS } from '../../src/main/core/on-call/coverage.js';
import { cliCommand, defaultRoles } from '../../src/main/core/incidents/plan.js';
import { validateActionItems } from '../../src/shared/aftercare/action-items.js';
import { deadlinesFor } from '../../src/shared/aftercare/deadlines.js';
import { ACTION_IDS } from '../../src/shared/declaration.js';
import type { Person, Rotation } from '../../src/shared/domain.js';
import { DEFAULT_PLAYBOOK } from '../../src/shared/playbook.js';
import { SHARED_DIR, sharedAvailable } from '../helpers/shared-dir.js';

/** The policy's text; empty (and its two parts skipped, saying why) where `../shared` is absent. */
const POLICY_FOUND = sharedAvailable('policy/incident-response.md');
const POLICY = POLICY_FOUND
  ? readFileSync(resolve(SHARED_DIR, 'policy/incident-response.md'), 'utf8')
  : '';
const DAY_MS = 24 * 3600_000;
const EVE: Person = { id: 'eve', name: 'Eve EM', email: 'eve@example.com' };
const ME: Person = { id: 'me', name: 'Robin Ops', email: 'robin@example.com' };
/** An EM rotation with Eve on shift (level 1) around `now`. */
const emRotation = (now: number): Rotation => ({
  id: 'em',
  name: 'EM on-call',
  kind: 'em',
  shifts: [
    {
      person: EVE,
      level: 1,
      start: new Date(now - DAY_MS).toISOString(),
      end: new Date(now + DAY_MS).toISOString(),
    },
  ],
});
/** One action item, owned by `owner` when given. */
const actionItem = (owner?: string) => ({
  id: 'a',
  title: 'Alert on checkout p99',
  status: 'open' as const,
  createdAt: '2026-03-02T03:00:00.000Z',
  ...(owner ? { owner: { name: owner } } : {}),
});

// The default playbook must say what the company policy says: read the policy and compare.
describe.runIf(POLICY_FOUND)('default playbook vs the policy', () => {
  const policy = POLICY;

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

  it('counts a post-mortem reviewed with 2 named reviewers ("reviewed by the team")', () => {
    expect(pb.postMortem.reviewersRequired).toBe(2);
  });

  it('escalates unshipped items: the last 3 post-mortems, 30 days, to the EM on-call', () => {
    expect(pb.postMortem.unshipped).toEqual({
      lastPostMortems: 3,
      windowDays: 30,
      notify: 'em-dm',
    });
  });

  it('closes a post-mortem with one or more action items, each owned by a named person', () => {
    expect(validateActionItems([], pb, { requireAtLeastOne: true })).toHaveLength(1);
    expect(validateActionItems([actionItem('Cat Lin')], pb, { requireAtLeastOne: true })).toEqual(
      [],
    );
    expect(validateActionItems([actionItem()], pb).map((p) => p.field)).toEqual(['owner']);
    expect(validateActionItems([actionItem('TBD')], pb).map((p) => p.field)).toEqual(['owner']);
  });

  it('puts the post-mortem in the platform repo, its template at runbooks/post-mortem-template.md', () => {
    expect(pb.postMortem.repository).toBe('platform');
    expect(pb.postMortem.templatePath).toBe('runbooks/post-mortem-template.md');
  });

  it('keeps the runbook in the platform repo at runbooks/incident.md', () => {
    expect(pb.runbookUrl).toMatch(/\/platform\/blob\/[^/]+\/runbooks\/incident\.md$/);
  });

  it('the customer email: comms/incident-email-template.md, factual, brief, no marketing, one apology', () => {
    expect(pb.customerEmail.templatePath).toBe('comms/incident-email-template.md');
    expect(pb.customerEmail.tone).toEqual(['factual', 'brief', 'no marketing language']);
    expect(pb.customerEmail.maxApologies).toBe(1);
  });

  it('names the roles Incident commander, Comms, Investigators; Comms is the EM on-call by default', () => {
    expect([pb.roles.commander.title, pb.roles.comms.title, pb.roles.investigators.title]).toEqual([
      'Incident commander',
      'Comms',
      'Investigators',
    ]);
    const now = Date.parse('2026-03-02T03:00:00Z');
    expect(defaultRoles({ rotations: [emRotation(now)], me: ME, now })).toMatchObject({
      commander: ME,
      comms: EVE,
    });
  });

  it('the CLI: zephyr incident open --sev N --summary …; channel, status page, ticket, pages, pinned runbook', () => {
    expect(cliCommand({ severity: 2, summary: 'Checkout p99 elevated in eu-frankfurt' })).toBe(
      "zephyr incident open --sev 2 --summary 'Checkout p99 elevated in eu-frankfurt'",
    );
    expect(ACTION_IDS).toEqual(
      expect.arrayContaining(['slack-channel', 'statuspage', 'linear', 'pages', 'slack-runbook']),
    );
  });

  it('counts the 24 h (SEV-1/2 customer email) and the 72 h (post-mortem) from the resolution', () => {
    const resolvedAt = Date.parse('2026-03-02T05:00:00Z');
    const resolved = (severity: 1 | 2 | 3) =>
      deadlinesFor(
        {
          id: 'INC-1',
          severity,
          summary: 'Checkout p99 elevated',
          status: 'resolved',
          openedAt: '2026-03-02T03:00:00.000Z',
          resolvedAt: new Date(resolvedAt).toISOString(),
          roles: { commander: ME, comms: EVE, investigators: [] },
          links: {},
        },
        null,
        pb,
      ).map((d) => [d.kind, (d.dueAt - resolvedAt) / 3600_000, d.owner]);
    expect(resolved(2)).toEqual([
      ['customer-email', 24, 'comms'],
      ['post-mortem', 72, 'commander'],
    ]);
    expect(resolved(1)).toEqual(resolved(2));
    expect(resolved(3)).toEqual([['post-mortem', 72, 'commander']]);
  });

  it('checks the rotations 7 days ahead for someone always awake', () => {
    expect(COVERAGE_HORIZON_MS).toBe(7 * DAY_MS);
  });
});

/** The same numbers and names, read out of the policy text itself. */
describe.runIf(POLICY_FOUND)('default playbook: numbers and names read from the policy', () => {
  const policy = POLICY;
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

  it('the runbook and the templates at the paths the policy names, in the platform repo', () => {
    const runbook = /runbook lives in the platform repo at\s+`([^`]+)`/.exec(policy)?.[1];
    expect(runbook).toBe('runbooks/incident.md');
    expect(DEFAULT_PLAYBOOK.runbookUrl.endsWith(`/${runbook ?? '?'}`)).toBe(true);
    const pmTemplate = /The template\s+lives at `([^`]+)`/.exec(policy)?.[1];
    expect(DEFAULT_PLAYBOOK.postMortem.templatePath).toBe(pmTemplate);
    expect(policy).toMatch(/It goes in the platform repo/);
    expect(DEFAULT_PLAYBOOK.postMortem.repository).toBe('platform');
    const emailTemplate = /The template is in\s+`([^`]+)`/.exec(policy)?.[1];
    expect(DEFAULT_PLAYBOOK.customerEmail.templatePath).toBe(emailTemplate);
  });

  it('the CLI the policy shows is the command the review prints', () => {
    const shown = /^(zephyr incident open --sev \d+ --summary) "([^"]+)"$/m.exec(policy);
    expect(shown).not.toBeNull();
    const sev = Number(/--sev (\d+)/.exec(shown?.[1] ?? '')?.[1]) as 1 | 2 | 3;
    expect(cliCommand({ severity: sev, summary: shown?.[2] ?? '' })).toBe(
      `${shown?.[1] ?? ''} '${shown?.[2] ?? ''}'`,
    );
    const creates = /The CLI creates (.+?)\. It pages the\s+right rotation\. It pins the runbook/s
      .exec(policy)?.[1]
      ?.replace(/\s+/g, ' ');
    expect(creates).toBe('the Slack channel, the status page entry, and the Linear ticket');
    for (const id of ['slack-channel', 'statuspage', 'linear', 'pages', 'slack-runbook']) {
      expect(ACTION_IDS).toContain(id);
    }
  });

  it('the roles’ names and what each owns, as the policy lists them', () => {
    const names = [...policy.matchAll(/^- \*\*(.+?)\*\* —/gm)].map((m) => m[1]);
    expect(names).toEqual(['Incident commander (IC)', 'Comms', 'Investigator(s)']);
    const { commander, comms, investigators } = DEFAULT_PLAYBOOK.roles;
    expect([commander.title, comms.title, investigators.title]).toEqual([
      (names[0] ?? '').replace(' (IC)', ''),
      names[1],
      (names[2] ?? '').replace('(s)', 's'),
    ]);
    // "Comms — owns … the customer email …. Often the EM." and "drafted by the IC".
    expect(policy).toMatch(/\*\*Comms\*\* — owns the status page, the customer email/);
    expect(DEFAULT_PLAYBOOK.customerEmail.owner).toBe('comms');
    expect(policy).toMatch(/Often the\s+EM\./);
    const now = Date.parse('2026-03-02T03:00:00Z');
    expect(defaultRoles({ rotations: [emRotation(now)], me: ME, now }).comms).toEqual(EVE);
    expect(policy).toMatch(/post-mortem within \d+ hours, drafted by the IC/);
    expect(DEFAULT_PLAYBOOK.postMortem.owner).toBe('commander');
  });

  it('updates land in the channel and on the status page; the post-mortem is blameless', () => {
    expect(policy).toMatch(/Status updates land in the channel and on the status page/);
    expect(DEFAULT_PLAYBOOK.statusUpdates.channels).toEqual(
      expect.arrayContaining(['slack', 'statuspage']),
    );
    expect(policy).toMatch(/A blameless post-mortem/);
    expect(DEFAULT_PLAYBOOK.postMortem.blameless).toBe(true);
  });

  it('a post-mortem reviewed by the team, closing with one or more owned action items', () => {
    // "Reviewed by the team": a team is more than one person.
    expect(policy).toMatch(/reviewed by the team/);
    expect(DEFAULT_PLAYBOOK.postMortem.reviewersRequired).toBeGreaterThanOrEqual(2);
    expect(policy).toMatch(
      /closes with one or more \*\*action items\*\*, each owned by a named person/,
    );
    expect(validateActionItems([], DEFAULT_PLAYBOOK, { requireAtLeastOne: true })).toHaveLength(1);
    expect(DEFAULT_PLAYBOOK.postMortem.actionItemsRequireOwner).toBe(true);
    // "If none ever ship, escalate that pattern": a pattern takes more than one post-mortem.
    expect(policy).toMatch(/If none ever ship, escalate that pattern/);
    expect(DEFAULT_PLAYBOOK.postMortem.unshipped.lastPostMortems).toBeGreaterThan(1);
  });

  it('the customer email’s tone and apologies, as the policy words them', () => {
    const tone = /Tone: ([^.]+)\./.exec(policy)?.[1]?.split(', ');
    expect(DEFAULT_PLAYBOOK.customerEmail.tone).toEqual(tone);
    const once = /Apologise (once|twice)\./.exec(policy)?.[1];
    expect(DEFAULT_PLAYBOOK.customerEmail.maxApologies).toBe(once === 'once' ? 1 : 2);
  });

  it('the chain, in the policy’s order: next person, EM on-call, founder on-call', () => {
    const order = [
      ['rotation-next', /pages the next person in the rotation/],
      ['em', /the EM on-call is paged/],
      ['founder', /the founder on-call is paged/],
    ] as const;
    const at = order.map(([role, re]) => ({ role, index: policy.search(re) }));
    expect(at.every((a) => a.index >= 0)).toBe(true);
    const inPolicy = [...at].sort((a, b) => a.index - b.index).map((a) => a.role);
    expect(DEFAULT_PLAYBOOK.escalation.steps.map((s) => s.role)).toEqual(['rotation', ...inPolicy]);
    expect(policy).toMatch(/always someone\s+awake/);
    expect(COVERAGE_HORIZON_MS).toBeGreaterThan(0);
  });
});
