/**
 * Declaring an incident that pages through PagerDuty: the runner's `pages` action opens one
 * incident on the chosen service (the real `PagerDutySource` against the stateful PagerDuty fake)
 * and sends no platform page. A crash at any write, a lost answer, a refused request and a
 * resolved incident never lead to a second PagerDuty incident.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Declaration, DeclarationInput } from '../../../../src/shared/declaration.js';
import type { Person } from '../../../../src/shared/domain.js';
import { DEFAULT_PLAYBOOK } from '../../../../src/shared/playbook.js';
import type { KeyValueStore } from '../../../../src/main/core/ports.js';
import {
  DeclarationRunner,
  createDeclaration,
} from '../../../../src/main/core/incidents/declare.js';
import type { DeclarationIntegrations } from '../../../../src/main/core/incidents/actions/action.js';
import { pagerdutyIncidentKey } from '../../../../src/main/core/incidents/actions/keys.js';
import { createPlatformIncidentsClient } from '../../../../src/main/core/integrations/platform-incidents-client.js';
import { PagerDutySource } from '../../../../src/main/core/pagerduty/pagerduty-source.js';
import { FakeClock } from '../../../fakes/fake-clock.js';
import { CrashingStore, InMemoryStore } from '../../../fakes/in-memory-store.js';
import { PagerDutyFake } from '../../../fakes/pagerduty-fake.js';
import { RecordingLogger } from '../../../fakes/recording-logger.js';
import { startTestPlatform, type TestPlatform } from '../../../helpers/platform-process.js';
import { TOKEN, T0, world } from '../pagerduty/world.js';

interface Env {
  platform: TestPlatform;
  pd: PagerDutyFake;
  store: InMemoryStore<unknown[]>;
  logger: RecordingLogger;
  /** Wraps the PagerDuty `fetch` of the next sources built (to lose an answer). */
  wrapFetch: (wrap: (inner: typeof fetch) => typeof fetch) => void;
  runner(store?: KeyValueStore<unknown[]>): DeclarationRunner;
  declaration(severity?: 1 | 2 | 3): Declaration;
}

const envs: Env[] = [];
afterEach(async () => {
  for (const env of envs.splice(0)) await close(env);
});

async function close(env: Env): Promise<void> {
  await env.platform.close();
  await env.pd.close();
}

async function setup(): Promise<Env> {
  const platform = await startTestPlatform();
  const clock = new FakeClock(T0);
  const pd = new PagerDutyFake(world(), { clock });
  const apiUrl = await pd.start();
  const store = new InMemoryStore<unknown[]>();
  const logger = new RecordingLogger();
  let pdFetch: typeof fetch = globalThis.fetch.bind(globalThis);
  // Built afresh at each run, as `declare-service` does: a resume starts with no cached state.
  const integrations = (): DeclarationIntegrations => ({
    platform: createPlatformIncidentsClient({ baseUrl: platform.url, token: platform.token }),
    pagerduty: new PagerDutySource({ apiUrl, token: TOKEN, clock, logger, fetch: pdFetch }),
  });
  const me: Person = { id: platform.userId, name: 'Test User', email: 'test.user@localhost' };
  const env: Env = {
    platform,
    pd,
    store,
    logger,
    wrapFetch: (wrap) => {
      pdFetch = wrap(pdFetch);
    },
    runner: (s = store) =>
      new DeclarationRunner({
        clock,
        logger,
        store: s,
        playbook: () => DEFAULT_PLAYBOOK,
        integrations,
      }),
    declaration: (severity = 2) => {
      const input: DeclarationInput = {
        summary: 'Checkout p99 elevated',
        service: 'checkout',
        severity,
        roles: { commander: me, investigators: [] },
        paging: { via: 'pagerduty', serviceId: 'PCHECKO', serviceName: 'Checkout API' },
      };
      return createDeclaration({
        input,
        paged: [],
        channelName: 'inc-20260302-checkout-p99-elevated',
        now: clock.now(),
      });
    },
  };
  envs.push(env);
  return env;
}

/** The PagerDuty incidents this declaration opened, and the platform pages of its incident. */
async function made(env: Env, d: Declaration) {
  const key = pagerdutyIncidentKey(d.id);
  const incidents = env.pd.state().incidents.filter((i) => i.incidentKey === key);
  const state = await env.platform.control.state();
  const platformPages = state.pages.filter(
    (p) => d.results.incidentId !== undefined && p.incidentId === d.results.incidentId,
  );
  return { incidents, platformPages, platformIncidents: state.incidents };
}

