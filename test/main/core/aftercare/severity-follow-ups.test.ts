/**
 * What a severity change does after it is made, each on its own with its own result: the message
 * in the incident's Slack channel, the channel topic, the status page (the impact follows the
 * severity; a SEV-3 unticked at review gets its entry once raised to a customer-visible
 * severity), and through PagerDuty the urgency; a retry never posts twice. The timeline's entries
 * a change writes are stamped in the platform's time (a 14.5-minute skew; the declaration's are
 * stamped by the declare service, `declare-service.test.ts`), and the customer email follows the
 * severity the incident has when it is resolved.
 */
import { describe, expect, it } from 'vitest';
import type { FollowUp } from '../../../../src/shared/aftercare/timeline.js';
import type { Incident, Page } from '../../../../src/shared/domain.js';
import { DEFAULT_PLAYBOOK } from '../../../../src/shared/playbook.js';
import { InMemoryStore } from '../../../fakes/in-memory-store.js';
import { CHANNEL_ID, declared, InvitingSlack, PRIYA, setup, sev3 } from './changes-harness.js';
import { FakeStatuspage } from './fakes.js';

const states = (followUps: readonly FollowUp[]) =>
  followUps.map((f) => [f.action, f.status, f.detail]);

/** A Slack whose next post reaches the channel but whose answer is lost. */
class LossySlack extends InvitingSlack {
  loseNextAnswer = false;
  override async postMessage(channel: string, text: string): Promise<{ ts: string }> {
    const answer = await super.postMessage(channel, text);
    if (this.loseNextAnswer) {
      this.loseNextAnswer = false;
      throw new Error('could not reach Slack: connection reset');
    }
    return answer;
  }
}

/** A Statuspage whose next entry is opened but whose answer is lost. */
class LossyStatuspage extends FakeStatuspage {
  loseNextAnswer = false;
  override async createIncident(input: Parameters<FakeStatuspage['createIncident']>[0]) {
    const entry = await super.createIncident(input);
    if (this.loseNextAnswer) {
      this.loseNextAnswer = false;
      throw new Error('Statuspage failed (HTTP 502)');
    }
    return entry;
  }
}

