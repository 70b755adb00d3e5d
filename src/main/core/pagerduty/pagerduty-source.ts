/**
 * PagerDuty REST API v2 as a `PageSource`: my incidents become pages, my escalation policies'
 * on-calls become rotations. Everything PagerDuty-specific stays in this folder.
 *
 * Requests (see `request-budget.ts` for their cost):
 * - `me()`: `GET /users/me`, cached for the other calls.
 * - `rotations()`: `GET /oncalls?user_ids[]=<me>` over now..now+7d finds my escalation policies,
 *   then `GET /oncalls?escalation_policy_ids[]=…` gives every level of them (one rotation each).
 * - `pollPages()`: open incidents assigned to me, plus open incidents on the services of my
 *   escalation policies (the API has no `escalation_policy_ids[]` filter on incidents; services
 *   are how it scopes them) so that a page about to escalate to me shows as a heads-up. The
 *   heads-up part starts once `rotations()` has found my policies. Policies come inline
 *   (`include[]=escalation_policies`) and are cached; one missing from both is fetched once.
 * - `acknowledge()`: reads the incident first, because PagerDuty *reopens* a resolved incident
 *   that is set to `acknowledged`: a late retry from the outbox must never do that. A resolved
 *   incident is a `conflict`; an acknowledged one is returned as it is. Otherwise
 *   `PUT /incidents/{id}` with `From: <my email>`, then the incident's log since the read: one
 *   resolved in between was reopened by that `PUT`, and is resolved again and reported as a
 *   `conflict` (`incident-actions.ts`). PagerDuty has no idempotency key header, and
 *   acknowledging twice is harmless there (it only restarts the acknowledgement timeout).
 * - `sendTestPage()`: needs `testServiceId`. It creates a high-urgency incident on that service
 *   assigned directly to me, so it rings like a real page (the point of a test) and never escalates
 *   past me (PagerDuty does not escalate direct assignments). Its `incident_key` marks it as a test.
 *   Without a test service it fails with a message saying what to use instead.
 * - `createIncident()` (declaring an incident that pages through PagerDuty): `POST /incidents` with
 *   `From`; `findIncidentByKey()` first looks for one made earlier with the same `incident_key`
 *   (`GET /incidents?incident_key=…&date_range=all`: PagerDuty only refuses a second *open*
 *   incident with a key, so a resolved one must be found by asking).
 * - `listServices()`: `GET /services?query=…` by name, the first 100, with each escalation policy.
 * - `raiseUrgency()` (a severity raised during an incident): `GET /incidents/{id}`, then
 *   `PUT /incidents/{id}` with `urgency: high` and `From` when it is low.
 */
import { Page, Rotation, type Person } from '../../../shared/domain.js';
import { describeZodError } from '../../../shared/contract.js';
import {
  SourceError,
  type Clock,
  type EscalateTarget,
  type Logger,
  type PagePoll,
  type PageSource,
} from '../ports.js';
import { PAGERDUTY_API_URL, PagerDutyHttp, type Query } from './http.js';
import {
  acknowledgeIncident,
  escalateIncident,
  raiseUrgency,
  resolveIncident,
  type PdIncidentIo,
} from './incident-actions.js';
import {
  addResponders,
  createIncident,
  findIncidentByKey,
  itemName,
  listServices,
  resolveIncidentById,
  type PagerDutyIncidentInput,
  type PagerDutyServiceSummary,
  type PdDeclareIo,
} from './declaring.js';
import {
  invalid,
  listIncidents,
  listOncalls,
  MAX_LIST_PAGES,
  PAGE_LIMIT,
  readIncident,
  type Listed,
} from './lists.js';
import {
  incidentToPage,
  oncallsToRotations,
  ROTATION_HORIZON_MS,
  TEST_INCIDENT_KEY_PREFIX,
  toPerson,
  type IncidentContext,
} from './mapping.js';
import {
  PdEscalationPolicy,
  PdEscalationPolicyEnvelope,
  PdIncident,
  PdUserEnvelope,
} from './wire.js';

