import { afterEach, describe, expect, it } from 'vitest';
import {
  PageTracker,
  type TrackerSnapshot,
} from '../../../../src/main/core/paging/page-tracker.js';
import { PagerDutySource } from '../../../../src/main/core/pagerduty/pagerduty-source.js';
import { SourceError, type PagePoll } from '../../../../src/main/core/ports.js';
import { Page, Rotation } from '../../../../src/shared/domain.js';
import { InMemoryStore } from '../../../fakes/in-memory-store.js';
import { RecordingLogger } from '../../../fakes/recording-logger.js';
import { FakeClock } from '../../../fakes/fake-clock.js';
import { setup, T0, TOKEN } from './world.js';

const MIN = 60_000;
let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function started(options: Parameters<typeof setup>[0] = {}) {
  const env = await setup(options);
  cleanup = env.close;
  return env;
}

function pagesOf(poll: PagePoll): Page[] {
  if (!poll.changed) throw new Error('expected a changed poll');
  return poll.pages;
}

async function rejection(promise: Promise<unknown>): Promise<SourceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SourceError);
  return error as SourceError;
}

describe('PagerDutySource against the PagerDuty fake', () => {
  it('reads me from /users/me', async () => {
    const { source, signal } = await started();
    expect(await source.me(signal)).toEqual({
      id: 'PME0001',
      name: 'Mara Quinn',
      email: 'mara@example.com',
      timezone: 'Europe/Berlin',
    });
    expect(source.kind).toBe('pagerduty');
    expect(source.demo).toBe(false);
    expect(source.supportsLongPoll).toBe(false);
  });

  it('maps the on-calls of my escalation policies to rotations, every level, open-ended ones cut at 7 days', async () => {
    const { source, signal, fake } = await started();
    const { rotations, invalid } = await source.rotations(signal);
    expect(invalid).toEqual([]);
    for (const r of rotations) expect(Rotation.safeParse(r).success).toBe(true);
    const platform = rotations.find((r) => r.id === 'PPLATFM');
    expect(platform?.kind).toBe('platform');
    expect(platform?.name).toBe('Platform');
    const shifts = platform?.shifts.map((s) => [s.person.name, s.level, s.start, s.end]);
    expect(shifts).toEqual([
      [
        'Mara Quinn',
        1,
        new Date(T0 - 3600_000).toISOString(),
        new Date(T0 + 12 * 3600_000).toISOString(),
      ],
      [
        'Noor Patel',
        1,
        new Date(T0 + 12 * 3600_000).toISOString(),
        new Date(T0 + 36 * 3600_000).toISOString(),
      ],
      ['Noor Patel', 2, new Date(T0).toISOString(), new Date(T0 + 7 * 24 * 3600_000).toISOString()],
      ['Eli Moss', 3, new Date(T0).toISOString(), new Date(T0 + 7 * 24 * 3600_000).toISOString()],
    ]);
    const payments = rotations.find((r) => r.id === 'PPAYMNT');
    expect(payments?.shifts.map((s) => [s.person.id, s.level])).toEqual([
      ['PNOOR01', 1],
      ['PME0001', 2],
    ]);
    // First my on-calls (to find my policies), then all on-calls of those policies.
    const oncalls = fake.requestsTo('/oncalls');
    expect(oncalls.map((r) => r.query.getAll('user_ids[]'))).toEqual([['PME0001'], []]);
    expect(oncalls[1]?.query.getAll('escalation_policy_ids[]').sort()).toEqual([
      'PPAYMNT',
      'PPLATFM',
    ]);
    expect(oncalls[0]?.query.get('since')).toBe(new Date(T0).toISOString());
    expect(oncalls[0]?.query.get('until')).toBe(new Date(T0 + 7 * 24 * 3600_000).toISOString());
  });

  it('leaves out a malformed on-call entry, names it, and keeps the others', async () => {
    const { source, signal, fake } = await started();
    await source.me(signal);
    fake.transformNext('/oncalls', (body) => body);
    fake.transformNext('/oncalls', (body) => {
      const b = body as { oncalls: { user: { id: string }; escalation_level: unknown }[] };
      const eli = b.oncalls.find((o) => o.user.id === 'PELI001');
      if (eli) eli.escalation_level = 'three';
      return b;
    });
    const { rotations, invalid } = await source.rotations(signal);
    expect(invalid).toHaveLength(1);
    expect(invalid[0]).toMatch(/^on-call #\d+: escalation_level/);
    const people = rotations.flatMap((r) => r.shifts.map((s) => s.person.id));
    expect(people).toHaveLength(5);
    expect(people).not.toContain('PELI001');
  });

  it('shows a triggered high-urgency incident as a triggered page with me as target and the policy as escalation', async () => {
    const { source, signal, fake } = await started();
    await source.rotations(signal);
    const id = fake.trigger({
      serviceId: 'PCHECKO',
      title: 'Checkout 5xx above 2%',
      urgency: 'high',
    });
    const pages = pagesOf(await source.pollPages({}, signal));
    expect(pages).toHaveLength(1);
    const page = pages[0] as Page;
    expect(Page.safeParse(page).success).toBe(true);
    expect(page).toMatchObject({
      id,
      title: 'Checkout 5xx above 2%',
      status: 'triggered',
      urgency: 'high',
      severity: 2,
      service: 'Checkout API',
      createdAt: new Date(T0).toISOString(),
      target: { id: 'PME0001', email: 'mara@example.com' },
      links: { incident: `https://fake.pagerduty.com/incidents/${id}` },
    });
    expect(page.escalation.step).toBe(0);
    expect(page.escalation.steps.map((s) => [s.afterSeconds, s.role, s.person?.id])).toEqual([
      [0, 'rotation', 'PME0001'],
      [300, 'person', 'PNOOR01'],
      [600, 'person', 'PELI001'],
    ]);
    expect(page.escalation.nextAt).toBe(new Date(T0 + 5 * MIN).toISOString());
    expect(page.escalation.nextTarget?.id).toBe('PNOOR01');
  });

  it('marks a low-urgency incident low (shown quietly, never rung)', async () => {
    const { source, signal, fake } = await started();
    fake.trigger({ serviceId: 'PCHECKO', title: 'Disk 80% full', urgency: 'low' });
    const [page] = pagesOf(await source.pollPages({}, signal));
    expect(page?.urgency).toBe('low');
    expect(page?.severity).toBe(3);
    expect(page?.status).toBe('triggered');
  });

  it('takes severity from the priority when there is one', async () => {
    const { source, signal, fake } = await started();
    fake.trigger({ serviceId: 'PCHECKO', urgency: 'low', priority: 'P1' });
    const [page] = pagesOf(await source.pollPages({}, signal));
    expect(page?.severity).toBe(1);
  });

  it('acknowledging stops the escalation in PagerDuty', async () => {
    const { source, signal, fake } = await started();
    await source.rotations(signal);
    const id = fake.trigger({ serviceId: 'PCHECKO' });
    fake.advance(2 * MIN);
    const page = await source.acknowledge(id, 'key-1', signal);
    expect(page.status).toBe('acknowledged');
    expect(page.acknowledgedBy?.id).toBe('PME0001');
    expect(page.acknowledgedAt).toBe(new Date(T0 + 2 * MIN).toISOString());
    expect(page.escalation.nextAt).toBeNull();
    const put = fake.requestsTo(`/incidents/${id}`, 'PUT')[0];
    expect(put?.headers.from).toBe('mara@example.com');
    expect(put?.body).toEqual({ incident: { type: 'incident_reference', status: 'acknowledged' } });

    fake.advance(20 * MIN);
    expect(fake.get(id)).toMatchObject({ status: 'acknowledged', level: 1, escalations: 0 });
    const [polled] = pagesOf(await source.pollPages({}, signal));
    expect(polled?.status).toBe('acknowledged');
  });

  it('without an acknowledgement the fake escalates, and the page follows the new assignee', async () => {
    const { source, signal, fake } = await started();
    await source.rotations(signal);
    const id = fake.trigger({ serviceId: 'PCHECKO' });
    fake.advance(6 * MIN);
    expect(fake.get(id)).toMatchObject({ level: 2, escalations: 1 });
    // No longer assigned to me, but on my policy's service: still in my feed.
    const [page] = pagesOf(await source.pollPages({}, signal));
    expect(page?.target.id).toBe('PNOOR01');
    expect(page?.escalation.step).toBe(1);
    expect(page?.escalation.steps[0]).toMatchObject({
      person: { id: 'PME0001' },
      notifiedAt: new Date(T0).toISOString(),
    });
    expect(page?.escalation.nextAt).toBe(new Date(T0 + 10 * MIN).toISOString());
    expect(page?.escalation.nextTarget?.id).toBe('PELI001');
  });

  it('an incident acknowledged elsewhere is acknowledged on the next poll', async () => {
    const { source, signal, fake } = await started();
    const id = fake.trigger({ serviceId: 'PCHECKO' });
    expect(pagesOf(await source.pollPages({}, signal))[0]?.status).toBe('triggered');
    fake.advance(MIN);
    fake.ackElsewhere(id, 'PNOOR01');
    const [page] = pagesOf(await source.pollPages({}, signal));
    expect(page).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: { id: 'PNOOR01', name: 'Noor Patel' },
      acknowledgedAt: new Date(T0 + MIN).toISOString(),
    });
    expect(page?.escalation.nextAt).toBeNull();
  });

  it('an acknowledgement that times out is a new trigger: triggered again with a newer updatedAt', async () => {
    const { source, signal, fake } = await started();
    await source.rotations(signal);
    const id = fake.trigger({ serviceId: 'PCHECKO' });
    const acked = await source.acknowledge(id, 'k', signal);
    fake.advance(29 * MIN);
    expect(pagesOf(await source.pollPages({}, signal))[0]?.status).toBe('acknowledged');
    fake.advance(2 * MIN);
    const [page] = pagesOf(await source.pollPages({}, signal));
    expect(page?.status).toBe('triggered');
    expect(page?.updatedAt).toBe(new Date(T0 + 30 * MIN).toISOString());
    expect(Date.parse(page?.updatedAt ?? '')).toBeGreaterThan(Date.parse(acked.updatedAt));
    expect(page?.acknowledgedBy).toBeUndefined();
    // PagerDuty restarts the level's timer at the re-trigger.
    expect(page?.escalation.nextAt).toBe(new Date(T0 + 35 * MIN).toISOString());
  });

  it('drives the page tracker: rings, stops when acknowledged elsewhere, rings again after the timeout', async () => {
    const { source, signal, fake, clock } = await started();
    const tracker = new PageTracker({
      store: new InMemoryStore<TrackerSnapshot>(),
      clock,
      logger: new RecordingLogger(),
    });
    tracker.setMe(source.id, await source.me(signal));
    await source.rotations(signal);
    const id = fake.trigger({ serviceId: 'PCHECKO' });
    const key = `pagerduty:${id}`;
    tracker.applyFeed(source.id, pagesOf(await source.pollPages({}, signal)));
    expect(tracker.ringingKeys()).toEqual([key]);

    fake.advance(MIN);
    fake.ackElsewhere(id, 'PNOOR01');
    tracker.applyFeed(source.id, pagesOf(await source.pollPages({}, signal)));
    expect(tracker.ringingKeys()).toEqual([]);

    fake.advance(31 * MIN);
    tracker.applyFeed(source.id, pagesOf(await source.pollPages({}, signal)));
    expect(tracker.ringingKeys()).toEqual([key]);
  });

  it('gives a heads-up when I am next on someone else’s incident', async () => {
    const { source, signal, fake, clock } = await started();
    const tracker = new PageTracker({
      store: new InMemoryStore<TrackerSnapshot>(),
      clock,
      logger: new RecordingLogger(),
    });
    tracker.setMe(source.id, await source.me(signal));
    await source.rotations(signal);
    const id = fake.trigger({ serviceId: 'PPAYSVC', title: 'Payouts delayed' });
    const pages = pagesOf(await source.pollPages({}, signal));
    expect(pages.map((p) => p.id)).toEqual([id]);
    expect(pages[0]?.target.id).toBe('PNOOR01');
    expect(pages[0]?.escalation.nextTarget?.id).toBe('PME0001');
    tracker.applyFeed(source.id, pages);
    expect(tracker.ringingKeys()).toEqual([]);
    expect(tracker.takeNewHeadsUps().map((p) => p.key)).toEqual([`pagerduty:${id}`]);
    const heads = fake
      .requestsTo('/incidents', 'GET')
      .map((r) => r.query.getAll('service_ids[]').sort());
    expect(heads).toEqual([[], ['PCHECKO', 'PPAYSVC', 'PTESTSV']]);
  });

  it('computes the next escalation from the policy when PagerDuty sends no pending actions', async () => {
    const { source, signal, fake } = await started({ fake: { pendingActions: false } });
    await source.rotations(signal);
    fake.trigger({ serviceId: 'PCHECKO' });
    fake.advance(MIN);
    const [page] = pagesOf(await source.pollPages({}, signal));
    expect(page?.escalation.nextAt).toBe(new Date(T0 + 5 * MIN).toISOString());
    fake.advance(5 * MIN);
    const [later] = pagesOf(await source.pollPages({}, signal));
    expect(later?.escalation.step).toBe(1);
    expect(later?.escalation.nextAt).toBe(new Date(T0 + 10 * MIN).toISOString());
  });

  it('429 with a ratelimit-reset header is a rate-limited SourceError with that wait', async () => {
    const { source, signal, fake } = await started();
    await source.me(signal);
    fake.rateLimitNext(1, 37);
    const error = await rejection(source.pollPages({}, signal));
    expect(error.kind).toBe('rate-limited');
    expect(error.status).toBe(429);
    expect(error.retryAfterMs).toBe(37_000);
    expect(error.message).toMatch(/rate limit/i);
    // The limit lifts: the next poll works.
    expect((await source.pollPages({}, signal)).changed).toBe(true);
  });

  it('reads x-ratelimit-reset and Retry-After too', async () => {
    const { source, signal, fake } = await started();
    fake.rateLimitNext(1, 12, 'x-ratelimit-reset');
    expect((await rejection(source.me(signal))).retryAfterMs).toBe(12_000);
    fake.rateLimitNext(1, 3, 'retry-after');
    expect((await rejection(source.me(signal))).retryAfterMs).toBe(3_000);
  });

  it('never reopens a resolved incident: acknowledging it is a conflict and it stays resolved', async () => {
    const { source, signal, fake } = await started();
    const id = fake.trigger({ serviceId: 'PCHECKO' });
    fake.resolve(id);
    const error = await rejection(source.acknowledge(id, 'k', signal));
    expect(error.kind).toBe('conflict');
    expect(fake.get(id).status).toBe('resolved');
    expect(fake.requestsTo(`/incidents/${id}`, 'PUT')).toEqual([]);
  });

  it('an incident resolved between our GET and our PUT: reopened by the PUT, resolved again, a conflict', async () => {
    const { source, signal, fake, logger } = await started();
    const id = fake.trigger({ serviceId: 'PCHECKO', title: 'Checkout 5xx' });
    // Noor resolves it in the PagerDuty app while our acknowledgement is on its way.
    fake.beforeNext('PUT', `/incidents/${id}`, () => fake.resolve(id, 'PNOOR01'));
    const error = await rejection(source.acknowledge(id, 'k', signal));
    expect(error.kind).toBe('conflict');
    expect(error.message).toMatch(/resolved before the acknowledgement arrived/);
    // PagerDuty reopened it for our PUT (as its API description says); we resolved it again.
    const incident = fake.get(id);
    expect(incident.status).toBe('resolved');
    expect(incident.log.map((e) => [e.type, e.userId])).toEqual([
      ['trigger_log_entry', undefined],
      ['resolve_log_entry', 'PNOOR01'],
      ['acknowledge_log_entry', 'PME0001'],
      ['resolve_log_entry', 'PME0001'],
    ]);
    expect(incident.log.at(-1)?.note).toMatch(/reached PagerDuty after it/);
    // No second incident, and nothing of it is open.
    expect(fake.state().incidents).toHaveLength(1);
    expect(pagesOf(await source.pollPages({}, signal))).toEqual([]);
    expect(logger.entries.map((e) => e.message)).toContain(
      'pagerduty incident resolved before our acknowledgement; resolved again',
    );
  });

  it('an acknowledgement with no resolve in between reads the log since the GET and stays', async () => {
    const { source, signal, fake, clock } = await started();
    const id = fake.trigger({ serviceId: 'PCHECKO' });
    clock.advance(MIN);
    const page = await source.acknowledge(id, 'k', signal);
    expect(page.status).toBe('acknowledged');
    expect(fake.get(id).status).toBe('acknowledged');
    const log = fake.requestsTo(`/incidents/${id}/log_entries`, 'GET');
    expect(log).toHaveLength(1);
    expect(log[0]?.query.get('since')).toBe(new Date(T0).toISOString());
    expect(log[0]?.query.get('is_overview')).toBe('true');
  });

  it('a resolve of ours racing one made elsewhere answers the resolved page, no error', async () => {
    const { source, signal, fake } = await started();
    const id = fake.trigger({ serviceId: 'PCHECKO' });
    fake.beforeNext('PUT', `/incidents/${id}`, () => fake.resolve(id, 'PNOOR01'));
    const page = await source.resolvePage(id, 'k', signal);
    expect(page.status).toBe('resolved');
    const other = fake.trigger({ serviceId: 'PCHECKO' });
    fake.beforeNext('PUT', `/incidents/${other}`, () => fake.resolve(other, 'PNOOR01'));
    expect((await source.resolveIncident(other, signal)).status).toBe('resolved');
    expect(fake.state().incidents.map((i) => i.status)).toEqual(['resolved', 'resolved']);
  });

  it('finds its own incident by key past incidents whose alerts carry the key, however old', async () => {
    const { source, signal, fake, clock } = await started();
    const key = 'zephyr-declaration-d42';
    const own = fake.trigger({ serviceId: 'PCHECKO', title: 'ours', incidentKey: key });
    fake.resolve(own);
    // Six weeks later: outside PagerDuty's default one-month window.
    clock.advance(42 * 24 * 3600_000);
    for (let i = 0; i < 3; i += 1)
      fake.trigger({ serviceId: 'PCHECKO', title: `alert ${i}`, alertKeys: [key] });
    const found = await source.findIncidentByKey(key, signal);
    expect(found?.id).toBe(own);
    expect(found?.status).toBe('resolved');
    expect(await source.findIncidentByKey('zephyr-declaration-none', signal)).toBeUndefined();
  });

  it('acknowledging twice is harmless; an unknown incident is not-found', async () => {
    const { source, signal, fake } = await started();
    const id = fake.trigger({ serviceId: 'PCHECKO' });
    const first = await source.acknowledge(id, 'k', signal);
    const second = await source.acknowledge(id, 'k', signal);
    expect(second.status).toBe('acknowledged');
    expect(second.acknowledgedAt).toBe(first.acknowledgedAt);
    expect(fake.get(id).acknowledgements).toHaveLength(1);
    expect((await rejection(source.acknowledge('PNOPE', 'k', signal))).kind).toBe('not-found');
  });

  it('a refused token is unauthorized, and the token is never logged nor in the message', async () => {
    const { fake, clock, signal } = await started();
    const logger = new RecordingLogger();
    const wrong = new PagerDutySource({
      apiUrl: fake.url,
      token: 'wrong-secret-123',
      clock,
      logger,
    });
    const error = await rejection(wrong.pollPages({}, signal));
    expect(error.kind).toBe('unauthorized');
    expect(error.message).toMatch(/Unauthorized/);
    expect(error.message).not.toContain('wrong-secret-123');
    expect(logger.text()).not.toContain('wrong-secret-123');
    expect(fake.requests[0]?.headers.authorization).toBe('Token token=wrong-secret-123');
  });

  it('sends the versioned Accept header and the token on every request', async () => {
    const { source, signal, fake, logger } = await started();
    await source.rotations(signal);
    await source.pollPages({}, signal);
    expect(fake.requests.length).toBeGreaterThan(3);
    for (const r of fake.requests) {
      expect(r.headers.accept).toBe('application/vnd.pagerduty+json;version=2');
      expect(r.headers.authorization).toBe(`Token token=${TOKEN}`);
    }
    expect(logger.text()).not.toContain(TOKEN);
  });

  it('measures skew from the Date header', async () => {
    const { source, signal } = await started({ fake: { dateSkewMs: 120_000 } });
    const poll = await source.pollPages({}, signal);
    expect(poll.skewMs).toBe(120_000);
    expect((await source.rotations(signal)).skewMs).toBe(120_000);
  });

  it('uses ETag / If-None-Match when PagerDuty sends one', async () => {
    const { source, signal, fake } = await started({ fake: { etags: true } });
    fake.trigger({ serviceId: 'PCHECKO' });
    const first = await source.pollPages({}, signal);
    if (!first.changed) throw new Error('first poll must be changed');
    expect(first.etag).toBeDefined();
    expect(await source.pollPages({ etag: first.etag }, signal)).toEqual({
      changed: false,
      skewMs: 0,
    });
    expect(fake.requestsTo('/incidents').at(-1)?.headers['if-none-match']).toBeDefined();
    fake.trigger({ serviceId: 'PCHECKO' });
    const third = await source.pollPages({ etag: first.etag }, signal);
    expect(third.changed && third.pages).toHaveLength(2);
  });

  it('without ETags every poll is changed', async () => {
    const { source, signal } = await started();
    const first = await source.pollPages({}, signal);
    expect(first).toMatchObject({ changed: true, pages: [] });
    expect(first.changed && first.etag).toBeUndefined();
    expect((await source.pollPages({}, signal)).changed).toBe(true);
  });

  it('leaves out a malformed incident, names it, and keeps the others', async () => {
    const { source, signal, fake } = await started();
    const good = fake.trigger({ serviceId: 'PCHECKO' });
    const bad = fake.trigger({ serviceId: 'PCHECKO' });
    fake.transformNext('/incidents', (body) => {
      const b = body as { incidents: Record<string, unknown>[] };
      const target = b.incidents.find((i) => i.id === bad);
      if (target) target.status = 'exploded';
      return b;
    });
    const poll = await source.pollPages({}, signal);
    if (!poll.changed) throw new Error('expected changed');
    expect(poll.pages.map((p) => p.id)).toEqual([good]);
    expect(poll.invalid).toHaveLength(1);
    expect(poll.invalid[0]).toMatch(new RegExp(`^incident ${bad}: status`));
  });

  it('a body that is not the expected shape at all fails the whole poll', async () => {
    const { source, signal, fake } = await started();
    await source.me(signal);
    fake.transformNext('/incidents', () => ({ nothing: true }));
    const error = await rejection(source.pollPages({}, signal));
    expect(error.kind).toBe('invalid-response');
    expect(error.message).toMatch(/GET \/incidents.*incidents/);
  });

  it('5xx is a server error with PagerDuty’s message', async () => {
    const { source, signal, fake } = await started();
    fake.failNext(1, 503, { error: { message: 'Service Unavailable', code: 2000 } });
    const error = await rejection(source.me(signal));
    expect(error.kind).toBe('server');
    expect(error.status).toBe(503);
    expect(error.message).toContain('Service Unavailable');
  });

  it('sends a test page only with a test service: high urgency, directly to me, never escalating', async () => {
    const { source, signal } = await started();
    const refused = await rejection(source.sendTestPage(signal));
    expect(refused.kind).toBe('server');
    expect(refused.message).toBe(
      'PagerDuty cannot send a test page without a service; use the Zephyr source or "Test my alerts"',
    );

    const env = await setup({ source: { testServiceId: 'PTESTSV' } });
    const previous = cleanup;
    cleanup = async () => {
      await previous?.();
      await env.close();
    };
    const page = await env.source.sendTestPage(env.signal);
    expect(page).toMatchObject({
      test: true,
      status: 'triggered',
      urgency: 'high',
      target: { id: 'PME0001' },
    });
    expect(page.escalation.nextAt).toBeNull();
    env.fake.advance(60 * MIN);
    expect(env.fake.get(page.id)).toMatchObject({ direct: true, escalations: 0, level: 1 });
    const [polled] = pagesOf(await env.source.pollPages({}, env.signal));
    expect(polled?.test).toBe(true);
  });

  it('creates an incident with From and a de-duplication key', async () => {
    const { source, signal, fake } = await started();
    const page = await source.createIncident(
      {
        serviceId: 'PCHECKO',
        title: 'SEV-2: Checkout p99 elevated',
        urgency: 'high',
        incidentKey: 'inc-42',
      },
      signal,
    );
    expect(page).toMatchObject({
      title: 'SEV-2: Checkout p99 elevated',
      status: 'triggered',
      target: { id: 'PME0001' },
    });
    const post = fake.requestsTo('/incidents', 'POST')[0];
    expect(post?.headers.from).toBe('mara@example.com');
    expect(post?.body).toMatchObject({
      incident: {
        type: 'incident',
        service: { id: 'PCHECKO', type: 'service_reference' },
        incident_key: 'inc-42',
      },
    });
    const again = await rejection(
      source.createIncident(
        { serviceId: 'PCHECKO', title: 'again', urgency: 'high', incidentKey: 'inc-42' },
        signal,
      ),
    );
    expect(again.message).toContain('Open incident with key already exists');
    expect(fake.state().incidents).toHaveLength(1);
  });

  it('raises a low-urgency incident to high (PUT with From), and leaves a high one alone', async () => {
    const { source, signal, fake } = await started();
    const id = fake.trigger({
      serviceId: 'PCHECKO',
      title: 'SEV-3: Disk 80% full',
      urgency: 'low',
    });
    const raised = await source.raiseUrgency(id, signal);
    expect(raised.changed).toBe(true);
    expect(raised.page.urgency).toBe('high');
    expect(fake.get(id)).toMatchObject({ urgency: 'high' });
    const puts = fake.requestsTo(`/incidents/${id}`, 'PUT');
    expect(puts.map((p) => [p.headers.from, p.body])).toEqual([
      ['mara@example.com', { incident: { type: 'incident_reference', urgency: 'high' } }],
    ]);
    const again = await source.raiseUrgency(id, signal);
    expect(again.changed).toBe(false);
    expect(fake.requestsTo(`/incidents/${id}`, 'PUT')).toHaveLength(1);
  });

  it('an unreachable API is a network error naming the request', async () => {
    const clock = new FakeClock(T0);
    const source = new PagerDutySource({
      apiUrl: 'http://127.0.0.1:9',
      token: TOKEN,
      clock,
      logger: new RecordingLogger(),
    });
    const error = await rejection(source.me(new AbortController().signal));
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(/could not reach PagerDuty \(GET \/users\/me\)/);
  });

  it('refuses an empty token and plain http to anything but loopback', () => {
    const deps = { clock: new FakeClock(T0), logger: new RecordingLogger() };
    expect(() => new PagerDutySource({ ...deps, token: ' ' })).toThrow(
      'PagerDuty API token is empty',
    );
    expect(
      () => new PagerDutySource({ ...deps, token: 't', apiUrl: 'http://api.pagerduty.com' }),
    ).toThrow(/must use https/);
    expect(
      () => new PagerDutySource({ ...deps, token: 't', apiUrl: 'https://api.eu.pagerduty.com' }),
    ).not.toThrow();
    expect(
      () => new PagerDutySource({ ...deps, token: 't', apiUrl: 'http://localhost:8080' }),
    ).not.toThrow();
  });
});
