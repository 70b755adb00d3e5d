import { beforeEach, describe, expect, it } from 'vitest';
import type { GitPublisher } from '../../../../src/main/core/aftercare/post-mortem-publish.js';
import { createGitPublisher } from '../../../../src/main/node/git-publisher.js';
import {
  createAftercareService,
  type AftercareIntegrations,
  type AftercareService,
} from '../../../../src/main/core/aftercare/aftercare-service.js';
import { DEFAULT_PLAYBOOK } from '../../../../src/shared/playbook.js';
import {
  DEFAULT_CUSTOMER_EMAIL_TEMPLATE,
  DEFAULT_POST_MORTEM_TEMPLATE,
} from '../../../../src/shared/aftercare/default-templates.js';
import type { AppState, Incident, Person } from '../../../../src/shared/domain.js';
import type { TrayMenuItem } from '../../../../src/main/core/ports.js';
import { FakeClock, flushAsync } from '../../../fakes/fake-clock.js';
import { InMemoryStore } from '../../../fakes/in-memory-store.js';
import { RecordingLogger } from '../../../fakes/recording-logger.js';
import { RecordingNotifier } from '../../../fakes/recording-notifier.js';
import { createGitRemote, git } from '../../../helpers/git-remote.js';
import { FakeLinear, FakePlatform, FakeSlack, FakeStatuspage } from './fakes.js';
import { postMortemDraft } from './harness.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.parse('2026-03-02T03:00:00Z');

const ana: Person = { id: 'ana', name: 'Ana Ruiz', email: 'ana@example.com' };
const ben: Person = { id: 'ben', name: 'Ben Cho', email: 'ben@example.com' };
const cat: Person = { id: 'cat', name: 'Cat Lin', email: 'cat@example.com' };

function incident(over: Partial<Incident> = {}): Incident {
  return {
    id: 'INC-1',
    severity: 2,
    summary: 'Checkout p99 elevated',
    service: 'checkout',
    status: 'investigating',
    openedAt: new Date(T0).toISOString(),
    roles: { commander: ana, comms: ben, investigators: [cat] },
    links: {
      channel: 'https://acme.slack.com/archives/C0INC1',
      statusPage: 'https://manage.statuspage.io/pages/p1/incidents/sp123',
    },
    ...over,
  };
}

function state(me: Person, incidents: Incident[]): AppState {
  return {
    sources: [
      {
        id: 'zephyr',
        kind: 'zephyr',
        label: 'Zephyr',
        demo: false,
        health: { state: 'ok', alarm: false },
        me,
      },
    ],
    onCall: true,
    myShiftsNow: [],
    myNextShift: null,
    rotations: [],
    pages: [],
    incidents: incidents.map((i) => ({ sourceId: 'zephyr', incident: i })),
    tray: { state: 'incident', tooltip: '' },
    reachability: { ok: true, problems: [] },
    playbook: { origin: 'default' },
    firstRun: false,
  };
}

interface Harness {
  clock: FakeClock;
  notifier: RecordingNotifier;
  store: InMemoryStore<unknown>;
  slack: FakeSlack;
  statuspage: FakeStatuspage;
  linear: FakeLinear;
  platform: FakePlatform;
  feed: Incident[];
  me: Person;
  tray: TrayMenuItem[];
  /** The EM on call in the rotations feed, if any. */
  emOnCall?: Person;
  saved: { name: string; content: string }[];
  mailto: string[];
  integrations: AftercareIntegrations;
  service: AftercareService;
  /** A second service over the same store: a restart. */
  restart(): AftercareService;
}