/** How a `PagerDutySource` is set up. */
export interface PagerDutySourceOptions {
  /** Source id, the prefix of page keys (default `pagerduty`). */
  id?: string;
  /** Shown to the user (default `PagerDuty`). */
  label?: string;
  /** `https://api.pagerduty.com` (default) or `https://api.eu.pagerduty.com`; http for loopback only. */
  apiUrl?: string;
  /** A REST API user token. Never logged. */
  token: string;
  fetch?: typeof fetch;
  clock: Clock;
  logger: Logger;
  /** Service on which "Send test page" creates its incident; without it test pages are refused. */
  testServiceId?: string;
  /** How long a fetched escalation policy is trusted (default 15 minutes). */
  policyTtlMs?: number;
  /** A request unanswered this long is a `timeout` (default 10 s, on `clock`). */
  requestTimeoutMs?: number;
}

const STATUSES: Query = [
  ['statuses[]', 'triggered'],
  ['statuses[]', 'acknowledged'],
];
const INCIDENT_INCLUDES: Query = [
  ['include[]', 'assignees'],
  ['include[]', 'acknowledgers'],
  ['include[]', 'escalation_policies'],
];
/** Services asked for in one on-call request. */
const SERVICES_PER_REQUEST = 50;

interface ShiftRecord {
  policyId: string;
  level: number;
  person: Person;
  start: number;
  end: number;
}

/** See the module comment. */
export class PagerDutySource implements PageSource {
  readonly id: string;
  readonly kind = 'pagerduty' as const;
  readonly label: string;
  readonly demo = false;
  readonly supportsLongPoll = false;

  private readonly http: PagerDutyHttp;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly testServiceId: string | undefined;
  private readonly policyTtlMs: number;
  private mePerson: Person | undefined;
  private readonly policies = new Map<string, { policy: PdEscalationPolicy; at: number }>();
  private myPolicyIds: string[] = [];
  private shifts: ShiftRecord[] = [];
  /** Per incident query: its last ETag and items, for `If-None-Match`. */
  private readonly lastLists = new Map<string, { etag: string; items: unknown[] }>();
  private lastCompositeEtag: string | undefined;

  /** Throws an `Error` naming the problem for an empty token or a bad API URL. */
  constructor(options: PagerDutySourceOptions) {
    if (!options.token.trim()) throw new Error('PagerDuty API token is empty');
    this.id = options.id ?? 'pagerduty';
    this.label = options.label ?? 'PagerDuty';
    this.clock = options.clock;
    this.logger = options.logger;
    this.testServiceId = options.testServiceId;
    this.policyTtlMs = options.policyTtlMs ?? 15 * 60_000;
    this.http = new PagerDutyHttp({
      apiUrl: options.apiUrl ?? PAGERDUTY_API_URL,
      token: options.token,
      fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
      clock: options.clock,
      logger: options.logger,
      ...(options.requestTimeoutMs !== undefined ? { timeoutMs: options.requestTimeoutMs } : {}),
    });
  }

  /** The token's owner (`GET /users/me`). */
  async me(signal: AbortSignal): Promise<Person> {
    const response = await this.http.send('GET', '/users/me', {}, signal);
    const parsed = PdUserEnvelope.safeParse(response.body);
    if (!parsed.success) {
      throw invalid('GET /users/me', `expected {user}: ${describeZodError(parsed.error)}`);
    }
    this.mePerson = toPerson(parsed.data.user);
    return this.mePerson;
  }

  private async ensureMe(signal: AbortSignal): Promise<Person> {
    return this.mePerson ?? (await this.me(signal));
  }

