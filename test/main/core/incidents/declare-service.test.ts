/**
 * The declare service: its commands over the real runner and clients, against the local platform
 * and the Slack, Statuspage and Linear fakes served over loopback HTTP. Integrations come from
 * the effective configuration (env and secrets), as in the app.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  ACTION_IDS,
  type Declaration,
  type DeclarationInput,
} from '../../../../src/shared/declaration.js';
import type { Person } from '../../../../src/shared/domain.js';
import { DEFAULT_PLAYBOOK } from '../../../../src/shared/playbook.js';
import type { SecretName } from '../../../../src/shared/contract.js';
import { resolveConfig } from '../../../../src/main/core/config/resolve-config.js';
import { createDeclaration } from '../../../../src/main/core/incidents/declare.js';
import {
  buildIntegrations,
  connectedOf,
  createDeclareService,
  type DeclareService,
  type RotationSnapshot,
} from '../../../../src/main/core/incidents/declare-service.js';
import { SAMPLE_PEOPLE } from '../../../../src/main/local-platform/roster.js';
import { FakeClock, flushAsync } from '../../../fakes/fake-clock.js';
import { InMemoryStore } from '../../../fakes/in-memory-store.js';
import { LinearFake } from '../../../fakes/linear-fake.js';
import { RecordingLogger } from '../../../fakes/recording-logger.js';
import { SlackFake } from '../../../fakes/slack-fake.js';
import { StatuspageFake } from '../../../fakes/statuspage-fake.js';
import { startTestPlatform, type TestPlatform } from '../../../helpers/platform-process.js';

interface Env {
  platform: TestPlatform;
  slack: SlackFake;
  statuspage: StatuspageFake;
  linear: LinearFake;
  store: InMemoryStore<unknown[]>;
  clock: FakeClock;
  logger: RecordingLogger;
  env: Record<string, string>;
  secrets: Map<SecretName, string>;
  me: Person;
  changes: Declaration[];
  /** The rotation feed the service reads (its skew may be moved). */
  snapshot: RotationSnapshot;
  /** Called with every progress of a declaration. */
  onProgress?: (d: Declaration) => void;
  /** At each feed refresh: the platform incident the last change had opened by then. */
  refreshes: (string | undefined)[];
  service(store?: InMemoryStore<unknown[]>): DeclareService;
}

const envs: Env[] = [];
afterEach(async () => {
  for (const e of envs.splice(0)) {
    await e.platform.close();
    await e.slack.close();
    await e.statuspage.close();
    await e.linear.close();
  }
});

async function setup(options: { rotations?: boolean; skewMs?: number } = {}): Promise<Env> {
  const platform = await startTestPlatform({
    user: { name: 'Robin Ops', email: 'robin@localhost' },
  });
  const slack = await new SlackFake().start();
  const statuspage = await new StatuspageFake().start();
  const linear = await new LinearFake().start();
  const state = await platform.control.state();
  const meStored = state.people.find((p) => p.id === state.userId);
  if (!meStored) throw new Error('no user on the test platform');
  const me: Person = { id: meStored.id, name: meStored.name, email: meStored.email };
  const clock = new FakeClock();
  const snapshot: RotationSnapshot = {
    rotations: state.rotations,
    me,
    skewMs: options.skewMs ?? Date.parse(state.now) - clock.now(),
  };
  const env: Record<string, string> = {
    ZEPHYR_PLATFORM_URL: platform.url,
    ZEPHYR_PLATFORM_TOKEN: platform.token,
    ZEPHYR_SLACK_API_URL: slack.url,
    ZEPHYR_SLACK_TOKEN: slack.token,
    ZEPHYR_STATUSPAGE_API_URL: statuspage.apiUrl,
    ZEPHYR_STATUSPAGE_TOKEN: statuspage.apiKey,
    ZEPHYR_STATUSPAGE_PAGE_ID: statuspage.pageId,
    ZEPHYR_LINEAR_API_URL: linear.apiUrl,
    ZEPHYR_LINEAR_TOKEN: 'lin_api_fake',
    ZEPHYR_LINEAR_TEAM: 'OPS',
  };
  const secrets = new Map<SecretName, string>();
  const store = new InMemoryStore<unknown[]>();
  const logger = new RecordingLogger();
  const changes: Declaration[] = [];
  const refreshes: (string | undefined)[] = [];
  const e: Env = {
    platform,
    slack,
    statuspage,
    linear,
    store,
    clock,
    logger,
    env,
    secrets,
    me,
    changes,
    snapshot,
    refreshes,
    service: (s = store) =>
      createDeclareService({
        clock,
        logger,
        store: s,
        playbook: () => DEFAULT_PLAYBOOK,
        config: () =>
          resolveConfig({ raw: {}, env, secrets: { get: (name) => secrets.get(name) } }),
        platform: () =>
          env.ZEPHYR_PLATFORM_URL && env.ZEPHYR_PLATFORM_TOKEN
            ? { url: env.ZEPHYR_PLATFORM_URL, token: env.ZEPHYR_PLATFORM_TOKEN }
            : undefined,
        rotations: () => (options.rotations === false ? undefined : snapshot),
        onChanged: (d) => {
          changes.push(d);
          e.onProgress?.(d);
        },
        refreshFeeds: () => refreshes.push(changes.at(-1)?.results.incidentId),
      }),
  };
  envs.push(e);
  return e;
}