function harness(
  opts: { me?: Person; incidents?: Incident[]; git?: GitPublisher; repoPath?: string } = {},
): Harness {
  const clock = new FakeClock(T0);
  const feed = opts.incidents ?? [incident()];
  const h = {
    clock,
    notifier: new RecordingNotifier(),
    store: new InMemoryStore<unknown>(),
    slack: new FakeSlack(),
    statuspage: new FakeStatuspage(),
    linear: new FakeLinear(),
    platform: new FakePlatform(structuredClone(feed), () => clock.now(), opts.me ?? ana),
    feed,
    me: opts.me ?? ana,
    tray: [] as TrayMenuItem[],
    saved: [] as { name: string; content: string }[],
    mailto: [] as string[],
  } as Harness;
  h.integrations = {
    slack: h.slack,
    statuspage: h.statuspage,
    platform: h.platform,
    linear: { client: h.linear, team: 'OPS' },
  };
  const make = (): AftercareService => {
    const s = createAftercareService({
      clock,
      logger: new RecordingLogger(),
      store: h.store,
      playbook: () => DEFAULT_PLAYBOOK,
      notifier: h.notifier,
      appState: () => {
        const s = state(h.me, h.feed);
        if (!h.emOnCall) return s;
        const end = new Date(clock.now() + 24 * HOUR).toISOString();
        return {
          ...s,
          rotations: [
            {
              sourceId: 'zephyr',
              id: 'em',
              name: 'EM on-call',
              kind: 'em' as const,
              now: [{ person: h.emOnCall, level: 1, end }],
              next: [],
            },
          ],
        };
      },
      integrations: () => h.integrations,
      readTemplate: (kind) => ({
        text:
          kind === 'customer-email'
            ? DEFAULT_CUSTOMER_EMAIL_TEMPLATE
            : DEFAULT_POST_MORTEM_TEMPLATE,
        origin: 'default',
        note: null,
        source: 'Built-in template.',
      }),
      openMailto: async (url) => {
        h.mailto.push(url);
        return true;
      },
      saveFile: async (name, content) => {
        h.saved.push({ name, content });
        return `/exports/${name}`;
      },
      onTrayItems: (items) => {
        h.tray = items;
      },
      ...(opts.git ? { git: opts.git } : {}),
      platformRepoPath: () => opts.repoPath ?? '',
      newId: (() => {
        let n = 0;
        return () => `post-${(n += 1)}`;
      })(),
    });
    s.start();
    return s;
  };
  h.service = make();
  h.restart = () => {
    h.service.stop();
    h.service = make();
    return h.service;
  };
  return h;
}

const titles = (n: RecordingNotifier): string[] => n.shown.map((s) => s.title);

describe('status-update clock and reminders', () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });

  it('is due 15 minutes after the opening, then repeats every 5 minutes while overdue', async () => {
    const clock = h.service.view().incidents[0]?.clocks[0];
    expect(clock).toMatchObject({
      kind: 'status-update',
      dueAt: '2026-03-02T03:15:00.000Z',
      mine: true,
    });
    await h.clock.advanceAsync(15 * MIN - 1);
    expect(h.notifier.shown).toHaveLength(0);
    await h.clock.advanceAsync(1);
    expect(titles(h.notifier)).toEqual(['Status update due for Checkout p99 elevated']);
    await h.clock.advanceAsync(4 * MIN);
    expect(h.notifier.shown).toHaveLength(1);
    await h.clock.advanceAsync(MIN);
    await h.clock.advanceAsync(5 * MIN);
    expect(titles(h.notifier)).toEqual([
      'Status update due for Checkout p99 elevated',
      'Status update overdue for Checkout p99 elevated',
      'Status update overdue for Checkout p99 elevated',
    ]);
    expect(h.notifier.shown[2]?.body).toContain('overdue by 10 min');
  });

  it('posting an update restarts the clock from the update', async () => {
    await h.clock.advanceAsync(10 * MIN);
    await h.service.handlers['updates:post']({
      incidentId: 'INC-1',
      status: 'investigating',
      message: 'Still investigating.',
    });
    expect(h.service.view().incidents[0]?.clocks[0]?.dueAt).toBe('2026-03-02T03:25:00.000Z');
    await h.clock.advanceAsync(14 * MIN);
    expect(h.notifier.shown).toHaveLength(0);
    await h.clock.advanceAsync(MIN);
    expect(h.notifier.shown).toHaveLength(1);
  });

  it('a reminder is sent once, even across a restart', async () => {
    await h.clock.advanceAsync(16 * MIN);
    expect(h.notifier.shown).toHaveLength(1);
    h.restart();
    await flushAsync();
    expect(h.notifier.shown).toHaveLength(1);
    await h.clock.advanceAsync(4 * MIN);
    expect(h.notifier.shown).toHaveLength(2);
  });

  it('nobody is reminded when the user holds neither commander nor comms', async () => {
    h.me = cat;
    h.service.refresh();
    await h.clock.advanceAsync(30 * MIN);
    expect(h.notifier.shown).toHaveLength(0);
    expect(h.service.view().incidents[0]?.clocks[0]?.mine).toBe(false);
  });

  it('comms is reminded as well as the commander', async () => {
    h.me = ben;
    h.service.refresh();
    await h.clock.advanceAsync(15 * MIN);
    expect(titles(h.notifier)).toEqual(['Status update due for Checkout p99 elevated']);
  });

  it('the tray lists each clock of each incident', async () => {
    await flushAsync();
    expect(h.tray.map((i) => (i.kind === 'label' ? i.label : ''))).toEqual([
      expect.stringMatching(/^INC-1 \(SEV-2\): next status update due \d\d:\d\d$/),
    ]);
    await h.clock.advanceAsync(16 * MIN);
    expect(h.tray[0]).toMatchObject({ label: expect.stringContaining('overdue since') });
  });
});

