/**
 * `PagerDutySource` against PagerDuty's own REST API description: every request it makes goes
 * through Prism 5.14.2 mocking `../shared/contracts/pagerduty/openapiv3.json` (overlay applied in
 * `prism-pagerduty.ts`), and any request-side finding fails the test. The description's example
 * answers are also run through the mapping and must give valid `Person`/`Rotation`/`Page`s.
 * Skips with a message where `../shared` is absent, except in CI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  toPerson,
  incidentToPage,
  oncallsToRotations,
} from '../../src/main/core/pagerduty/mapping.js';
import { PagerDutySource } from '../../src/main/core/pagerduty/pagerduty-source.js';
import { DeclarationRunner, createDeclaration } from '../../src/main/core/incidents/declare.js';
import { pagerdutyIncidentKey } from '../../src/main/core/incidents/actions/keys.js';
import { DEFAULT_PLAYBOOK } from '../../src/shared/playbook.js';
import { InMemoryStore } from '../fakes/in-memory-store.js';
import {
  PdIncident,
  PdIncidentEnvelope,
  PdIncidentList,
  PdOncall,
  PdOncallList,
  PdUserEnvelope,
} from '../../src/main/core/pagerduty/wire.js';
import { Page, Person, Rotation } from '../../src/shared/domain.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { RecordingLogger } from '../fakes/recording-logger.js';
import { sharedAvailable } from '../helpers/shared-dir.js';
import {
  loadPagerDutySpec,
  PAGERDUTY_SPEC,
  recordingFetch,
  responseExamples,
  startPrism,
  withVendorMediaType,
  type PrismMock,
} from './prism-pagerduty.js';

const available = sharedAvailable(PAGERDUTY_SPEC);

/**
 * The description's only example for `GET /incidents/{id}` is acknowledged, which (rightly) makes
 * `acknowledge()` stop before its `PUT`. To send that `PUT` through Prism too, this answer's status
 * is turned back to `triggered` on its way to the client (and, with `lowUrgency`, its urgency to
 * low, so that `raiseUrgency()` sends its `PUT`). Only the answer is touched, never a request.
 */
function triggeredOnRead(inner: typeof fetch, lowUrgency = false): typeof fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    if (
      (init?.method ?? 'GET') !== 'GET' ||
      !/^\/incidents\/[^/]+$/.test(url.pathname) ||
      !response.ok
    ) {
      return response;
    }
    const body = (await response.json()) as { incident: { status: string; urgency?: string } };
    body.incident.status = 'triggered';
    if (lowUrgency) body.incident.urgency = 'low';
    return new Response(JSON.stringify(body), {
      status: response.status,
      headers: response.headers,
    });
  };
}

