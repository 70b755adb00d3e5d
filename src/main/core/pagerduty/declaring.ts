/**
 * What declaring an incident through PagerDuty asks of it: open an incident (`POST /incidents`),
 * resolve it, add escalation policies as responders, find one by its `incident_key`, and list
 * services by name. Plain functions over the source's HTTP client and page mapping
 * (`PagerDutySource` delegates to them), so the source file stays one job: the feeds.
 */
import type { Page, Person } from '../../../shared/domain.js';
import { describeZodError } from '../../../shared/contract.js';
import { SourceError, type Logger } from '../ports.js';
import type { PagerDutyHttp, Query } from './http.js';
import { invalid, PAGE_LIMIT, readIncident } from './lists.js';
import { PdIncident, PdIncidentList, PdService, PdServiceList } from './wire.js';

/** What the functions need of the source. */
export interface PdDeclareIo {
  http: PagerDutyHttp;
  logger: Logger;
  me(signal: AbortSignal): Promise<Person>;
  toPage(incident: PdIncident, me: Person, what: string): Page;
}

/** An incident to open (see `createIncident`). */
export interface PagerDutyIncidentInput {
  serviceId: string;
  title: string;
  urgency: 'high' | 'low';
  /** `From` header: a user of the account; defaults to the token owner's email. */
  fromEmail?: string;
  /** Assign directly to this user (no escalation); otherwise the service's policy applies. */
  assigneeId?: string;
  /** De-duplication key: PagerDuty refuses a second open incident with the same key. */
  incidentKey?: string;
}

/** A service, as the declare wizard lists them. */
export interface PagerDutyServiceSummary {
  id: string;
  name: string;
  /** Name of the escalation policy that decides who is paged, when PagerDuty says. */
  escalationPolicy?: string;
}

const INCIDENT_INCLUDES: Query = [
  ['include[]', 'assignees'],
  ['include[]', 'acknowledgers'],
  ['include[]', 'escalation_policies'],
];
/** Pages of an `incident_key` search read before giving up (10,000 incidents). */
const KEY_SEARCH_MAX_PAGES = 100;