describe('posting status updates', () => {
  it('posts to the channel, the status page and the platform, with an Idempotency-Key', async () => {
    const h = harness();
    const post = await h.service.handlers['updates:post']({
      incidentId: 'INC-1',
      status: 'identified',
      message: 'A bad deploy; rolling back.',
    });
    expect(post.deliveries.slack).toMatchObject({ status: 'sent' });
    expect(post.deliveries.statuspage).toMatchObject({ status: 'sent' });
    expect(post.deliveries.platform).toMatchObject({ status: 'sent', ref: 'U-1' });
    expect(h.slack.posts).toEqual([
      expect.objectContaining({
        channel: 'C0INC1',
        text: expect.stringContaining('A bad deploy; rolling back.'),
      }),
    ]);
    expect(h.statuspage.updates).toEqual([
      { incidentId: 'sp123', status: 'identified', body: 'A bad deploy; rolling back.' },
    ]);
    expect([...h.platform.keys.keys()]).toEqual([`zephyr-aftercare:${post.id}`]);
  });

  it('a retry posts only where the update has not gone yet', async () => {
    const h = harness();
    h.slack.failNext = 1;
    const first = await h.service.handlers['updates:post']({
      incidentId: 'INC-1',
      status: 'investigating',
      message: 'Looking.',
    });
    expect(first.deliveries.slack).toMatchObject({
      status: 'failed',
      message: expect.stringContaining('connection reset'),
    });
    expect(first.deliveries.platform.status).toBe('sent');
    const again = await h.service.handlers['updates:retry']({
      incidentId: 'INC-1',
      updateId: first.id,
    });
    expect(again.deliveries.slack.status).toBe('sent');
    expect(h.slack.posts).toHaveLength(1);
    expect(h.statuspage.updates).toHaveLength(1);
    expect(h.platform.updates).toHaveLength(1);
  });

  it('an update interrupted by a crash is not posted twice on retry', async () => {
    const h = harness();
    // The app stopped after Slack took the message but before the result was saved.
    const text = '*Status update · SEV-2 · Investigating*\nHalf-way.';
    await h.slack.postMessage('C0INC1', text);
    h.store.write({
      version: 1,
      sentReminders: [],
      incidents: [
        {
          incidentId: 'INC-1',
          sourceId: 'zephyr',
          incident: incident(),
          posts: [
            {
              id: 'crashed',
              incidentId: 'INC-1',
              status: 'investigating',
              message: 'Half-way.',
              createdAt: new Date(T0).toISOString(),
              final: false,
              deliveries: {
                slack: { status: 'pending', at: new Date(T0).toISOString() },
                statuspage: {
                  status: 'pending',
                  message: 'waiting',
                  at: new Date(T0).toISOString(),
                },
                platform: { status: 'pending', message: 'waiting', at: new Date(T0).toISOString() },
              },
            },
          ],
          announcement: null,
          email: null,
          emailSentAt: null,
          postMortem: null,
        },
      ],
    });
    const s = h.restart();
    const post = await s.handlers['updates:retry']({ incidentId: 'INC-1', updateId: 'crashed' });
    expect(post.deliveries.slack).toMatchObject({ status: 'sent', ref: '1700000000.000001' });
    expect(h.slack.posts).toHaveLength(1);
    expect(h.platform.updates).toHaveLength(1);
  });

  it('integrations not configured are reported as skipped, naming why', async () => {
    const h = harness();
    h.integrations = { platform: h.platform };
    const post = await h.service.handlers['updates:post']({
      incidentId: 'INC-1',
      status: 'investigating',
      message: 'x',
    });
    expect(post.deliveries.slack).toMatchObject({
      status: 'skipped',
      message: 'Slack is not connected (Settings).',
    });
    expect(post.deliveries.statuspage.status).toBe('skipped');
    expect(post.deliveries.platform.status).toBe('sent');
  });

  it('an incident without a status page entry skips the status page', async () => {
    const h = harness({
      incidents: [incident({ links: { channel: 'https://x.slack.com/archives/C9' } })],
    });
    const post = await h.service.handlers['updates:post']({
      incidentId: 'INC-1',
      status: 'monitoring',
      message: 'x',
    });
    expect(post.deliveries.statuspage).toMatchObject({
      status: 'skipped',
      message: 'This incident has no status page entry.',
    });
  });
});

