/**
 * Issue 11 item 5: roles and severity change during the incident. Raising the severity pages
 * whoever the new severity adds (rotation pages carrying the incident's id, through the
 * declaration's own planner), lowering it pages no one, a failed page is retried without paging
 * anyone twice, through PagerDuty the ladder's policies are added as responders; a role change
 * updates the holder on the platform and invites them to the channel. Every change lands on the
 * timeline with its time and the app's user as actor.
 */
import { describe, expect, it } from 'vitest';
import { commands } from '../../../../src/shared/contract.js';
import { DEFAULT_PLAYBOOK, type Playbook } from '../../../../src/shared/playbook.js';
import { declared, MARCUS, PRIYA, SAM, setup, sev3 } from './changes-harness.js';
import { serviceWith } from './harness.js';

describe('changing the severity during an incident', () => {
  it('raising SEV-3 to SEV-1 pages the platform on-call, the EM and the founder, once each, with the incident id', async () => {
    const { changes, severity, slack, timeline, clock } = setup({ declaration: declared() });
    clock.advance(10 * 60_000);
    const result = await severity(1);

    expect(changes.patches).toEqual([{ severity: 1 }]);
    expect(result.incident.severity).toBe(1);
    // Priya (platform level 2; Robin, level 1, is the user), the EM and founder rotations; the
    // checkout rotation was paged by the declaration and is not paged again.
    expect(changes.targets()).toEqual(['priya', 'rotation:em', 'rotation:founder']);
    expect(changes.pages.map((p) => p.body.incidentId)).toEqual(['INC-7', 'INC-7', 'INC-7']);
    expect(changes.pages.map((p) => p.body.severity)).toEqual([1, 1, 1]);
    expect(changes.pages.map((p) => p.key)).toEqual([
      'zephyr-change:INC-7:page:priya',
      'zephyr-change:INC-7:page:rotation:em',
      'zephyr-change:INC-7:page:rotation:founder',
    ]);
    expect(result.pages.map((p) => p.status)).toEqual(['paged', 'paged', 'paged']);
    // Everyone newly paged joins the channel.
    expect(slack.invites).toEqual([{ channel: 'C0INC7', users: ['UPRIYA', 'UMARCUS', 'UDANA'] }]);

    // The change's own lines (its follow-ups are `severity-follow-ups.test.ts`'s).
    const lines = (await timeline()).filter(
      (e) =>
        e.at === '2026-03-02T03:15:00.000Z' && ['severity', 'paged', 'invited'].includes(e.kind),
    );
    expect(lines.map((e) => [e.kind, e.text, e.actor?.name])).toEqual([
      ['severity', 'Severity raised from SEV-3 to SEV-1', 'Robin Ops'],
      [
        'paged',
        'Paged for SEV-1: Priya Raman, Engineering managers rotation (Marcus Lee), Founders rotation (Dana Okafor)',
        'Robin Ops',
      ],
      ['invited', 'Invited Priya Raman, Marcus Lee, Dana Okafor to the channel', 'Robin Ops'],
    ]);
  });

  it('lowering pages no one, and raising again pages nobody already paged', async () => {
    const { changes, severity, timeline } = setup({ declaration: declared() });
    await severity(1);
    const lowered = await severity(2);
    expect(lowered.pages).toEqual([]);
    expect(changes.pages).toHaveLength(3);
    const raised = await severity(1);
    expect(raised.pages).toEqual([]);
    expect(raised.notes).toContain('Everyone SEV-1 pages was already paged for this incident.');
    expect(changes.pages).toHaveLength(3);
    const texts = (await timeline()).filter((e) => e.kind === 'severity').map((e) => e.text);
    expect(texts).toEqual([
      'Severity raised from SEV-3 to SEV-1',
      'Severity lowered from SEV-1 to SEV-2: nobody is paged',
      'Severity raised from SEV-2 to SEV-1',
    ]);
  });

  it('SEV-3 to SEV-2 adds only the platform rotation', async () => {
    const { changes, severity } = setup({ declaration: declared() });
    await severity(2);
    expect(changes.targets()).toEqual(['rotation:platform']);
  });

  it('a page that failed says why and is retried at the same severity; nothing is paged twice', async () => {
    const { changes, severity, service } = setup({ declaration: declared() });
    changes.failing.add('rotation:em');
    const first = await severity(1);
    expect(first.pages.map((p) => [p.key, p.status])).toEqual([
      ['priya', 'paged'],
      ['rotation:em', 'failed'],
      ['rotation:founder', 'paged'],
    ]);
    expect(first.pages[1]?.message).toMatch(/HTTP 503/);
    expect(first.entries.find((e) => e.kind === 'paged')?.text).toMatch(
      /Could not page Engineering managers rotation \(Marcus Lee\): .*HTTP 503/,
    );
    const retry = await severity(1);
    expect(retry.pages.map((p) => [p.key, p.status])).toEqual([['rotation:em', 'paged']]);
    expect(changes.targets()).toEqual(['priya', 'rotation:founder', 'rotation:em']);
    await expect(severity(1)).rejects.toThrow(/already SEV-1, and everyone it pages was paged/);
    const detail = await service.handlers['incidents:get']({ incidentId: 'INC-7' });
    expect(detail.changePages.map((p) => p.status)).toEqual(['paged', 'paged', 'paged']);
  });

  it('an incident not declared here: the pages of the severity it had count as sent', async () => {
    const { changes, severity } = setup();
    await severity(1);
    expect(changes.targets()).toEqual(['priya', 'rotation:em', 'rotation:founder']);
  });

  it('refuses before changing anything while the rotation feed is unknown', async () => {
    const h = setup({ declaration: declared() });
    const service = serviceWith({ changes: h.changes }, sev3(), {
      rotations: () => undefined,
    }).service;
    await expect(
      service.handlers['incidents:change-severity']({ incidentId: 'INC-7', severity: 1 }),
    ).rejects.toThrow(/rotation feed has not been read yet/);
    expect(h.changes.patches).toEqual([]);
  });

  it('resolving the incident resolves the pages the changes sent too', async () => {
    const { severity, service, pageResolutions } = setup({ declaration: declared() });
    await severity(1);
    await service.handlers['incidents:resolve']({ incidentId: 'INC-7', message: 'Fixed.' });
    expect(pageResolutions.sort()).toEqual(['CP-1', 'CP-2', 'CP-3']);
  });

  it('the console keeps the new severity while the feed still carries the old one', async () => {
    const { severity, service, clock } = setup({ declaration: declared() });
    await severity(1);
    service.refresh();
    expect(service.view().incidents[0]?.incident.severity).toBe(1);
    clock.advance(2 * 60_000);
    service.refresh();
    // The feed (never updated in this test) wins once the grace is over.
    expect(service.view().incidents[0]?.incident.severity).toBe(3);
  });

  it('through PagerDuty, raising to SEV-1 adds the EM and founder policies as responders, once', async () => {
    const pdCalls: string[][] = [];
    const playbook: Playbook = {
      ...DEFAULT_PLAYBOOK,
      pagerduty: { emEscalationPolicyId: 'PEM', founderEscalationPolicyId: 'PFOUNDER' },
    };
    const { changes, severity, timeline } = setup({
      declaration: declared({ pagerduty: true }),
      playbook,
      pdCalls,
    });
    const result = await severity(1);
    expect(pdCalls).toEqual([['PEM', 'PFOUNDER']]);
    expect(changes.pages).toEqual([]);
    expect(result.entries.map((e) => e.text)).toContain(
      'Added the EM on-call policy and the founder on-call policy as responders through PagerDuty (SEV-1)',
    );
    await severity(2);
    await severity(1);
    expect(pdCalls).toHaveLength(1);
    const kinds = (await timeline()).filter((e) => e.kind === 'paged').map((e) => e.text);
    expect(kinds).toEqual([
      'PagerDuty incident PD-9 opened on Checkout',
      'Added the EM on-call policy and the founder on-call policy as responders through PagerDuty (SEV-1)',
    ]);
  });

  it('refuses on a resolved incident', async () => {
    const { severity, service } = setup({ declaration: declared() });
    await service.handlers['incidents:resolve']({ incidentId: 'INC-7', message: 'Fixed.' });
    await expect(severity(1)).rejects.toThrow(/is resolved/);
  });
});