function person(id: string): Person {
  return { id, name: id, email: `${id}@example.com` };
}

const SEV2: (me: Person) => DeclarationInput = (me) => ({
  summary: 'Checkout p99 elevated in eu-frankfurt',
  service: 'checkout',
  region: 'eu-frankfurt',
  severity: 2,
  roles: { commander: me, comms: me, investigators: [] },
  fewerInvestigatorsConfirmed: true,
});

async function finished(service: DeclareService, id: string): Promise<Declaration> {
  for (let i = 0; i < 200; i += 1) {
    const d = await service.handlers['declarations:get']({ id });
    if (Object.values(d.actions).every((a) => a.status !== 'waiting' && a.status !== 'running'))
      return d;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the declaration did not finish');
}

describe('declare service', () => {
  it('plans a SEV-2 from the rotation feed: pages the checkout and platform rotations', async () => {
    const e = await setup();
    const plan = await e.service().handlers['declarations:plan']({ input: SEV2(e.me) });
    expect(plan.pageTargets.map((t) => t.target)).toEqual([
      { rotation: 'checkout' },
      { rotation: 'platform' },
    ]);
    // I am platform level 1 in the sample roster: the rotation's page rings for me first.
    expect(plan.pagedPeople.map((p) => p.person.id).sort()).toEqual(
      [SAMPLE_PEOPLE.checkoutOwner, e.me.id].sort(),
    );
    expect(plan.warnings.join(' ')).toMatch(/your own phone rings first/i);
    expect(plan.actions.every((a) => a.willRun)).toBe(true);
    expect(plan.actions.map((a) => a.id)).toContain('platform-links');
    expect(plan.cliCommand).toBe(
      "zephyr incident open --sev 2 --summary 'Checkout p99 elevated in eu-frankfurt' --service checkout --region eu-frankfurt",
    );
  });

  it('plans SEV-1 with every platform shift, the EM and the founder', async () => {
    const e = await setup();
    const plan = await e
      .service()
      .handlers['declarations:plan']({ input: { ...SEV2(e.me), severity: 1 } });
    expect(plan.pagedPeople.map((p) => p.person.id).sort()).toEqual(
      [SAMPLE_PEOPLE.platformSecond, SAMPLE_PEOPLE.em, SAMPLE_PEOPLE.founder].sort(),
    );
  });

  it('says the feed is not read yet, and skips what is not connected, naming why', async () => {
    const e = await setup({ rotations: false });
    delete e.env.ZEPHYR_SLACK_TOKEN;
    const plan = await e.service().handlers['declarations:plan']({ input: SEV2(e.me) });
    expect(plan.warnings[0]).toMatch(/rotation feed has not been read/);
    const slack = plan.actions.filter((a) => a.id.startsWith('slack-'));
    expect(slack.length).toBe(5);
    for (const a of slack) {
      expect(a.willRun).toBe(false);
      expect(a.skippedReason).toBe('Slack is not connected');
    }
  });

  it('offers defaults from the feed: me as commander, EM on comms, owner as investigator', async () => {
    const e = await setup();
    const d = await e.service().handlers['declarations:defaults']({
      service: 'checkout',
      answers: { customerVisible: true, dataLostOrExposed: false, multiTenantOrRegionDown: false },
    });
    expect(d.me?.id).toBe(e.me.id);
    expect(d.roles.commander?.id).toBe(e.me.id);
    expect(d.roles.comms?.id).toBe(SAMPLE_PEOPLE.em);
    // The platform on-call is me, so only the service owner is suggested besides me.
    expect(d.roles.investigators.map((p) => p.id)).toEqual([SAMPLE_PEOPLE.checkoutOwner]);
    expect(d.services).toEqual(['checkout', 'payments']);
    expect(d.suggestion?.severity).toBe(2);
    expect(d.people.find((p) => p.person.id === SAMPLE_PEOPLE.em)?.onShift).toEqual([
      'Engineering managers, level 1',
    ]);
    // Unanswered questions never count as yes: no suggestion, the declarer answers or picks.
    const unsure = await e.service().handlers['declarations:defaults']({ answers: {} });
    expect(unsure.suggestion).toBeNull();
  });

  it('builds integrations only from complete configuration (token plus page id or team)', async () => {
    const e = await setup();
    const config = (env: Record<string, string>) =>
      resolveConfig({ raw: {}, env, secrets: { get: () => undefined } });
    const all = connectedOf(
      buildIntegrations({
        config: config(e.env),
        platform: { url: e.platform.url, token: 't' },
      }),
    );
    expect(all).toEqual({
      platform: true,
      slack: true,
      statuspage: true,
      linear: true,
      pagerduty: false,
    });
    const partial = { ...e.env };
    delete partial.ZEPHYR_STATUSPAGE_PAGE_ID;
    delete partial.ZEPHYR_LINEAR_TEAM;
    const seen: string[] = [];
    const some = connectedOf(
      buildIntegrations({
        config: config(partial),
        platform: undefined,
        onSecret: (s) => seen.push(s),
      }),
    );
    expect(some).toEqual({
      platform: false,
      slack: true,
      statuspage: false,
      linear: false,
      pagerduty: false,
    });
    expect(seen).toEqual([e.slack.token]);
  });

  it('tests each connection: connected as …, or names what is wrong', async () => {
    const e = await setup();
    const test = e.service().handlers['integrations:test'];
    expect(await test({ integration: 'slack' })).toEqual({
      ok: true,
      message: expect.stringMatching(/^Connected as .+ on .+/) as unknown as string,
    });
    expect((await test({ integration: 'platform' })).message).toBe(
      'Connected as Robin Ops <robin@localhost>',
    );
    expect((await test({ integration: 'statuspage' })).message).toBe(
      'Connected to the status page “Zephyr Status”',
    );
    expect((await test({ integration: 'linear' })).message).toMatch(
      /^Connected as Test User in Zephyr; tickets go to Operations \(OPS\)$/,
    );

    e.env.ZEPHYR_SLACK_TOKEN = 'xoxb-wrong';
    const badSlack = await test({ integration: 'slack' });
    expect(badSlack.ok).toBe(false);
    expect(badSlack.message).toMatch(/Slack rejected the token \(invalid_auth\)/);
    expect(badSlack.message).not.toContain('xoxb-wrong');

    e.env.ZEPHYR_STATUSPAGE_PAGE_ID = 'nopage';
    expect((await test({ integration: 'statuspage' })).message).toMatch(/no page with id 'nopage'/);

    e.env.ZEPHYR_LINEAR_TEAM = 'NOPE';
    expect((await test({ integration: 'linear' })).message).toMatch(/NOPE/);

    // auth.test needs no scope, so its refusals are about the token (Slack's document).
    e.slack.fault('auth.test', { kind: 'error', error: 'token_revoked' });
    e.env.ZEPHYR_SLACK_TOKEN = e.slack.token;
    expect((await test({ integration: 'slack' })).message).toMatch(
      /rejected the token \(token_revoked\)/,
    );

    delete e.env.ZEPHYR_LINEAR_TOKEN;
    expect((await test({ integration: 'linear' })).message).toBe(
      'Not set up: add a Linear API key in Settings → Integrations',
    );
    e.env.ZEPHYR_PLATFORM_TOKEN = 'wrong-token';
    expect((await test({ integration: 'platform' })).message).toMatch(/rejected the token/);
  });

  it('refuses to start a declaration whose review still has blockers, and saves nothing', async () => {
    const e = await setup();
    const service = e.service();
    const input: DeclarationInput = {
      ...SEV2(e.me),
      roles: { commander: e.me, investigators: [] },
      fewerInvestigatorsConfirmed: false,
    };
    await expect(service.handlers['declarations:start']({ input })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(
        /^Not declared: Name Comms before declaring\. No investigators/,
      ),
    });
    expect(e.store.read() ?? []).toEqual([]);
  });

  it('saves before it starts, runs every action, PATCHes the links, and finds it by incident', async () => {
    const e = await setup();
    const service = e.service();
    const { id } = await service.handlers['declarations:start']({ input: SEV2(e.me) });
    // Saved at once: a crash right after the answer still has it.
    expect((e.store.read() ?? []).map((d) => (d as { id: string }).id)).toContain(id);
    const done = await finished(service, id);
    for (const [action, state] of Object.entries(done.actions)) {
      expect(`${action}: ${state.status} ${state.error ?? ''}`).toBe(`${action}: done `);
    }
    const incidentId = done.results.incidentId ?? '';
    const incident = (await e.platform.control.state()).incidents.find((i) => i.id === incidentId);
    expect(incident?.links).toEqual({
      channel: done.results.channelUrl,
      statusPage: done.results.statusPageUrl,
      ticket: done.results.linearIssueUrl,
      runbook: DEFAULT_PLAYBOOK.runbookUrl,
    });
    expect(service.findDeclarationByIncident(incidentId)?.id).toBe(id);
    expect(service.findDeclarationByIncident('INC-404')).toBeUndefined();
    // The feeds were polled once, as soon as the incident existed (the console shows it then).
    expect(e.refreshes).toEqual([incidentId]);
    expect(
      e.changes.some((d) => d.id === id && d.actions['platform-links'].status === 'done'),
    ).toBe(true);
    const listed = await service.handlers['declarations:list']({});
    expect(listed.declarations.map((d) => d.id)).toEqual([id]);
    await expect(
      service.handlers['declarations:get']({ id: '00000000-0000-4000-8000-000000000000' }),
    ).rejects.toThrow(/no declaration/);
  });

  it('stamps the declaration in the platform’s time (a platform 14.5 minutes behind)', async () => {
    const skewMs = -14.5 * 60_000;
    const e = await setup({ skewMs });
    const service = e.service();
    const { id } = await service.handlers['declarations:start']({ input: SEV2(e.me) });
    const done = await finished(service, id);
    // The laptop's 03:00 is the platform's 02:45:30: the timeline merges these with its updates.
    const platformNow = '2026-03-02T02:45:30.000Z';
    expect(e.clock.now() + skewMs).toBe(Date.parse(platformNow));
    expect(done.createdAt).toBe(platformNow);
    expect(new Set(Object.values(done.actions).map((a) => a.updatedAt))).toEqual(
      new Set([platformNow]),
    );
  });

  it('keeps the declaration’s steps in order while the measured skew jitters', async () => {
    const skewMs = -14.5 * 60_000;
    const e = await setup({ skewMs });
    // Every answer measures the skew anew, to the second: it swings by 0.8 s between steps.
    let step = 0;
    e.onProgress = () => {
      step += 1;
      e.snapshot.skewMs = skewMs - (step % 2) * 800;
    };
    const service = e.service();
    const { id } = await service.handlers['declarations:start']({ input: SEV2(e.me) });
    const done = await finished(service, id);
    const times = ACTION_IDS.map((a) => Date.parse(done.actions[a].updatedAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Date.parse(done.createdAt)).toBeLessThanOrEqual(times[0] ?? 0);
  });

  it('retries a failed action and refuses to retry one that is done', async () => {
    const e = await setup();
    e.env.ZEPHYR_STATUSPAGE_PAGE_ID = 'nopage';
    const service = e.service();
    const { id } = await service.handlers['declarations:start']({ input: SEV2(e.me) });
    const first = await finished(service, id);
    expect(first.actions.statuspage.status).toBe('failed');
    expect(first.actions.statuspage.error).toMatch(/no page with id 'nopage'/);
    await expect(
      service.handlers['declarations:retry-action']({ id, actionId: 'linear' }),
    ).rejects.toThrow(/only a failed or skipped action/);
    e.env.ZEPHYR_STATUSPAGE_PAGE_ID = e.statuspage.pageId;
    expect(
      await service.handlers['declarations:retry-action']({ id, actionId: 'statuspage' }),
    ).toEqual({ accepted: true });
    await flushAsync();
    const second = await finished(service, id);
    expect(second.actions.statuspage.status).toBe('done');
    // The new status page link reaches the platform incident too.
    const incident = (await e.platform.control.state()).incidents.find(
      (i) => i.id === second.results.incidentId,
    );
    expect(incident?.links.statusPage).toBe(second.results.statusPageUrl);
    expect(e.statuspage.incidents.length).toBe(1);
  });

  it('resumes at start a declaration the last run stopped in the middle of', async () => {
    const e = await setup();
    const pending = createDeclaration({
      input: SEV2(e.me),
      paged: [{ person: person(SAMPLE_PEOPLE.checkoutOwner), why: 'owner of checkout' }],
      channelName: 'inc-20260302-resumed',
      now: e.clock.now(),
    });
    e.store.write([pending]);
    const service = e.service();
    const resumed = await service.resumePending();
    expect(resumed.map((d) => d.id)).toEqual([pending.id]);
    const d = await service.handlers['declarations:get']({ id: pending.id });
    expect(Object.values(d.actions).every((a) => a.status === 'done')).toBe(true);
    expect(e.slack.channels.map((c) => c.name)).toEqual(['inc-20260302-resumed']);
    expect(await service.resumePending()).toEqual([]);
  });
});