describe('resolution and the aftercare clocks', () => {
  async function resolved(
    me: Person,
    over: Partial<Incident> = {},
    opts: { git?: GitPublisher; repoPath?: string } = {},
  ): Promise<Harness> {
    const h = harness({ me, incidents: [incident(over)], ...opts });
    await h.clock.advanceAsync(10 * MIN);
    await h.service.handlers['incidents:resolve']({
      incidentId: 'INC-1',
      message: 'Rolled back; all good.',
    });
    // The feed drops the resolved incident; the console keeps it for its clocks.
    h.feed = [];
    h.service.refresh();
    h.notifier.shown.length = 0;
    return h;
  }

  it('posts the final update everywhere and sets the platform incident resolved', async () => {
    const h = await resolved(ana);
    expect(h.slack.posts.at(-1)?.text).toContain('Resolved');
    expect(h.statuspage.updates.at(-1)).toMatchObject({ status: 'resolved' });
    expect(h.platform.updates.at(-1)).toMatchObject({ status: 'resolved' });
    expect(h.platform.statusCalls).toEqual([{ incidentId: 'INC-1', status: 'resolved' }]);
    const entry = h.service.view().incidents[0];
    expect(entry?.incident).toMatchObject({
      status: 'resolved',
      resolvedAt: '2026-03-02T03:10:00.000Z',
    });
    expect(entry?.clocks.map((c) => [c.kind, c.dueAt])).toEqual([
      ['customer-email', '2026-03-03T03:10:00.000Z'],
      ['post-mortem', '2026-03-05T03:10:00.000Z'],
    ]);
  });

  it('SEV-3 has no customer email clock', async () => {
    const h = await resolved(ana, { severity: 3 });
    expect(h.service.view().incidents[0]?.clocks.map((c) => c.kind)).toEqual(['post-mortem']);
  });

  it('reminds comms of the customer email 4 h and 1 h before and at the deadline', async () => {
    const h = await resolved(ben);
    await h.clock.advanceAsync(20 * HOUR - 1);
    expect(h.notifier.shown).toHaveLength(0);
    await h.clock.advanceAsync(1);
    expect(h.notifier.shown.map((n) => n.body)).toEqual([
      'Customer email for "Checkout p99 elevated" is due in 4 h.',
    ]);
    await h.clock.advanceAsync(3 * HOUR);
    await h.clock.advanceAsync(HOUR);
    expect(h.notifier.shown.map((n) => n.body)).toEqual([
      'Customer email for "Checkout p99 elevated" is due in 4 h.',
      'Customer email for "Checkout p99 elevated" is due in 1 h.',
      'Customer email for "Checkout p99 elevated" is due now.',
    ]);
    // Ben is not the commander: no post-mortem reminder ever reaches him.
    await h.clock.advanceAsync(72 * HOUR);
    expect(h.notifier.shown.every((n) => n.title.startsWith('Customer email'))).toBe(true);
  });

  it('reminds the commander of the post-mortem 24 h and 4 h before and at the deadline, once each', async () => {
    const h = await resolved(ana);
    await h.clock.advanceAsync(48 * HOUR);
    await h.clock.advanceAsync(20 * HOUR);
    h.restart();
    await h.clock.advanceAsync(4 * HOUR);
    const pm = h.notifier.shown.filter((n) => n.title.startsWith('Post-mortem')).map((n) => n.body);
    expect(pm).toEqual([
      'Post-mortem for "Checkout p99 elevated" is due in 24 h.',
      'Post-mortem for "Checkout p99 elevated" is due in 4 h.',
      'Post-mortem for "Checkout p99 elevated" is due now.',
    ]);
  });

  it('marking the email sent stops its reminders', async () => {
    const h = await resolved(ben);
    await h.service.handlers['emails:mark-sent']({ incidentId: 'INC-1' });
    await h.clock.advanceAsync(30 * HOUR);
    expect(h.notifier.shown).toHaveLength(0);
    expect(h.service.view().incidents[0]?.clocks.map((c) => c.kind)).toEqual(['post-mortem']);
  });

  it('asking for review does not stop the post-mortem clock; pushed and reviewed by two does', async () => {
    const repo = createGitRemote('zephyr-pm-');
    try {
      const { bare, checkout } = repo;
      const h = await resolved(ana, {}, { git: createGitPublisher(), repoPath: checkout });
      const draft = postMortemDraft();
      await h.service.handlers['postmortems:save']({ incidentId: 'INC-1', draft });
      const v = await h.service.handlers['postmortems:request-review']({
        incidentId: 'INC-1',
        markdown: '# PM',
      });
      expect(v.stage).toBe('in-review');
      // The screen knows where the push goes (and that it can push at all).
      expect(v.platformRepo).toBe(checkout);
      expect(h.slack.posts.at(-1)).toMatchObject({
        channel: 'C0INC1',
        text: expect.stringContaining('# PM'),
      });
      const clocks = () => h.service.view().incidents[0]?.clocks.map((c) => c.kind);
      expect(clocks()).toContain('post-mortem');
      // Finishing needs at least one action item.
      await expect(
        h.service.handlers['postmortems:publish']({ incidentId: 'INC-1', markdown: '# PM' }),
      ).rejects.toThrow(/at least one action item/);
      const item = {
        id: 'ai-1',
        title: 'Alert on checkout p99',
        owner: { name: 'Cat Lin', email: 'cat@example.com' },
        status: 'open' as const,
        createdAt: new Date(T0).toISOString(),
      };
      await h.service.handlers['postmortems:save']({
        incidentId: 'INC-1',
        draft: { ...draft, actionItems: [item] },
      });
      const pushed = await h.service.handlers['postmortems:publish']({
        incidentId: 'INC-1',
        markdown: '# PM',
      });
      expect(pushed.stage).toBe('pushed');
      expect(pushed.published).toMatchObject({
        branch: 'postmortem/inc-1-2026-03-02-checkout-p99-elevated',
        base: 'main',
        filePath: 'postmortems/2026-03-02-checkout-p99-elevated.md',
        pullRequest: {
          url: null,
          command: `git request-pull main ${bare} postmortem/inc-1-2026-03-02-checkout-p99-elevated`,
        },
      });
      expect(
        git(
          bare,
          'show',
          'postmortem/inc-1-2026-03-02-checkout-p99-elevated:postmortems/2026-03-02-checkout-p99-elevated.md',
        ),
      ).toBe('# PM');
      expect(clocks()).toContain('post-mortem');
      const one = await h.service.handlers['postmortems:record-review']({
        incidentId: 'INC-1',
        reviewer: 'Cat Lin',
      });
      expect(one.stage).toBe('pushed');
      await expect(
        h.service.handlers['postmortems:record-review']({
          incidentId: 'INC-1',
          reviewer: 'cat lin',
        }),
      ).rejects.toThrow(/already recorded/);
      expect(clocks()).toContain('post-mortem');
      const two = await h.service.handlers['postmortems:record-review']({
        incidentId: 'INC-1',
        reviewer: 'Dee Park',
      });
      expect(two.reviews.map((r) => r.reviewer)).toEqual(['Cat Lin', 'Dee Park']);
      expect(two.reviewersRequired).toBe(2);
      expect(two.stage).toBe('reviewed');
      expect(clocks()).not.toContain('post-mortem');
    } finally {
      repo.remove();
    }
  });

  it('publishing without a platform repo checkout says where to set it', async () => {
    const h = await resolved(ana);
    await h.service.handlers['postmortems:save']({
      incidentId: 'INC-1',
      draft: postMortemDraft([
        {
          id: 'ai-1',
          title: 'Alert',
          owner: { name: 'Cat Lin' },
          status: 'open',
          createdAt: new Date(T0).toISOString(),
        },
      ]),
    });
    await expect(
      h.service.handlers['postmortems:publish']({ incidentId: 'INC-1', markdown: '# PM' }),
    ).rejects.toThrow(/Platform repo checkout/);
    const view = await h.service.handlers['postmortems:get']({ incidentId: 'INC-1' });
    expect(view.platformRepo).toBeNull();
  });

  it('the after-action announcement goes to the playbook channel once', async () => {
    const h = await resolved(ben);
    const a = await h.service.handlers['incidents:announce']({
      incidentId: 'INC-1',
      text: 'INC-1 is resolved.',
    });
    expect(a).toMatchObject({ channel: '#incidents', status: 'sent' });
    await h.service.handlers['incidents:announce']({ incidentId: 'INC-1', text: 'again' });
    expect(h.slack.posts.filter((p) => p.channel === '#incidents')).toHaveLength(1);
  });

  it('an incident resolved elsewhere gets its clocks from the platform', async () => {
    const h = harness();
    await flushAsync();
    const p = h.platform.incidents[0];
    if (!p) throw new Error('no incident');
    p.status = 'resolved';
    p.resolvedAt = '2026-03-02T03:05:00.000Z';
    h.feed = [];
    h.service.refresh();
    await flushAsync();
    expect(h.service.view().incidents[0]?.clocks.map((c) => c.dueAt)).toEqual([
      '2026-03-03T03:05:00.000Z',
      '2026-03-05T03:05:00.000Z',
    ]);
  });
});