describe.skipIf(!available)('PagerDuty client against PagerDuty’s OpenAPI description', () => {
  describe('every request through Prism', () => {
    let prism: PrismMock | undefined;
    const signal = new AbortController().signal;
    const me: Person = { id: 'PXPGF42', name: 'Earline Greenholt', email: 'x@example.com' };

    beforeAll(async () => {
      prism = await startPrism();
    }, 180_000);

    afterAll(async () => {
      await prism?.stop();
    }, 30_000);

    /**
     * Each test's own source and recorder (Prism itself answers from the document and keeps no
     * state): no test reads another's requests or relies on what another cached. A test that
     * needs "me" or my escalation policies asks for them itself, before `since()`.
     */
    function fresh(options: { lowUrgency?: boolean } = {}): {
      source: PagerDutySource;
      requests: string[];
      since(): string[];
      noViolations(): void;
    } {
      if (!prism) throw new Error('Prism did not start');
      const recorder = recordingFetch();
      const source = new PagerDutySource({
        apiUrl: prism.url,
        token: 'contract-test-token',
        fetch: triggeredOnRead(recorder.fetch, options.lowUrgency),
        clock: new FakeClock(Date.parse('2026-03-02T03:00:00Z')),
        logger: new RecordingLogger(),
        testServiceId: 'PIJ90N7',
      });
      let mark = 0;
      return {
        source,
        requests: recorder.requests,
        since() {
          const sent = recorder.requests.slice(mark);
          mark = recorder.requests.length;
          return sent;
        },
        noViolations() {
          expect(recorder.violations, JSON.stringify(recorder.violations, null, 2)).toEqual([]);
        },
      };
    }

    const paths = (sent: string[]): string[] => sent.map((r) => r.split('?')[0] ?? r);

    function runner(source: PagerDutySource, playbook = DEFAULT_PLAYBOOK) {
      const clock = new FakeClock(Date.parse('2026-03-02T03:00:00Z'));
      const declarations = new DeclarationRunner({
        clock,
        logger: new RecordingLogger(),
        store: new InMemoryStore<unknown[]>(),
        playbook: () => playbook,
        integrations: () => ({ pagerduty: source }),
      });
      return { clock, declarations };
    }

    it('me(): GET /users/me', async () => {
      const t = fresh();
      const person = await t.source.me(signal);
      expect(Person.safeParse(person).success).toBe(true);
      expect(person.email).toContain('@');
      expect(paths(t.since())).toEqual(['GET /users/me']);
      t.noViolations();
    });

    it('rotations(): GET /oncalls for me, then for my escalation policies', async () => {
      const t = fresh();
      const { rotations, invalid } = await t.source.rotations(signal);
      expect(invalid).toEqual([]);
      expect(rotations.length).toBeGreaterThan(0);
      for (const r of rotations) expect(Rotation.safeParse(r).success).toBe(true);
      const sent = t.since();
      expect(paths(sent)[0]).toBe('GET /users/me');
      expect(sent.some((r) => r.startsWith('GET /oncalls?user_ids[]='))).toBe(true);
      expect(sent.some((r) => r.startsWith('GET /oncalls?escalation_policy_ids[]='))).toBe(true);
      t.noViolations();
    });

    it('pollPages(): GET /incidents (mine and my policies’ services), GET /escalation_policies/{id}', async () => {
      const t = fresh();
      // My escalation policies (hence their services) come from the rotations.
      await t.source.rotations(signal);
      t.since();
      const poll = await t.source.pollPages({}, signal);
      if (!poll.changed) throw new Error('expected a changed poll');
      // The static example always says `more: true`: the client follows the offsets up to its cap
      // of 5 pages per list (each page request validated too) and says the list was cut.
      expect(poll.invalid).toEqual(['more than 500 open incidents: only the first ones are shown']);
      expect(poll.pages.length).toBeGreaterThan(0);
      for (const p of poll.pages) expect(Page.safeParse(p).success).toBe(true);
      const sent = t.since();
      const lists = sent.filter((r) => r.startsWith('GET /incidents?'));
      expect(lists).toHaveLength(10);
      expect(lists.filter((r) => r.includes('offset=400'))).toHaveLength(2);
      expect(sent.some((r) => r.includes('service_ids[]='))).toBe(true);
      expect(sent.some((r) => r.startsWith('GET /escalation_policies/'))).toBe(true);
      t.noViolations();
    });

    it('acknowledge(): GET /incidents/{id}, PUT /incidents/{id} with From, then its log since the GET', async () => {
      const t = fresh();
      await t.source.me(signal);
      t.since();
      const page = await t.source.acknowledge('PT4KHLK', 'contract-key', signal);
      expect(Page.safeParse(page).success).toBe(true);
      const sent = t.since();
      expect(paths(sent)).toEqual([
        'GET /incidents/PT4KHLK',
        'PUT /incidents/PT4KHLK',
        'GET /incidents/PT4KHLK/log_entries',
      ]);
      expect(sent[2]).toContain('is_overview=true');
      t.noViolations();
    });

    it('resolvePage() and resolveIncident(): GET /incidents/{id}, then PUT /incidents/{id} status resolved with From', async () => {
      const t = fresh();
      await t.source.me(signal);
      t.since();
      for (const resolve of [
        () => t.source.resolvePage('PT4KHLK', 'unused', signal),
        () => t.source.resolveIncident('PT4KHLK', signal),
      ]) {
        expect(Page.safeParse(await resolve()).success).toBe(true);
        expect(paths(t.since())).toEqual(['GET /incidents/PT4KHLK', 'PUT /incidents/PT4KHLK']);
      }
      t.noViolations();
    });

    it('escalatePage(): PUT /incidents/{id} with an assignee, or with an escalation policy', async () => {
      const t = fresh();
      const toPerson = await t.source.escalatePage('PT4KHLK', { person: 'PXPGF42' }, 'k', signal);
      expect(Page.safeParse(toPerson).success).toBe(true);
      const toPolicy = await t.source.escalatePage('PT4KHLK', { rotation: 'PT20YPA' }, 'k', signal);
      expect(Page.safeParse(toPolicy).success).toBe(true);
      expect(paths(t.since()).filter((r) => r === 'PUT /incidents/PT4KHLK')).toHaveLength(2);
      t.noViolations();
    });

    it('createIncident() and sendTestPage(): POST /incidents with From', async () => {
      const t = fresh();
      const declared = await t.source.createIncident(
        {
          serviceId: 'PIJ90N7',
          title: 'SEV-2: Checkout p99 elevated',
          urgency: 'high',
          incidentKey: 'zephyr-1',
        },
        signal,
      );
      expect(Page.safeParse(declared).success).toBe(true);
      const test = await t.source.sendTestPage(signal);
      expect(Page.safeParse(test).success).toBe(true);
      expect(t.since().filter((r) => r.startsWith('POST /incidents'))).toHaveLength(2);
      t.noViolations();
    });

    it('listServices(): GET /services with query, include[]=escalation_policies, limit', async () => {
      const t = fresh();
      const { services } = await t.source.listServices('My Application', signal);
      expect(services.length).toBeGreaterThan(0);
      expect(services[0]).toMatchObject({ id: 'PIJ90N7', name: 'My Application Service' });
      const sent = t.since();
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatch(
        /^GET \/services\?query=My%20Application&include(%5B%5D|\[\])=escalation_policies/,
      );
      t.noViolations();
    });

    it('a declaration paging through PagerDuty: POST /incidents with From, then GET /incidents by incident_key', async () => {
      const t = fresh();
      await t.source.me(signal);
      t.since();
      const { clock, declarations } = runner(t.source);
      const declaration = createDeclaration({
        input: {
          summary: 'Checkout p99 elevated',
          severity: 2,
          roles: { commander: me, investigators: [] },
          paging: { via: 'pagerduty', serviceId: 'PIJ90N7', serviceName: 'My Application Service' },
        },
        paged: [],
        channelName: 'inc-checkout',
        now: clock.now(),
      });
      const d = await declarations.declare(declaration);
      expect(d.actions['pages']?.status, d.actions['pages']?.error).toBe('done');
      // A resume looks the key up before creating anything.
      await t.source.findIncidentByKey(pagerdutyIncidentKey(d.id), signal);
      const sent = t.since();
      // Prism's example is another key with `more: true`, repeated: the search pages on once,
      // sees nothing new and stops.
      expect(paths(sent)).toEqual(['POST /incidents', 'GET /incidents', 'GET /incidents']);
      expect(sent.at(-1)).toContain(
        `incident_key=${encodeURIComponent(pagerdutyIncidentKey(d.id))}`,
      );
      t.noViolations();
    });

    it('a SEV-1 through PagerDuty adds the EM and founder policies as responders (POST /incidents/{id}/responder_requests)', async () => {
      const t = fresh();
      await t.source.me(signal);
      t.since();
      const { clock, declarations } = runner(t.source, {
        ...DEFAULT_PLAYBOOK,
        pagerduty: { emEscalationPolicyId: 'PEM0001', founderEscalationPolicyId: 'PFO0001' },
      });
      const d = await declarations.declare(
        createDeclaration({
          input: {
            summary: 'Region down',
            severity: 1,
            roles: { commander: me, investigators: [] },
            paging: { via: 'pagerduty', serviceId: 'PIJ90N7', serviceName: 'My Application' },
          },
          paged: [],
          channelName: 'inc-region',
          now: clock.now(),
        }),
      );
      expect(d.actions['pages']?.status, d.actions['pages']?.error).toBe('done');
      expect(d.results.pagerdutyResponders).toEqual(['PEM0001', 'PFO0001']);
      expect(paths(t.since())).toEqual([
        'POST /incidents',
        expect.stringMatching(/^POST \/incidents\/[^/]+\/responder_requests$/),
      ]);
      t.noViolations();
    });

    it('raiseUrgency() (a raised severity): GET /incidents/{id}, then PUT /incidents/{id} urgency high with From', async () => {
      const t = fresh({ lowUrgency: true });
      const { page, changed } = await t.source.raiseUrgency('PT4KHLK', signal);
      expect(changed).toBe(true);
      expect(Page.safeParse(page).success).toBe(true);
      expect(paths(t.since())).toEqual([
        'GET /users/me',
        'GET /incidents/PT4KHLK',
        'PUT /incidents/PT4KHLK',
      ]);
      t.noViolations();
    });

    it('makes every kind of request the client has, each one valid (on its own, from a fresh source)', async () => {
      const t = fresh();
      await t.source.rotations(signal);
      await t.source.pollPages({}, signal);
      await t.source.acknowledge('PT4KHLK', 'k', signal);
      await t.source.resolvePage('PT4KHLK', 'k', signal);
      await t.source.escalatePage('PT4KHLK', { person: 'PXPGF42' }, 'k', signal);
      await t.source.raiseUrgency('PT4KHLK', signal);
      const opened = await t.source.createIncident(
        { serviceId: 'PIJ90N7', title: 'SEV-1: Region down', urgency: 'high', incidentKey: 'z-2' },
        signal,
      );
      await t.source.addResponders(opened.id, ['PEM0001'], 'Join the SEV-1', signal);
      await t.source.findIncidentByKey('z-2', signal);
      await t.source.listServices('My Application', signal);
      const kinds = new Set(
        t.requests.map((r) => r.split('?')[0]?.replace(/\/P[A-Z0-9]+(?=\/|$)/, '/{id}')),
      );
      expect([...kinds].sort()).toEqual([
        'GET /escalation_policies/{id}',
        'GET /incidents',
        'GET /incidents/{id}',
        'GET /incidents/{id}/log_entries',
        'GET /oncalls',
        'GET /services',
        'GET /users/me',
        'POST /incidents',
        'POST /incidents/{id}/responder_requests',
        'PUT /incidents/{id}',
      ]);
      t.noViolations();
    });
  });

  describe('the description’s example answers map to valid app types', () => {
    const doc = available ? loadPagerDutySpec() : {};

    it('the overlay offers the vendor media type wherever JSON is offered', () => {
      const { doc: patched, copied } = withVendorMediaType(doc);
      expect(copied).toBeGreaterThan(300);
      const me = responseExamples(patched, 'get', '/users/me', '200');
      expect(me.length).toBeGreaterThan(0);
      const content = (
        (
          (patched.paths as Record<string, unknown>)['/users/me'] as {
            get: { responses: Record<string, unknown> };
          }
        ).get.responses['200'] as { content: Record<string, unknown> }
      ).content;
      expect(content['application/vnd.pagerduty+json']).toEqual(content['application/json']);
    });

    it('GET /users/me → Person', () => {
      const examples = responseExamples(doc, 'get', '/users/me', '200');
      expect(examples.length).toBeGreaterThan(0);
      for (const example of examples) {
        const person = toPerson(PdUserEnvelope.parse(example).user);
        expect(Person.parse(person)).toMatchObject({ id: 'PXPGF42', name: 'Earline Greenholt' });
      }
    });

    it('GET /oncalls → Rotation', () => {
      const examples = responseExamples(doc, 'get', '/oncalls', '200');
      expect(examples.length).toBeGreaterThan(0);
      for (const example of examples) {
        const oncalls = PdOncallList.parse(example).oncalls.map((o) => PdOncall.parse(o));
        const rotations = oncallsToRotations(oncalls, Date.parse('2015-03-06T20:00:00Z'));
        expect(rotations.length).toBeGreaterThan(0);
        for (const r of rotations) Rotation.parse(r);
        expect(rotations[0]?.shifts[0]).toMatchObject({
          level: 2,
          start: '2015-03-06T20:28:51.000Z',
          end: '2015-03-07T20:28:51.000Z',
        });
      }
    });

    const me: Person = { id: 'PXPGF42', name: 'Earline Greenholt', email: 'x@example.com' };
    const context = {
      me,
      now: Date.parse('2015-10-06T21:45:00Z'),
      policy: () => undefined,
      onCall: () => [],
    };

    it('GET /incidents → Page', () => {
      const examples = responseExamples(doc, 'get', '/incidents', '200');
      expect(examples.length).toBeGreaterThan(0);
      for (const example of examples) {
        const incidents = PdIncidentList.parse(example).incidents.map((i) => PdIncident.parse(i));
        expect(incidents.length).toBeGreaterThan(0);
        for (const incident of incidents) {
          const page = Page.parse(incidentToPage(incident, context));
          expect(page).toMatchObject({
            id: 'PT4KHLK',
            title: 'The server is on fire.',
            severity: 2,
          });
        }
      }
    });

    it('PUT /incidents/{id} → Page', () => {
      const examples = responseExamples(doc, 'put', '/incidents/{id}', '200');
      expect(examples.length).toBeGreaterThan(0);
      for (const example of examples) {
        const incident = PdIncident.parse(PdIncidentEnvelope.parse(example).incident);
        const page = Page.parse(incidentToPage(incident, context));
        expect(page.id).toBe('PT4KHLK');
        expect(page.links?.incident).toBe('https://subdomain.pagerduty.com/incidents/PT4KHLK');
      }
    });
  });
});