  /** One rotation per escalation policy I am on, every level, now to now + 7 days. */
  async rotations(
    signal: AbortSignal,
  ): Promise<{ rotations: Rotation[]; invalid: string[]; skewMs: number }> {
    const me = await this.ensureMe(signal);
    const now = this.clock.now();
    const window: Query = [
      ['since', new Date(now).toISOString()],
      ['until', new Date(now + ROTATION_HORIZON_MS).toISOString()],
    ];
    const mine = await listOncalls(this.http, [['user_ids[]', me.id], ...window], signal);
    const policyIds = [...new Set(mine.valid.map((o) => o.escalation_policy.id))];
    let oncalls = mine.valid;
    const invalidItems = [...mine.invalid];
    let skewMs = mine.skewMs;
    if (policyIds.length > 0) {
      const theirs = await listOncalls(
        this.http,
        [...policyIds.map((id): [string, string] => ['escalation_policy_ids[]', id]), ...window],
        signal,
      );
      oncalls = [...theirs.valid, ...mine.valid];
      invalidItems.push(...theirs.invalid);
      skewMs = theirs.skewMs;
    }
    for (const oncall of oncalls) this.rememberPolicy(oncall.escalation_policy, now);
    this.myPolicyIds = policyIds;
    this.shifts = oncalls.map((o) => ({
      policyId: o.escalation_policy.id,
      level: o.escalation_level,
      person: toPerson(o.user),
      start: o.start ? Date.parse(o.start) : Number.NEGATIVE_INFINITY,
      end: o.end ? Date.parse(o.end) : Number.POSITIVE_INFINITY,
    }));

    const rotations: Rotation[] = [];
    for (const rotation of oncallsToRotations(oncalls, now)) {
      const checked = Rotation.safeParse(rotation);
      if (checked.success) rotations.push(checked.data);
      else invalidItems.push(`rotation ${rotation.id}: ${describeZodError(checked.error)}`);
    }
    return { rotations, invalid: invalidItems, skewMs };
  }

  /**
   * Open incidents for me (assigned) and on my policies' services (heads-up), as pages. With
   * `etag` equal to the last answer's and every list unchanged (`304`), answers `changed: false`;
   * PagerDuty usually sends no ETag, and then every poll is `changed: true`.
   */
  async pollPages(
    request: { cursor?: string; etag?: string; waitSeconds?: number },
    signal: AbortSignal,
  ): Promise<PagePoll> {
    const me = await this.ensureMe(signal);
    const queries: Query[] = [[...STATUSES, ['user_ids[]', me.id], ...INCIDENT_INCLUDES]];
    const services = await this.headsUpServices(signal);
    for (let i = 0; i < services.length; i += SERVICES_PER_REQUEST) {
      const chunk = services.slice(i, i + SERVICES_PER_REQUEST);
      queries.push([
        ...STATUSES,
        ...chunk.map((id): [string, string] => ['service_ids[]', id]),
        ...INCIDENT_INCLUDES,
      ]);
    }

    const conditional = request.etag !== undefined && request.etag === this.lastCompositeEtag;
    const lists: Listed[] = [];
    for (const query of queries) {
      lists.push(await listIncidents(this.http, this.lastLists, query, conditional, signal));
    }
    const skewMs = lists[lists.length - 1]?.skewMs ?? 0;
    if (conditional && lists.every((l) => l.notModified)) return { changed: false, skewMs };

    const etags = lists.map((l) => l.etag);
    this.lastCompositeEtag = etags.every((e): e is string => e !== undefined)
      ? etags.join(' ')
      : undefined;

    const invalidItems: string[] = [];
    if (lists.some((l) => l.truncated)) {
      invalidItems.push(
        `more than ${PAGE_LIMIT * MAX_LIST_PAGES} open incidents: only the first ones are shown`,
      );
    }
    const incidents = new Map<string, PdIncident>();
    for (const list of lists) {
      list.items.forEach((item, index) => {
        const parsed = PdIncident.safeParse(item);
        if (!parsed.success) {
          invalidItems.push(`incident ${itemName(item, index)}: ${describeZodError(parsed.error)}`);
          return;
        }
        incidents.set(parsed.data.id, parsed.data);
      });
    }
    const now = this.clock.now();
    for (const incident of incidents.values()) {
      if (incident.escalation_policy) this.rememberPolicy(incident.escalation_policy, now);
    }
    await this.fetchMissingPolicies([...incidents.values()], signal);

    const context = this.context(me);
    const pages: Page[] = [];
    for (const incident of incidents.values()) {
      const checked = Page.safeParse(incidentToPage(incident, context));
      if (checked.success) pages.push(checked.data);
      else invalidItems.push(`incident ${incident.id}: ${describeZodError(checked.error)}`);
    }
    return {
      changed: true,
      pages,
      ...(this.lastCompositeEtag ? { etag: this.lastCompositeEtag } : {}),
      invalid: invalidItems,
      skewMs,
    };
  }