describe('customer email', () => {
  it('saves the facts, writes an .eml and opens a mailto: link', async () => {
    const h = harness();
    const draft = await h.service.handlers['emails:get']({ incidentId: 'INC-1' });
    expect(draft.facts.headline).toBe('Checkout p99 elevated');
    expect(draft.template.text).toBe(DEFAULT_CUSTOMER_EMAIL_TEMPLATE);
    await h.service.handlers['emails:save']({
      incidentId: 'INC-1',
      facts: { ...draft.facts, prevention: 'Canary deploys.' },
    });
    h.restart();
    expect((await h.service.handlers['emails:get']({ incidentId: 'INC-1' })).facts.prevention).toBe(
      'Canary deploys.',
    );
    const saved = await h.service.handlers['emails:save-eml']({
      incidentId: 'INC-1',
      to: 'Ops <ops@example.com>',
      subject: 'Incident report',
      body: 'Hello',
    });
    expect(saved.path).toBe('/exports/INC-1-customer-email.eml');
    expect(h.saved[0]?.content).toContain('Subject: Incident report\r\n');
    expect(h.saved[0]?.content).toContain('To: Ops <ops@example.com>');
    const opened = await h.service.handlers['emails:open-mail-client']({
      incidentId: 'INC-1',
      to: 'ops@example.com',
      subject: 'Incident report',
      body: 'Hello\nthere',
    });
    expect(opened.opened).toBe(true);
    expect(h.mailto).toEqual([
      'mailto:ops@example.com?subject=Incident%20report&body=Hello%0D%0Athere',
    ]);
  });

  it('a bad address is refused with a message naming it', async () => {
    const h = harness();
    await expect(
      h.service.handlers['emails:save-eml']({
        incidentId: 'INC-1',
        to: 'not an address',
        subject: 's',
        body: 'b',
      }),
    ).rejects.toThrow(/"not an address" is not an email address/);
  });
});