describe('DeclarationRunner paging through PagerDuty', () => {
  it('opens one high-urgency incident on the service, links it, and sends no platform page', async () => {
    const env = await setup();
    const d = await env.runner().declare(env.declaration(2));

    const { incidents, platformPages, platformIncidents } = await made(env, d);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({
      serviceId: 'PCHECKO',
      title: 'SEV-2: Checkout p99 elevated',
      urgency: 'high',
      status: 'triggered',
      direct: false,
    });
    // The service's escalation policy decides who is paged: its level 1 (me, on the schedule).
    expect(incidents[0]?.assignees.map((a) => a.userId)).toEqual(['PME0001']);
    const posts = env.pd.requestsTo('/incidents', 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.headers.from).toBe('mara@example.com');

    expect(d.results.pagerdutyIncidentId).toBe(incidents[0]?.id);
    expect(d.results.pagerdutyIncidentUrl).toBe(
      `https://fake.pagerduty.com/incidents/${incidents[0]?.id}`,
    );
    expect(d.actions['pages']).toMatchObject({
      status: 'done',
      link: d.results.pagerdutyIncidentUrl,
    });
    expect(d.actions['pages']?.detail).toContain('platform pages skipped: paged through PagerDuty');
    expect(d.results.pageIds).toEqual([]);
    expect(d.results.pagedIds).toEqual({});
    // The platform incident is still opened; only the paging moved to PagerDuty.
    expect(d.actions['platform-incident']?.status).toBe('done');
    expect(platformIncidents).toHaveLength(1);
    expect(platformPages).toEqual([]);
    expect(env.logger.text()).not.toContain(TOKEN);
  });

  it('SEV-3 opens a low-urgency incident', async () => {
    const env = await setup();
    const d = await env.runner().declare(env.declaration(3));
    const { incidents } = await made(env, d);
    expect(incidents.map((i) => [i.title, i.urgency])).toEqual([
      ['SEV-3: Checkout p99 elevated', 'low'],
    ]);
  });

  it('a refused create fails the action naming PagerDuty’s reason; the retry opens exactly one', async () => {
    const env = await setup();
    env.pd.failNext(
      1,
      503,
      { error: { message: 'Service Unavailable', code: 2000 } },
      { method: 'POST', path: '/incidents' },
    );
    const runner = env.runner();
    const d = await runner.declare(env.declaration());
    expect(d.actions['pages']?.status).toBe('failed');
    expect(d.actions['pages']?.error).toMatch(/PagerDuty .*503.*Service Unavailable/);
    expect((await made(env, d)).incidents).toHaveLength(0);

    const retried = await runner.retryAction(d.id, 'pages');
    expect(retried.actions['pages']?.status).toBe('done');
    const { incidents, platformPages } = await made(env, retried);
    expect(incidents).toHaveLength(1);
    expect(retried.results.pagerdutyIncidentId).toBe(incidents[0]?.id);
    expect(platformPages).toEqual([]);
    // The retry looked for an earlier incident with the key before creating one.
    const lookups = env.pd
      .requestsTo('/incidents', 'GET')
      .filter((r) => r.query.get('incident_key') === pagerdutyIncidentKey(d.id));
    expect(lookups.length).toBeGreaterThanOrEqual(2);
  });

  it('an answer lost after PagerDuty opened the incident is found by its key, not made twice', async () => {
    const env = await setup();
    let lose = true;
    env.wrapFetch((inner) => async (input, init) => {
      const response = await inner(input, init);
      if (lose && init?.method === 'POST') {
        lose = false;
        return new Response('bad gateway', { status: 502 });
      }
      return response;
    });
    const d = await env.runner().declare(env.declaration());
    expect(d.actions['pages']?.status).toBe('done');
    const { incidents } = await made(env, d);
    expect(incidents).toHaveLength(1);
    expect(d.results.pagerdutyIncidentId).toBe(incidents[0]?.id);
  });

  it('a retry after the first incident was resolved finds it instead of paging again', async () => {
    const env = await setup();
    const runner = env.runner();
    const d = await runner.declare(env.declaration());
    const first = (await made(env, d)).incidents[0];
    expect(first).toBeDefined();
    env.pd.resolve(first?.id ?? '');
    // As if the answer had never been saved: the action runs again with only the key to go by.
    const stored = runner.get(d.id) as Declaration;
    delete stored.results.pagerdutyIncidentId;
    delete stored.results.pagerdutyIncidentUrl;
    stored.actions['pages'] = { status: 'running', attempts: 1, updatedAt: stored.createdAt };
    env.store.write([stored]);
    const resumed = await env.runner().resumePending();
    expect(resumed[0]?.actions['pages']?.status).toBe('done');
    expect(resumed[0]?.results.pagerdutyIncidentId).toBe(first?.id);
    expect((await made(env, d)).incidents).toHaveLength(1);
  });

  it('without PagerDuty connected the pages action is skipped, and no platform page is sent', async () => {
    const env = await setup();
    const platformOnly = new DeclarationRunner({
      clock: new FakeClock(T0),
      logger: env.logger,
      store: env.store,
      playbook: () => DEFAULT_PLAYBOOK,
      integrations: () => ({
        platform: createPlatformIncidentsClient({
          baseUrl: env.platform.url,
          token: env.platform.token,
        }),
      }),
    });
    const d = await platformOnly.declare(env.declaration());
    expect(d.actions['pages']).toMatchObject({
      status: 'skipped',
      error: 'PagerDuty is not connected',
    });
    expect((await made(env, d)).platformPages).toEqual([]);
  });

  it(
    'crash at any write, then resume: exactly one PagerDuty incident, no platform page',
    { timeout: 120_000 },
    async () => {
      const probe = await setup();
      const counting = new CrashingStore(new InMemoryStore<unknown[]>());
      await probe.runner(counting).declare(probe.declaration());
      const totalWrites = counting.writes;
      expect(totalWrites).toBeGreaterThan(4);

      for (let k = 1; k <= totalWrites; k += 1) {
        const env = await setup();
        const crashing = new CrashingStore(env.store);
        crashing.failAt = k;
        const d = env.declaration();
        await expect(env.runner(crashing).declare(d), `write ${k}`).rejects.toThrow(
          /could not save the declaration/,
        );
        const resumed = await env.runner().resumePending();
        const { incidents, platformPages } = await made(env, d);
        if (k === 1) {
          expect(resumed).toEqual([]);
          expect(incidents).toHaveLength(0);
        } else {
          expect(resumed.map((r) => r.id)).toEqual([d.id]);
          expect({ k, status: resumed[0]?.actions['pages']?.status }).toEqual({
            k,
            status: 'done',
          });
          expect({ k, count: incidents.length }).toEqual({ k, count: 1 });
          expect(resumed[0]?.results.pagerdutyIncidentId).toBe(incidents[0]?.id);
        }
        expect(platformPages).toEqual([]);
        await close(env);
        envs.splice(envs.indexOf(env), 1);
      }
    },
  );
});