describe('a severity change, said everywhere', () => {
  it('SEV-3 (status page unticked) raised to SEV-1: the channel is told, the topic says SEV-1, the status page entry is opened', async () => {
    const statuspage = new FakeStatuspage();
    const d = declared();
    const { severity, slack, detail, service, changes, platform } = setup({
      declaration: d,
      integrations: { statuspage },
    });
    const result = await severity(1);

    expect(slack.posts.map((p) => [p.channel, p.text.split('\n')[0]])).toEqual([
      [
        CHANNEL_ID,
        'Severity raised from SEV-3 to SEV-1 by Robin Ops: paging Priya Raman, Engineering managers rotation (Marcus Lee), Founders rotation (Dana Okafor)',
      ],
    ]);
    expect(slack.topics).toEqual([
      {
        channel: CHANNEL_ID,
        topic: 'SEV-1 · investigating · IC Robin Ops · Checkout retries elevated',
      },
    ]);
    // The entry the declaration would have opened for a SEV-1, tagged with its id.
    expect(statuspage.created).toEqual([
      expect.objectContaining({
        name: 'Checkout retries elevated',
        impact: 'critical',
        declarationId: d.id,
      }),
    ]);
    expect(result.change && states(result.change.followUps)).toEqual([
      ['slack-message', 'done', 'Posted in the channel'],
      [
        'slack-topic',
        'done',
        'Topic: SEV-1 · investigating · IC Robin Ops · Checkout retries elevated',
      ],
      ['statuspage', 'done', 'Entry posted (investigating, impact critical)'],
    ]);
    // Its link goes on the platform incident, as the declaration's link step does for its entry.
    expect(changes.patches).toContainEqual({
      links: { statusPage: 'https://status.example.com/sp-new-1' },
    });
    expect(platform.incidents[0]?.links.statusPage).toBe('https://status.example.com/sp-new-1');

    // The console shows each result; the timeline has each follow-up after the change.
    const shown = await detail();
    expect(shown.severityChanges.map((c) => [c.from, c.to, c.by?.name])).toEqual([
      [3, 1, 'Robin Ops'],
    ]);
    const texts = shown.entries.map((e) => e.text);
    const at = (t: string) => texts.findIndex((x) => x.startsWith(t));
    expect(at('Severity raised')).toBeLessThan(at('Posted in the channel'));
    expect(texts).toEqual(
      expect.arrayContaining([
        'Posted in the channel: “Severity raised from SEV-3 to SEV-1 by Robin Ops: paging Priya Raman, Engineering managers rotation (Marcus Lee), Founders rotation (Dana Okafor)”',
        'Channel topic set to “SEV-1 · investigating · IC Robin Ops · Checkout retries elevated”',
        'Status page entry posted (investigating, impact critical): SEV-1 is customer-visible',
      ]),
    );

    // Status updates now reach the new entry; lowering sets its impact, without a second entry.
    const post = await service.handlers['updates:post']({
      incidentId: 'INC-7',
      status: 'identified',
      message: 'Found it.',
    });
    expect(post.deliveries.statuspage.status).toBe('sent');
    expect(statuspage.updates.map((u) => u.incidentId)).toEqual(['sp-new-1']);
    const lowered = await severity(2);
    expect(statuspage.created).toHaveLength(1);
    expect(statuspage.impacts).toEqual([{ incidentId: 'sp-new-1', impact: 'major' }]);
    expect(slack.posts.at(-1)?.text.split('\n')[0]).toBe(
      'Severity lowered from SEV-1 to SEV-2 by Robin Ops: nobody is paged',
    );
    expect(lowered.change && states(lowered.change.followUps)[2]).toEqual([
      'statuspage',
      'done',
      'Impact set to major',
    ]);
  });

  it('an entry the incident already has gets the new severity’s impact (the declaration’s mapping)', async () => {
    const statuspage = new FakeStatuspage();
    const incident: Incident = {
      ...sev3(),
      severity: 2,
      links: { ...sev3().links, statusPage: 'https://manage.statuspage.io/pages/p/incidents/sp7' },
    };
    const { severity } = setup({ incident, integrations: { statuspage } });
    await severity(1);
    expect(statuspage.impacts).toEqual([{ incidentId: 'sp7', impact: 'critical' }]);
    expect(statuspage.created).toEqual([]);
  });

  it('a failed Slack message is retried on its own, and never posted twice', async () => {
    const slack = new LossySlack();
    const { severity, service } = setup({ declaration: declared(), integrations: { slack } });
    slack.loseNextAnswer = true;
    const { change } = await severity(2);
    if (!change) throw new Error('expected a severity change');
    expect(states(change.followUps)[0]).toEqual([
      'slack-message',
      'failed',
      'could not reach Slack: connection reset',
    ]);
    // The other follow-ups did not wait for it.
    expect(change.followUps.map((f) => f.status)).toEqual(['failed', 'done', 'skipped']);

    const retried = await service.handlers['incidents:retry-change-action']({
      incidentId: 'INC-7',
      changeId: change.id,
      action: 'slack-message',
    });
    // The first post went out: the retry finds it by its marker instead of posting again.
    expect(slack.posts).toHaveLength(1);
    expect(retried.followUps[0]).toMatchObject({
      status: 'done',
      attempts: 2,
      ref: slack.posts[0]?.ts,
    });
    await expect(
      service.handlers['incidents:retry-change-action']({
        incidentId: 'INC-7',
        changeId: change.id,
        action: 'slack-message',
      }),
    ).rejects.toThrow(/done already/);
  });

  it('a status page entry whose answer was lost is found on Retry, not opened twice', async () => {
    const statuspage = new LossyStatuspage();
    const { severity, service } = setup({ declaration: declared(), integrations: { statuspage } });
    statuspage.loseNextAnswer = true;
    const { change } = await severity(2);
    if (!change) throw new Error('expected a severity change');
    expect(change.followUps[2]).toMatchObject({ status: 'failed' });
    const retried = await service.handlers['incidents:retry-change-action']({
      incidentId: 'INC-7',
      changeId: change.id,
      action: 'statuspage',
    });
    expect(statuspage.created).toHaveLength(1);
    expect(retried.followUps[2]).toMatchObject({
      status: 'done',
      ref: 'sp-new-1',
      detail: 'Entry posted (investigating, impact major)',
    });
  });

  it('not connected: skipped and said so; connected later, Retry does it', async () => {
    const h = setup({ declaration: declared(), integrations: { slack: undefined } });
    const { change } = await h.severity(2);
    if (!change) throw new Error('expected a severity change');
    expect(change.followUps.map((f) => [f.action, f.status, f.detail, f.notConnected])).toEqual([
      ['slack-message', 'skipped', 'Slack is not connected', true],
      ['slack-topic', 'skipped', 'Slack is not connected', true],
      ['statuspage', 'skipped', 'Statuspage is not connected', true],
    ]);
    const statuspage = new FakeStatuspage();
    h.integrations.statuspage = statuspage;
    const retried = await h.service.handlers['incidents:retry-change-action']({
      incidentId: 'INC-7',
      changeId: change.id,
      action: 'statuspage',
    });
    expect(retried.followUps[2]?.status).toBe('done');
    expect(statuspage.created.map((c) => c.impact)).toEqual(['major']);
  });

  it('a follow-up the app stopped in shows as failed after a restart, and its Retry posts once', async () => {
    const store = new InMemoryStore<unknown>();
    const slack = new LossySlack();
    let reached: () => void = () => undefined;
    const posting = new Promise<void>((resolve) => (reached = resolve));
    // The first app posts, then stops before the answer comes (it never comes).
    const hanging = Object.assign(Object.create(slack) as LossySlack, {
      postMessage: async (channel: string, text: string) => {
        await slack.postMessage(channel, text);
        reached();
        return new Promise<never>(() => undefined);
      },
    });
    const declaration = declared();
    const first = setup({ declaration, integrations: { slack: hanging }, store });
    void first.severity(2);
    await posting;

    const second = setup({ declaration, integrations: { slack }, store });
    const [change] = (await second.detail()).severityChanges;
    expect(change?.followUps[0]).toMatchObject({
      status: 'failed',
      detail: 'Interrupted: the app stopped while it ran',
    });
    await second.service.handlers['incidents:retry-change-action']({
      incidentId: 'INC-7',
      changeId: change?.id ?? '',
      action: 'slack-message',
    });
    expect(slack.posts).toHaveLength(1);
  });

  it('an incident not declared here: raised from SEV-3 it gets an entry; lowered without one, nothing to set', async () => {
    const statuspage = new FakeStatuspage();
    const { severity } = setup({ integrations: { statuspage } });
    const raised = await severity(2);
    expect(statuspage.created.map((c) => c.declarationId)).toEqual(['incident:INC-7']);
    expect(raised.change?.followUps[2]?.status).toBe('done');

    const other = setup({
      incident: { ...sev3(), severity: 2 },
      integrations: { statuspage: new FakeStatuspage() },
    });
    const lowered = await other.severity(3);
    expect(lowered.change && states(lowered.change.followUps)[2]).toEqual([
      'statuspage',
      'skipped',
      'This incident has no status page entry, and SEV-3 is not customer-visible',
    ]);
  });

  it('through PagerDuty, a SEV-3 raised to SEV-1 gets high urgency; one already high is not listed', async () => {
    const raised: string[] = [];
    const pagerduty = {
      resolveIncident: async (id: string) => ({ id, status: 'resolved' }) as unknown as Page,
      addResponders: async () => undefined,
      raiseUrgency: async (id: string) => {
        raised.push(id);
        return { changed: true };
      },
    };
    const { severity, timeline } = setup({
      declaration: declared({ pagerduty: true }),
      integrations: { pagerduty },
    });
    const { change } = await severity(1);
    expect(raised).toEqual(['PD-9']);
    expect(change && states(change.followUps)[3]).toEqual([
      'pagerduty-urgency',
      'done',
      'PD-9 raised to high urgency',
    ]);
    expect((await timeline()).map((e) => e.text)).toContain(
      'PagerDuty incident PD-9 raised to high urgency (SEV-1)',
    );
    // SEV-2 is high urgency already (the declaration's mapping): lowering then raising asks nothing.
    await severity(2);
    const again = await severity(1);
    expect(again.change?.followUps.map((f) => f.action)).not.toContain('pagerduty-urgency');
    expect(raised).toEqual(['PD-9']);
  });
});