describe('post-mortem action items', () => {
  const item = (id: string, title: string, owner?: string) => ({
    id,
    title,
    status: 'open' as const,
    createdAt: new Date(T0).toISOString(),
    ...(owner
      ? { owner: { name: owner, email: `${owner.split(' ')[0]?.toLowerCase()}@example.com` } }
      : {}),
  });
  /** Two items, owned by Ana and Ben (both known to Linear). */
  const twoOwned = () =>
    postMortemDraft([
      item('a', 'Add canary deploys', 'Ana Ruiz'),
      item('b', 'Alert on p99', 'Ben Cho'),
    ]);

  it('refuses to save an item without a named owner', async () => {
    const h = harness();
    await expect(
      h.service.handlers['postmortems:save']({
        incidentId: 'INC-1',
        draft: postMortemDraft([item('a', 'Add canary', 'TBD')]),
      }),
    ).rejects.toThrow(/not a named person/);
    expect((await h.service.handlers['postmortems:get']({ incidentId: 'INC-1' })).stage).toBe(
      'none',
    );
  });

  it('tickets each owned item in Linear with the post-mortem label, once', async () => {
    const h = harness();
    const v = await h.service.handlers['postmortems:save']({
      incidentId: 'INC-1',
      draft: twoOwned(),
    });
    expect(v.draft.actionItems.map((i) => i.ticket)).toEqual(['OPS-100', 'OPS-101']);
    // Each ticket is assigned to its owner, found in Linear by email.
    expect([...h.linear.issues.values()].map((i) => i.assigneeId)).toEqual([
      'user-ana',
      'user-ben',
    ]);
    expect([...h.linear.labels.keys()]).toEqual(['post-mortem']);
    expect([...h.linear.issues.values()].map((i) => i.labelIds)).toEqual([
      ['label-1'],
      ['label-1'],
    ]);
    await h.service.handlers['postmortems:save']({
      incidentId: 'INC-1',
      draft: twoOwned(),
    });
    expect(h.linear.issues.size).toBe(2);
  });

  it('a failed ticket is reported and made on retry', async () => {
    const h = harness();
    h.linear.failTitles.add('Alert on p99');
    const v = await h.service.handlers['postmortems:save']({
      incidentId: 'INC-1',
      draft: twoOwned(),
    });
    expect(v.ticketProblems).toEqual([expect.stringContaining('"Alert on p99": Linear failed')]);
    h.linear.failTitles.clear();
    const again = await h.service.handlers['postmortems:create-tickets']({ incidentId: 'INC-1' });
    expect(again.ticketProblems).toEqual([]);
    expect(again.draft.actionItems.map((i) => i.ticket)).toEqual(['OPS-100', 'OPS-101']);
  });

  it('an owner unknown to Linear is reported; the ticket is still made, unassigned', async () => {
    const h = harness();
    const v = await h.service.handlers['postmortems:save']({
      incidentId: 'INC-1',
      draft: postMortemDraft([item('a', 'Add canary deploys', 'Cat Lin')]),
    });
    expect(v.draft.actionItems[0]?.ticket).toBe('OPS-100');
    expect(v.ticketProblems).toEqual([
      '"Add canary deploys": not assigned in Linear (no Linear user with email cat@example.com).',
    ]);
    expect([...h.linear.issues.values()][0]?.assigneeId).toBeUndefined();
  });

  it('reads each ticket state from Linear, not a hand-set status', async () => {
    const h = harness();
    await h.service.handlers['postmortems:save']({
      incidentId: 'INC-1',
      draft: postMortemDraft([item('a', 'Add canary deploys', 'Ana Ruiz')]),
    });
    // Two days pass (as a sleep: the age is what is checked, not minute-by-minute reminder ticks).
    await h.clock.suspend(2 * 24 * HOUR);
    const v = await h.service.handlers['postmortems:action-items']({});
    expect(v.items).toEqual([
      expect.objectContaining({ incidentId: 'INC-1', ageLabel: 'open for 2 days' }),
    ]);
    await expect(
      h.service.handlers['postmortems:set-item-status']({
        incidentId: 'INC-1',
        itemId: 'a',
        status: 'done',
      }),
    ).rejects.toThrow(/read from Linear/);
    const issue = [...h.linear.issues.values()][0];
    if (issue) issue.state = { type: 'completed' };
    const after = await h.service.handlers['postmortems:action-items']({});
    expect(after.items).toEqual([]);
    const pm = await h.service.handlers['postmortems:get']({ incidentId: 'INC-1' });
    expect(pm.draft.actionItems[0]?.status).toBe('done');
  });

  const DAY = 24 * HOUR;
  const em: Person = { id: 'eve', name: 'Eve EM', email: 'eve@example.com', slackUserId: 'UEVE' };
  const dmsToEm = (h: Harness) => h.slack.posts.filter((p) => p.channel === 'UEVE');

  /** Three resolved incidents (no status-update reminders), each with one open ticketed item. */
  async function threeUnshipped(): Promise<Harness> {
    const incidents = ['INC-1', 'INC-2', 'INC-3'].map((id) =>
      incident({ id, summary: `Outage ${id}`, status: 'resolved' }),
    );
    const h = harness({ incidents });
    for (const i of incidents) {
      await h.service.handlers['postmortems:save']({
        incidentId: i.id,
        draft: postMortemDraft([item(`${i.id}-a`, `Fix ${i.id}`, 'Ana Ruiz')]),
      });
    }
    h.emOnCall = em;
    return h;
  }

  it('escalates to the EM once when no item of the last 3 post-mortems shipped in 30 days', async () => {
    const h = await threeUnshipped();
    // Stopped: no timer; the check runs when the action-items list opens (the handlers answer).
    h.service.stop();
    await h.clock.advanceAsync(29 * DAY);
    await h.service.handlers['postmortems:action-items']({});
    expect(dmsToEm(h)).toEqual([]);
    await h.clock.advanceAsync(DAY);
    await h.service.handlers['postmortems:action-items']({});
    await h.service.handlers['postmortems:action-items']({});
    h.restart();
    await h.service.handlers['postmortems:action-items']({});
    const dms = dmsToEm(h);
    expect(dms).toHaveLength(1);
    expect(dms[0]?.text).toContain('last 3 post-mortems');
    for (const id of ['INC-1', 'INC-2', 'INC-3']) expect(dms[0]?.text).toContain(`Fix ${id}`);
  });

  describe('the unshipped-items check runs on the clock', () => {
    it('tells the EM once, with no screen opened, when the window passes', async () => {
      const h = await threeUnshipped();
      await h.clock.advanceAsync(29 * DAY);
      expect(dmsToEm(h)).toEqual([]);
      // Day 30 passes: the hourly check finds the pattern by itself.
      await h.clock.advanceAsync(2 * DAY);
      expect(dmsToEm(h)).toHaveLength(1);
      expect(dmsToEm(h)[0]?.text).toContain('last 3 post-mortems');
      // Only once: later checks, and a restart, find it already told.
      await h.clock.advanceAsync(10 * DAY);
      h.restart();
      await h.clock.advanceAsync(2 * DAY);
      expect(dmsToEm(h)).toHaveLength(1);
    });

    it('is hourly, and stops with the service', async () => {
      const h = await threeUnshipped();
      const reads = (): number => h.linear.issueReads;
      const before = reads();
      await h.clock.advanceAsync(HOUR);
      // One check reads each of the three tickets from Linear.
      expect(reads() - before).toBe(3);
      h.service.stop();
      await h.clock.advanceAsync(40 * DAY);
      expect(reads() - before).toBe(3);
      expect(dmsToEm(h)).toEqual([]);
    });

    it('two checks at once (the timer and the list opening) tell the EM once', async () => {
      const h = await threeUnshipped();
      // The wall clock moves 31 days on; no timer has fired yet.
      h.clock.jump(31 * DAY);
      await Promise.all([
        h.service.handlers['postmortems:action-items']({}),
        h.service.handlers['postmortems:action-items']({}),
      ]);
      expect(dmsToEm(h)).toHaveLength(1);
    });
  });
});