  /** See the module comment and `incident-actions.ts`: never leaves a resolved incident reopened. */
  acknowledge(pageId: string, idempotencyKey: string, signal: AbortSignal): Promise<Page> {
    return acknowledgeIncident(this.incidentIo(), pageId, idempotencyKey, signal);
  }

  /** `PUT /incidents/{id}` status resolved (see `incident-actions.ts`). */
  resolvePage(pageId: string, _idempotencyKey: string, signal: AbortSignal): Promise<Page> {
    return resolveIncident(this.incidentIo(), pageId, signal);
  }

  /** `PUT /incidents/{id}`: the next level, or an assignee/policy (see `incident-actions.ts`). */
  escalatePage(
    pageId: string,
    to: EscalateTarget | undefined,
    _idempotencyKey: string,
    signal: AbortSignal,
  ): Promise<Page> {
    return escalateIncident(this.incidentIo(), pageId, to, signal);
  }

  /** `PUT /incidents/{id}` urgency high, unless it is already (see `incident-actions.ts`). */
  raiseUrgency(incidentId: string, signal: AbortSignal): Promise<{ page: Page; changed: boolean }> {
    return raiseUrgency(this.incidentIo(), incidentId, signal);
  }

  private incidentIo(): PdIncidentIo {
    return {
      http: this.http,
      logger: this.logger,
      me: (signal) => this.ensureMe(signal),
      read: (method, path, request, signal) =>
        readIncident(this.http, method, path, request, signal),
      toPage: (incident, me, what) => this.toPage(incident, me, what),
      includes: INCIDENT_INCLUDES,
    };
  }

  /** See the module comment: a direct, high-urgency incident to me on `testServiceId`. */
  async sendTestPage(signal: AbortSignal): Promise<Page> {
    if (!this.testServiceId) {
      throw new SourceError(
        'server',
        'PagerDuty cannot send a test page without a service; use the Zephyr source or "Test my alerts"',
      );
    }
    const me = await this.ensureMe(signal);
    return this.createIncident(
      {
        serviceId: this.testServiceId,
        title: 'Test page from Zephyr On-Call',
        urgency: 'high',
        assigneeId: me.id,
        incidentKey: `${TEST_INCIDENT_KEY_PREFIX}${this.clock.now()}-${globalThis.crypto.randomUUID()}`,
      },
      signal,
    );
  }

  /** Opens an incident, returned as a page (see `declaring.ts`). */
  createIncident(input: PagerDutyIncidentInput, signal: AbortSignal): Promise<Page> {
    return createIncident(this.declareIo(), input, signal);
  }

  /** Resolves incident `incidentId`; one already resolved is answered as it is. */
  resolveIncident(incidentId: string, signal: AbortSignal): Promise<Page> {
    return resolveIncidentById(this.declareIo(), incidentId, signal);
  }

  /** Adds escalation policies as responders to incident `incidentId`. */
  addResponders(
    incidentId: string,
    policyIds: readonly string[],
    message: string,
    signal: AbortSignal,
  ): Promise<void> {
    return addResponders(this.declareIo(), incidentId, policyIds, message, signal);
  }