describe('changing a role during an incident', () => {
  it('hands Comms to someone of the rotation feed, invites them and puts it on the timeline', async () => {
    const { service, changes, slack, timeline, clock } = setup({ declaration: declared() });
    clock.advance(60_000);
    const result = await service.handlers['incidents:change-role']({
      incidentId: 'INC-7',
      role: 'comms',
      personId: 'marcus',
    });
    expect(changes.patches).toEqual([{ roles: { comms: MARCUS } }]);
    expect(result.incident.roles.comms?.name).toBe('Marcus Lee');
    expect(slack.invites).toEqual([{ channel: 'C0INC7', users: ['UMARCUS'] }]);
    const entries = (await timeline()).filter((e) => e.kind === 'role' || e.kind === 'invited');
    expect(entries.map((e) => [e.at, e.text, e.actor?.id])).toEqual([
      ['2026-03-02T03:06:00.000Z', 'Comms handed from Robin Ops to Marcus Lee', 'robin'],
      ['2026-03-02T03:06:00.000Z', 'Invited Marcus Lee to the channel', 'robin'],
    ]);
  });

  it('a new commander is named in the channel topic, on the timeline; other roles leave it alone', async () => {
    const { service, slack, timeline } = setup({ declaration: declared() });
    await service.handlers['incidents:change-role']({
      incidentId: 'INC-7',
      role: 'comms',
      personId: 'marcus',
    });
    expect(slack.topics).toEqual([]);
    await service.handlers['incidents:change-role']({
      incidentId: 'INC-7',
      role: 'commander',
      personId: 'priya',
    });
    expect(slack.topics).toEqual([
      { channel: 'C0INC7', topic: expect.stringContaining('IC Priya Raman') as string },
    ]);
    const topicEntries = (await timeline()).filter((e) => e.kind === 'channel-topic');
    expect(topicEntries.map((e) => e.text)).toEqual([
      `Channel topic set to “${slack.topics[0]?.topic ?? ''}”`,
    ]);
  });

  it('changes the investigators as a list and invites only the new ones', async () => {
    const { service, changes, slack } = setup({ declaration: declared() });
    const result = await service.handlers['incidents:change-role']({
      incidentId: 'INC-7',
      role: 'investigators',
      personIds: ['sam', 'priya'],
    });
    expect(changes.patches).toEqual([{ roles: { investigators: [SAM, PRIYA] } }]);
    expect(result.entries[0]?.text).toBe(
      'Investigators changed from Sam Ortiz to Sam Ortiz, Priya Raman',
    );
    expect(slack.invites).toEqual([{ channel: 'C0INC7', users: ['UPRIYA'] }]);
  });

  it('refuses someone not on the rotation feed, and a change that changes nothing', async () => {
    const { service, changes } = setup({ declaration: declared() });
    await expect(
      service.handlers['incidents:change-role']({
        incidentId: 'INC-7',
        role: 'commander',
        personId: 'mallory',
      }),
    ).rejects.toThrow(/Nobody with id 'mallory'/);
    await expect(
      service.handlers['incidents:change-role']({
        incidentId: 'INC-7',
        role: 'commander',
        personId: 'robin',
      }),
    ).rejects.toThrow(/already hold/);
    expect(changes.patches).toEqual([]);
  });

  it('the contract takes ids only, and only the three roles and SEV-1 to SEV-3', () => {
    const role = commands['incidents:change-role'].input;
    expect(role.safeParse({ incidentId: 'INC-7', role: 'comms', personId: 'marcus' }).success).toBe(
      true,
    );
    expect(role.safeParse({ incidentId: 'INC-7', role: 'comms', personId: MARCUS }).success).toBe(
      false,
    );
    expect(role.safeParse({ incidentId: 'INC-7', role: 'owner', personId: 'x' }).success).toBe(
      false,
    );
    expect(
      role.safeParse({ incidentId: 'INC-7', role: 'investigators', personIds: ['a'], extra: 1 })
        .success,
    ).toBe(false);
    const severity = commands['incidents:change-severity'].input;
    expect(severity.safeParse({ incidentId: 'INC-7', severity: 1 }).success).toBe(true);
    expect(severity.safeParse({ incidentId: 'INC-7', severity: 4 }).success).toBe(false);
    expect(severity.safeParse({ incidentId: 'INC-7', severity: '1' }).success).toBe(false);
  });
});