describe('the app’s timeline entries in the platform’s time', () => {
  /** 14.5 minutes: the platform's clock runs this far behind the laptop's. */
  const SKEW = -14.5 * 60_000;

  it('a change sorts among the platform’s updates by the platform’s clock', async () => {
    // Declared at laptop 03:00, stamped by the declare service at platform 02:45:30.
    const h = setup({ declaration: declared({ at: '2026-03-02T02:45:30Z' }), skewMs: SKEW });
    // Posted elsewhere (the CLI) at platform 02:47, between the declaration and the change
    // (laptop 03:05, platform 02:50:30), and at 02:52, after the change.
    for (const [id, at] of [
      ['U-cli-1', '2026-03-02T02:47:00.000Z'],
      ['U-cli-2', '2026-03-02T02:52:00.000Z'],
    ] as const) {
      h.platform.updates.push({
        id,
        incidentId: 'INC-7',
        status: 'investigating',
        message: `From the CLI ${id}`,
        postedAt: at,
        author: PRIYA,
      });
    }
    const result = await h.severity(1);
    const entries = await h.timeline();
    const at = (start: string) => entries.find((e) => e.text.startsWith(start))?.at;
    expect(at('Severity raised')).toBe('2026-03-02T02:50:30.000Z');
    expect(at('Paged for SEV-1')).toBe('2026-03-02T02:50:30.000Z');
    expect(at('Invited')).toBe('2026-03-02T02:50:30.000Z');
    expect(at('Posted in the channel')).toBe('2026-03-02T02:50:30.000Z');
    expect(result.pages.map((p) => p.at)).toEqual(Array(3).fill('2026-03-02T02:50:30.000Z'));
    expect(result.change?.at).toBe('2026-03-02T02:50:30.000Z');
    const order = [
      'Declared SEV-3',
      'From the CLI U-cli-1',
      'Severity raised',
      'From the CLI U-cli-2',
    ];
    const positions = order.map((t) => entries.findIndex((e) => e.text.includes(t)));
    expect(positions).not.toContain(-1);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('entries written a moment apart keep their order while the measured skew jitters', async () => {
    const h = setup({ declaration: declared({ at: '2026-03-02T02:45:30Z' }), skewMs: SKEW });
    // An answer arriving between the severity's entry and the pages measures 0.8 s less skew.
    const send = h.changes.createPage.bind(h.changes);
    h.changes.createPage = async (body, key) => {
      h.setSkew(SKEW - 800);
      return send(body, key);
    };
    await h.severity(1);
    const kinds = (await h.timeline()).map((e) => e.kind);
    const since = kinds.indexOf('severity');
    expect(kinds.slice(since)).toEqual([
      'severity',
      'paged',
      'invited',
      'announced',
      'channel-topic',
    ]);
  });

  it('a role change too', async () => {
    const h = setup({ declaration: declared({ at: '2026-03-02T02:45:30Z' }), skewMs: SKEW });
    const result = await h.service.handlers['incidents:change-role']({
      incidentId: 'INC-7',
      role: 'comms',
      personId: 'priya',
    });
    expect(result.entries.map((e) => e.at)).toEqual([
      '2026-03-02T02:50:30.000Z',
      '2026-03-02T02:50:30.000Z',
    ]);
  });
});

describe('the customer email follows the severity at resolution', () => {
  const clockKinds = async (h: ReturnType<typeof setup>) =>
    (await h.detail()).entry.clocks.map((c) => c.kind);

  it('a SEV-3 raised to SEV-2 owes the customer email within 24 h of resolution', async () => {
    const h = setup({ declaration: declared(), feedFollowsPlatform: true });
    await h.severity(2);
    // Past the 60 s in which the change wins over the feed: the feed says SEV-2 too.
    h.clock.advance(2 * 60_000);
    h.service.refresh();
    await h.service.handlers['incidents:resolve']({ incidentId: 'INC-7', message: 'Fixed.' });
    expect(await clockKinds(h)).toEqual(['customer-email', 'post-mortem']);
    const email = (await h.detail()).entry.clocks[0];
    expect(Date.parse(email?.dueAt ?? '') - Date.parse(email?.startsAt ?? '')).toBe(24 * 3600_000);
    expect(DEFAULT_PLAYBOOK.customerEmail.severities).toEqual([1, 2]);
  });

  it('a SEV-2 lowered to SEV-3 owes none', async () => {
    const h = setup({ incident: { ...sev3(), severity: 2 }, feedFollowsPlatform: true });
    await h.severity(3);
    await h.service.handlers['incidents:resolve']({ incidentId: 'INC-7', message: 'Fixed.' });
    expect(await clockKinds(h)).toEqual(['post-mortem']);
  });
});
