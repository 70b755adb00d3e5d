/**
 * The declaration runner end to end: the real vendor clients against stateful fakes (Slack over
 * HTTP, Statuspage and Linear behind `fetch`) and the local platform. Crash/resume is tested by
 * failing the store at every single write of a full run, then resuming with a new runner over
 * the same store: never a second channel, ticket, status page incident, message or page.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ACTION_IDS, type Declaration } from '../../../../src/shared/declaration.js';
import type { Person } from '../../../../src/shared/domain.js';
import { DEFAULT_PLAYBOOK } from '../../../../src/shared/playbook.js';
import type { KeyValueStore } from '../../../../src/main/core/ports.js';
import {
  DeclarationRunner,
  createDeclaration,
  type DeclarationProgress,
} from '../../../../src/main/core/incidents/declare.js';
import type { DeclarationIntegrations } from '../../../../src/main/core/incidents/actions/action.js';
import { linearIssueId } from '../../../../src/main/core/incidents/actions/keys.js';
import { createLinearClient } from '../../../../src/main/core/integrations/linear-client.js';
import { createPlatformIncidentsClient } from '../../../../src/main/core/integrations/platform-incidents-client.js';
import { createSlackClient } from '../../../../src/main/core/integrations/slack-client.js';
import { createStatuspageClient } from '../../../../src/main/core/integrations/statuspage-client.js';
import { FakeClock } from '../../../fakes/fake-clock.js';
import { CrashingStore, InMemoryStore } from '../../../fakes/in-memory-store.js';
import { LinearFake } from '../../../fakes/linear-fake.js';
import { RecordingLogger } from '../../../fakes/recording-logger.js';
import { SlackFake } from '../../../fakes/slack-fake.js';
import { StatuspageFake } from '../../../fakes/statuspage-fake.js';
import { startTestPlatform, type TestPlatform } from '../../../helpers/platform-process.js';

/** One turn of the event loop (loopback I/O gets answered); `setImmediate` is never faked here. */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Spins the event loop until `done()`, for at most 10 s of real time. */
async function spinUntil(done: () => boolean): Promise<void> {
  const start = performance.now();
  while (!done()) {
    if (performance.now() - start > 10_000) throw new Error('timed out spinning');
    await turn();
  }
}

/** Spins the event loop for `ms` of real time (no timer involved). */
async function spinFor(ms: number): Promise<void> {
  const start = performance.now();
  while (performance.now() - start < ms) await turn();
}

interface Env {
  platform: TestPlatform;
  slack: SlackFake;
  statuspage: StatuspageFake;
  linear: LinearFake;
  store: InMemoryStore<unknown[]>;
  logger: RecordingLogger;
  clock: FakeClock;
  people: Record<string, Person>;
  integrations: () => DeclarationIntegrations;
  runner(
    store?: KeyValueStore<unknown[]>,
    integrations?: () => DeclarationIntegrations,
  ): DeclarationRunner;
  declaration(): Declaration;
}

const envs: Env[] = [];
afterEach(async () => {
  for (const env of envs.splice(0)) {
    await env.platform.close();
    await env.slack.close();
  }
});

async function setup(): Promise<Env> {
  const platform = await startTestPlatform();
  const slack = await new SlackFake().start();
  const statuspage = new StatuspageFake();
  const linear = new LinearFake();
  const state = await platform.control.state();
  const people = Object.fromEntries(
    state.people.map((p) => [
      p.id === state.userId ? 'me' : p.id,
      { id: p.id, name: p.name, email: p.email },
    ]),
  ) as Record<string, Person>;
  slack.users.set('sam@example.com', 'USAM0001');
  slack.users.set('marcus@example.com', 'UMARCUS1');
  const store = new InMemoryStore<unknown[]>();
  const logger = new RecordingLogger();
  const clock = new FakeClock();
  const integrations = (): DeclarationIntegrations => ({
    platform: createPlatformIncidentsClient({ baseUrl: platform.url, token: platform.token }),
    slack: createSlackClient({ token: slack.token, slackApiUrl: slack.url, logger, retries: 2 }),
    statuspage: createStatuspageClient({
      apiKey: statuspage.apiKey,
      pageId: statuspage.pageId,
      apiUrl: 'http://127.0.0.1:9/v1',
      fetch: statuspage.fetch,
      sleep: async () => undefined,
    }),
    linear: {
      client: createLinearClient({
        token: 'lin_api_fake',
        apiUrl: 'http://127.0.0.1:9/graphql',
        fetch: linear.fetch,
        sleep: async () => undefined,
      }),
      team: 'OPS',
    },
  });
  const env: Env = {
    platform,
    slack,
    statuspage,
    linear,
    store,
    logger,
    clock,
    people,
    integrations,
    runner: (s = store, i = integrations) =>
      new DeclarationRunner({
        clock,
        logger,
        store: s,
        playbook: () => DEFAULT_PLAYBOOK,
        integrations: i,
      }),
    declaration: () =>
      createDeclaration({
        input: {
          summary: "Checkout p99 elevated in eu-frankfurt (it's bad)",
          service: 'checkout',
          severity: 2,
          roles: {
            commander: people['me'] as Person,
            comms: people['marcus'] as Person,
            investigators: [people['sam'] as Person],
          },
        },
        paged: [
          { person: people['sam'] as Person, why: 'owner of checkout' },
          { person: people['priya'] as Person, why: 'platform on-call' },
        ],
        channelName: 'inc-20260302-checkout-p99-elevated',
        now: clock.now(),
      }),
  };
  envs.push(env);
  return env;
}