/** A list item's id or index, for messages about items left out. */
export function itemName(item: unknown, index: number): string {
  const id = (item as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id ? id : `#${index + 1}`;
}

/**
 * Opens an incident (`POST /incidents` with `From`), returned as a page. With `incidentKey`, a
 * retry while the first is still open is refused by PagerDuty instead of paging twice.
 */
export async function createIncident(
  io: PdDeclareIo,
  input: PagerDutyIncidentInput,
  signal: AbortSignal,
): Promise<Page> {
  const me = await io.me(signal);
  const from = input.fromEmail ?? me.email;
  if (!from) {
    throw new SourceError(
      'invalid-response',
      'PagerDuty needs a From email to open an incident and GET /users/me gave none',
    );
  }
  const incident = await readIncident(
    io.http,
    'POST',
    '/incidents',
    {
      headers: { From: from },
      body: {
        incident: {
          type: 'incident',
          title: input.title,
          service: { id: input.serviceId, type: 'service_reference' },
          urgency: input.urgency,
          ...(input.incidentKey ? { incident_key: input.incidentKey } : {}),
          ...(input.assigneeId
            ? { assignments: [{ assignee: { id: input.assigneeId, type: 'user_reference' } }] }
            : {}),
        },
      },
    },
    signal,
  );
  io.logger.info('pagerduty incident created', { incidentId: incident.id });
  return io.toPage(incident, me, 'POST /incidents');
}

/**
 * Resolves incident `incidentId` (`PUT /incidents/{id}` with `From`, status `resolved`); an
 * incident already resolved is answered as it is, so a retry is harmless.
 */
export async function resolveIncidentById(
  io: PdDeclareIo,
  incidentId: string,
  signal: AbortSignal,
): Promise<Page> {
  const me = await io.me(signal);
  const path = `/incidents/${encodeURIComponent(incidentId)}`;
  const current = await readIncident(io.http, 'GET', path, { query: INCIDENT_INCLUDES }, signal);
  if (current.status === 'resolved') return io.toPage(current, me, `GET ${path}`);
  const updated = await readIncident(
    io.http,
    'PUT',
    path,
    {
      headers: { From: me.email },
      body: { incident: { type: 'incident_reference', status: 'resolved' } },
    },
    signal,
  );
  io.logger.info('pagerduty incident resolved', { incidentId });
  return io.toPage(updated, me, `PUT ${path}`);
}

/**
 * Adds escalation policies as responders to incident `incidentId`
 * (`POST /incidents/{id}/responder_requests`, requested by the token's owner): how a SEV-1
 * reaches the EM and founder policies whatever the service's own policy says.
 */
export async function addResponders(
  io: PdDeclareIo,
  incidentId: string,
  policyIds: readonly string[],
  message: string,
  signal: AbortSignal,
): Promise<void> {
  const me = await io.me(signal);
  await io.http.send(
    'POST',
    `/incidents/${encodeURIComponent(incidentId)}/responder_requests`,
    {
      body: {
        requester_id: me.id,
        message,
        responder_request_targets: policyIds.map((id) => ({
          responder_request_target: { id, type: 'escalation_policy_reference' },
        })),
      },
    },
    signal,
  );
  io.logger.info('pagerduty responders requested', { incidentId, policies: policyIds.length });
}

/**
 * The incident opened with `incidentKey`, open or resolved, or `undefined` when there is none
 * (`GET /incidents?incident_key=…&date_range=all`; the date range would otherwise default to a
 * recent window).
 */
export async function findIncidentByKey(
  io: PdDeclareIo,
  incidentKey: string,
  signal: AbortSignal,
): Promise<Page | undefined> {
  const me = await io.me(signal);
  // PagerDuty's key search also returns incidents whose alerts carry the key, possibly first:
  // read every page and take only the exact key, or a declaration would open a second one.
  const seen = new Set<string>();
  for (let offset = 0, pages = 0; pages < KEY_SEARCH_MAX_PAGES; pages += 1) {
    const query: Query = [
      ['incident_key', incidentKey],
      ['date_range', 'all'],
      ['limit', String(PAGE_LIMIT)],
      ['offset', String(offset)],
    ];
    const response = await io.http.send('GET', '/incidents', { query }, signal);
    const parsed = PdIncidentList.safeParse(response.body);
    if (!parsed.success) {
      throw invalid(
        'GET /incidents',
        `expected {incidents: [...]}: ${describeZodError(parsed.error)}`,
      );
    }
    let fresh = false;
    for (const raw of parsed.data.incidents) {
      const incident = PdIncident.safeParse(raw);
      if (!incident.success) {
        throw invalid('GET /incidents', `incident: ${describeZodError(incident.error)}`);
      }
      if (incident.data.incident_key === incidentKey)
        return io.toPage(incident.data, me, 'GET /incidents');
      if (!seen.has(incident.data.id)) fresh = true;
      seen.add(incident.data.id);
    }
    // A page with nothing new (a server repeating itself) ends the search like the last page.
    if (!parsed.data.more || !fresh) return undefined;
    offset += parsed.data.incidents.length;
  }
  return undefined;
}

/**
 * Services whose name matches `query` (all when empty), sorted by name: the first
 * `PAGE_LIMIT` (100) and whether there are more. Items PagerDuty sends in a wrong shape are
 * left out and logged.
 */
export async function listServices(
  io: PdDeclareIo,
  query: string | undefined,
  signal: AbortSignal,
): Promise<{ services: PagerDutyServiceSummary[]; more: boolean }> {
  const params: Query = [
    ...(query?.trim() ? ([['query', query.trim()]] as Query) : []),
    ['include[]', 'escalation_policies'],
    ['sort_by', 'name'],
    ['limit', String(PAGE_LIMIT)],
    ['offset', '0'],
  ];
  const response = await io.http.send('GET', '/services', { query: params }, signal);
  const parsed = PdServiceList.safeParse(response.body);
  if (!parsed.success) {
    throw invalid('GET /services', `expected {services: [...]}: ${describeZodError(parsed.error)}`);
  }
  const services: PagerDutyServiceSummary[] = [];
  parsed.data.services.forEach((item, index) => {
    const service = PdService.safeParse(item);
    if (!service.success) {
      io.logger.warn('pagerduty service skipped', {
        service: itemName(item, index),
        error: describeZodError(service.error),
      });
      return;
    }
    const policy = service.data.escalation_policy;
    const policyName = policy?.name ?? policy?.summary;
    services.push({
      id: service.data.id,
      name: service.data.name ?? service.data.summary ?? service.data.id,
      ...(policyName ? { escalationPolicy: policyName } : {}),
    });
  });
  return { services: services.slice(0, PAGE_LIMIT), more: parsed.data.more === true };
}