  /** The incident opened with `incidentKey`, open or resolved, or `undefined`. */
  findIncidentByKey(incidentKey: string, signal: AbortSignal): Promise<Page | undefined> {
    return findIncidentByKey(this.declareIo(), incidentKey, signal);
  }

  /** Services whose name matches `query`, sorted by name: the first 100 and whether more. */
  listServices(
    query: string | undefined,
    signal: AbortSignal,
  ): Promise<{ services: PagerDutyServiceSummary[]; more: boolean }> {
    return listServices(this.declareIo(), query, signal);
  }

  private declareIo(): PdDeclareIo {
    return {
      http: this.http,
      logger: this.logger,
      me: (signal) => this.ensureMe(signal),
      toPage: (incident, me, what) => this.toPage(incident, me, what),
    };
  }

  private context(me: Person): IncidentContext {
    return {
      me,
      now: this.clock.now(),
      policy: (id) => this.policies.get(id)?.policy,
      onCall: (policyId, level, at) =>
        this.shifts
          .filter(
            (s) => s.policyId === policyId && s.level === level && s.start <= at && at < s.end,
          )
          .map((s) => s.person),
    };
  }

  private toPage(incident: PdIncident, me: Person, what: string): Page {
    const checked = Page.safeParse(incidentToPage(incident, this.context(me)));
    if (!checked.success) throw invalid(what, describeZodError(checked.error));
    return checked.data;
  }

  private rememberPolicy(policy: PdEscalationPolicy, now: number): void {
    if (!policy.escalation_rules) return;
    this.policies.set(policy.id, { policy, at: now });
  }

  private freshPolicy(id: string): PdEscalationPolicy | undefined {
    const cached = this.policies.get(id);
    return cached && this.clock.now() - cached.at < this.policyTtlMs ? cached.policy : undefined;
  }

  /** Fetches a policy (`GET /escalation_policies/{id}`) and caches it. */
  private async fetchPolicy(id: string, signal: AbortSignal): Promise<PdEscalationPolicy> {
    const path = `/escalation_policies/${encodeURIComponent(id)}`;
    const response = await this.http.send('GET', path, {}, signal);
    const parsed = PdEscalationPolicyEnvelope.safeParse(response.body);
    if (!parsed.success) throw invalid(`GET ${path}`, describeZodError(parsed.error));
    const policy = {
      ...parsed.data.escalation_policy,
      escalation_rules: parsed.data.escalation_policy.escalation_rules ?? [],
    };
    this.policies.set(id, { policy, at: this.clock.now() });
    return policy;
  }

  /**
   * Best effort: a policy that cannot be fetched only costs the escalation detail (or the
   * heads-up), except a rate limit or a refused token, which the whole poll must report.
   */
  private async tryFetchPolicy(
    id: string,
    signal: AbortSignal,
  ): Promise<PdEscalationPolicy | undefined> {
    try {
      return await this.fetchPolicy(id, signal);
    } catch (error) {
      if (
        error instanceof SourceError &&
        (error.kind === 'rate-limited' || error.kind === 'unauthorized')
      ) {
        throw error;
      }
      this.logger.warn('pagerduty escalation policy unavailable', {
        policyId: id,
        error: error instanceof Error ? error.message : String(error),
      });
      return undefined;
    }
  }

  private async headsUpServices(signal: AbortSignal): Promise<string[]> {
    const services = new Set<string>();
    for (const id of this.myPolicyIds) {
      const policy = this.freshPolicy(id) ?? (await this.tryFetchPolicy(id, signal));
      for (const service of policy?.services ?? []) services.add(service.id);
    }
    return [...services];
  }

  private async fetchMissingPolicies(incidents: PdIncident[], signal: AbortSignal): Promise<void> {
    const missing = new Set<string>();
    for (const incident of incidents) {
      const ref = incident.escalation_policy;
      if (ref && !ref.escalation_rules && !this.freshPolicy(ref.id)) missing.add(ref.id);
    }
    for (const id of missing) await this.tryFetchPolicy(id, signal);
  }
}