/** Exactly one of everything a SEV-2 declaration makes. */
async function expectExactlyOneOfEverything(env: Env, d: Declaration): Promise<void> {
  const ours = env.slack.channels.filter((c) => c.creator === env.slack.botUserId);
  expect(ours.map((c) => c.name)).toEqual(['inc-20260302-checkout-p99-elevated']);
  const channel = ours[0];
  expect(channel?.purpose).toContain(d.id);
  expect(channel?.messages.filter((m) => m.text.includes(`kick-off · ${d.id}`))).toHaveLength(1);
  expect(channel?.messages.filter((m) => m.text.includes(`runbook · ${d.id}`))).toHaveLength(1);
  expect(channel?.pins).toHaveLength(1);
  expect(env.statuspage.incidents).toHaveLength(1);
  expect(env.linear.issues).toHaveLength(1);
  const state = await env.platform.control.state();
  expect(state.incidents).toHaveLength(1);
  expect(state.pages.map((p) => p.target.id).sort()).toEqual(['priya', 'sam']);
}

describe('DeclarationRunner', () => {
  it('runs every action once and records links, keys and progress', async () => {
    const env = await setup();
    const runner = env.runner();
    const events: DeclarationProgress[] = [];
    runner.onProgress((e) => events.push(e));
    const d = await runner.declare(env.declaration());

    for (const id of ACTION_IDS)
      expect({ id, status: d.actions[id]?.status }).toEqual({ id, status: 'done' });
    await expectExactlyOneOfEverything(env, d);

    const state = await env.platform.control.state();
    expect(d.results.incidentId).toBe(state.incidents[0]?.id);
    expect(
      state.pages.every((p) => p.incidentId === d.results.incidentId && p.severity === 2),
    ).toBe(true);
    expect(d.results.pageIds.sort()).toEqual(state.pages.map((p) => p.id).sort());

    const channel = env.slack.channels[0];
    expect(channel?.members.sort()).toEqual(['UBOT0001', 'UMARCUS1', 'USAM0001']);
    expect(channel?.topic).toMatch(/^SEV-2 · investigating · IC Test User/);
    expect(d.actions['slack-invite']?.detail).toMatch(
      /not found in Slack: Test User <test\.user@localhost>/,
    );
    const kickoff = channel?.messages[0]?.text ?? '';
    expect(kickoff).toContain('*SEV-2: Checkout p99 elevated');
    expect(kickoff).toContain(`Status page: https://stspg.io/inc1`);
    expect(kickoff).toContain(`Ticket: https://linear.app/zephyr/issue/OPS-1`);
    expect(channel?.messages[1]?.text).toContain(DEFAULT_PLAYBOOK.runbookUrl);
    expect(d.results.channelUrl).toBe(`https://zephyr-test.slack.com/archives/${channel?.id}`);

    expect(env.statuspage.incidents[0]).toMatchObject({
      status: 'investigating',
      impact_override: 'major',
      metadata: { zephyr: { declaration_id: d.id } },
    });
    const issue = env.linear.issues[0];
    expect(issue?.id).toBe(linearIssueId(d.id));
    const labelNames = issue?.labelIds.map(
      (id) => env.linear.labels.find((l) => l.id === id)?.name,
    );
    expect(labelNames).toEqual(['incident', 'SEV-2']);

    expect(runner.get(d.id)).toEqual(d);
    expect(
      events.some(
        (e) =>
          e.actionId === 'slack-channel' &&
          e.declaration.actions['slack-channel']?.status === 'running',
      ),
    ).toBe(true);
    expect(events.at(-1)?.declaration.actions['slack-runbook']?.status).toBe('done');
    expect(env.logger.text()).not.toContain(env.slack.token);
  });

  it('takes the next free suffix when the channel name is taken', async () => {
    const env = await setup();
    env.slack.addChannel('inc-20260302-checkout-p99-elevated');
    env.slack.addChannel('inc-20260302-checkout-p99-elevated-2');
    const d = await env.runner().declare(env.declaration());
    expect(d.results.channelName).toBe('inc-20260302-checkout-p99-elevated-3');
    expect(d.actions['slack-channel']).toMatchObject({
      status: 'done',
      detail: '#inc-20260302-checkout-p99-elevated-3',
    });
  });

  it('waits out a Slack rate limit (429 + Retry-After), not a moment less, and succeeds', async () => {
    const env = await setup();
    env.slack.fault('conversations.create', { kind: 'ratelimited', retryAfterSeconds: 1 });
    const creates = () => env.slack.count('conversations.create');
    // Slack's WebClient sleeps on the global setTimeout: that one is faked and driven here, while
    // the HTTP exchanges stay real (spun for on setImmediate, which is not faked).
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const declared = env.runner().declare(env.declaration());
      await spinUntil(() => creates() === 1);
      await spinFor(50);
      await vi.advanceTimersByTimeAsync(999);
      await spinFor(50);
      expect(creates()).toBe(1);
      // The Retry-After is over; the client's retry comes after its own first back-off (250 ms).
      await vi.advanceTimersByTimeAsync(1 + 250);
      await spinUntil(() => creates() === 2);
      vi.useRealTimers();
      const d = await declared;
      expect(d.actions['slack-channel']?.status).toBe('done');
      expect(creates()).toBe(2);
      expect(env.slack.channels).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a failed action blocks only what needs it; retryAction runs it and what it blocked', async () => {
    const env = await setup();
    env.slack.fault('conversations.create', {
      kind: 'error',
      error: 'missing_scope',
      needed: 'channels:manage',
    });
    const runner = env.runner();
    const d = await runner.declare(env.declaration());
    expect(d.actions['slack-channel']).toMatchObject({ status: 'failed' });
    expect(d.actions['slack-channel']?.error).toMatch(/missing the scope 'channels:manage'/);
    for (const id of ['slack-topic', 'slack-invite', 'slack-kickoff', 'slack-runbook'] as const) {
      expect(d.actions[id]).toMatchObject({ status: 'failed', blockedBy: 'slack-channel' });
    }
    for (const id of ['platform-incident', 'pages', 'statuspage', 'linear'] as const) {
      expect(d.actions[id]?.status).toBe('done');
    }

    const retried = await runner.retryAction(d.id, 'slack-channel');
    for (const id of ACTION_IDS)
      expect({ id, status: retried.actions[id]?.status }).toEqual({ id, status: 'done' });
    await expectExactlyOneOfEverything(env, retried);
    await expect(runner.retryAction(d.id, 'linear')).rejects.toThrow(
      /only a failed or skipped action/,
    );
  });

  it('a lost answer (created, then 502) is found again on retry, not made twice', async () => {
    const env = await setup();
    env.statuspage.loseNextCreateAnswer = true;
    env.linear.loseNextIssueCreateAnswer = true;
    const runner = env.runner();
    const d = await runner.declare(env.declaration());
    expect(d.actions['statuspage']).toMatchObject({ status: 'failed' });
    expect(d.actions['statuspage']?.error).toMatch(
      /Statuspage failed on creating an incident .*HTTP 502/,
    );
    // Linear: the taken issue id is found in the same attempt.
    expect(d.actions['linear']?.status).toBe('done');
    const retried = await runner.retryAction(d.id, 'statuspage');
    expect(retried.actions['statuspage']?.status).toBe('done');
    await expectExactlyOneOfEverything(env, retried);
  });

  it('a skipped status page step, retried once a severity raise opened the entry, takes that entry (never a second one)', async () => {
    const env = await setup();
    const withoutStatuspage = () => ({ ...env.integrations(), statuspage: undefined });
    const d = await env.runner(env.store, withoutStatuspage).declare(env.declaration());
    expect(d.actions['statuspage']).toMatchObject({ status: 'skipped' });
    // Statuspage connected later; a severity raise opened the entry under the declaration's key.
    const statuspage = env.integrations().statuspage;
    if (!statuspage) throw new Error('no Statuspage client');
    const opened = await statuspage.createIncident({
      name: d.input.summary,
      body: 'Investigating',
      impact: 'critical',
      declarationId: d.id,
    });

    const retried = await env.runner().retryAction(d.id, 'statuspage');
    expect(retried.actions['statuspage']?.status).toBe('done');
    expect(env.statuspage.incidents).toHaveLength(1);
    expect(retried.results).toMatchObject({
      statusPageIncidentId: opened.id,
      statusPageUrl: opened.url,
    });
  });

  it('skips integrations that are not connected, saying which', async () => {
    const env = await setup();
    const only = () => ({ platform: env.integrations().platform });
    const d = await env.runner(env.store, only).declare(env.declaration());
    expect(d.actions['slack-channel']).toMatchObject({
      status: 'skipped',
      error: 'Slack is not connected',
    });
    expect(d.actions['statuspage']).toMatchObject({
      status: 'skipped',
      error: 'Statuspage is not connected',
    });
    expect(d.actions['linear']).toMatchObject({
      status: 'skipped',
      error: 'Linear is not connected',
    });
    expect(d.actions['pages']?.status).toBe('done');
  });

  it('refuses to run over an unreadable store and leaves it as it was', async () => {
    const env = await setup();
    const broken: KeyValueStore<unknown[]> = {
      read: () => {
        throw new Error('Unexpected token } in JSON');
      },
      write: () => {
        throw new Error('must not write');
      },
    };
    await expect(env.runner(broken).declare(env.declaration())).rejects.toThrow(
      /saved declarations cannot be read \(Unexpected token/,
    );
  });

  it(
    'crash at any write, then resume: exactly one of everything',
    { timeout: 120_000 },
    async () => {
      // Count the writes of a clean run first.
      const probe = await setup();
      const counting = new CrashingStore(new InMemoryStore<unknown[]>());
      await probe.runner(counting).declare(probe.declaration());
      const totalWrites = counting.writes;
      expect(totalWrites).toBeGreaterThan(ACTION_IDS.length * 2);

      for (let k = 1; k <= totalWrites; k += 1) {
        const env = await setup();
        const crashing = new CrashingStore(env.store);
        crashing.failAt = k;
        const d = env.declaration();
        await expect(env.runner(crashing).declare(d), `write ${k}`).rejects.toThrow(
          /could not save the declaration/,
        );

        // "Restart": a new runner over what reached the store.
        const resumed = await env.runner().resumePending();
        if (k === 1) {
          // The declaration never reached the store, so nothing may have been done.
          expect(resumed).toEqual([]);
          expect((await env.platform.control.state()).incidents).toHaveLength(0);
          expect(env.slack.channels).toHaveLength(0);
          continue;
        }
        expect(resumed.map((r) => r.id)).toEqual([d.id]);
        for (const id of ACTION_IDS) {
          expect({ k, id, status: resumed[0]?.actions[id]?.status }).toEqual({
            k,
            id,
            status: 'done',
          });
        }
        await expectExactlyOneOfEverything(env, d);
        await env.platform.close();
        await env.slack.close();
        envs.splice(envs.indexOf(env), 1);
      }
    },
  );
});

describe('DeclarationRunner with the plan’s page targets (rotations)', () => {
  it('pages each target once with the incidentId, and invites everyone the plan lists', async () => {
    const env = await setup();
    const base = env.declaration();
    const sam = env.people['sam'] as Person;
    const priya = env.people['priya'] as Person;
    const marcus = env.people['marcus'] as Person;
    const d = await env.runner().declare({
      ...base,
      pageTargets: [
        { target: { rotation: 'checkout' }, label: 'Checkout', why: 'owner', reachesNow: [sam] },
        { target: { person: 'priya' }, label: 'Priya', why: 'platform', reachesNow: [priya] },
      ],
      invitees: [sam, priya, marcus],
    });
    const state = await env.platform.control.state();
    expect(state.pages).toHaveLength(2);
    expect(state.pages.every((p) => p.incidentId === d.results.incidentId)).toBe(true);
    // The rotation page escalates through the rotation: level 2 of Checkout is next.
    const checkout = state.pages.find((p) => p.target.id === 'sam');
    expect(checkout?.escalation.steps.map((s) => s.role)).toEqual([
      'rotation',
      'rotation-next',
      'em',
      'founder',
    ]);
    expect(Object.keys(d.results.pagedIds).sort()).toEqual(['priya', 'rotation:checkout']);
    expect(env.slack.channels[0]?.members.sort()).toEqual(['UBOT0001', 'UMARCUS1', 'USAM0001']);
    // The plan's invite list, not the role holders: Priya (paged) is looked up, the declarer is not.
    expect(d.actions['slack-invite']?.detail).toMatch(/not found in Slack: Priya Raman/);
    expect(d.actions['slack-invite']?.detail).not.toMatch(/Test User/);
  });
});
