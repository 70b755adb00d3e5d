/** Incidents and their updates over the engine's state: list, create, patch, post updates. */
import {
  Person,
  type Incident,
  type IncidentStatus,
  type IncidentUpdate,
} from '../../../shared/domain.js';
import { publicPerson, type StoredPerson } from '../state.js';
import { ApiError, parseInput, type EngineContext, type Result } from './api.js';
import {
  CreateIncidentInput,
  CreateUpdateInput,
  mergeLinks,
  PatchIncidentInput,
  type PersonRef,
} from './inputs.js';

/** `GET /v1/incidents?status=open|all`. */
export function listIncidents(ctx: EngineContext, status: string): Result {
  if (status !== 'open' && status !== 'all') {
    throw new ApiError(400, 'invalid_request', 'status must be open or all');
  }
  const incidents = ctx.state.incidents.filter((i) => status === 'all' || i.status !== 'resolved');
  return { status: 200, body: structuredClone({ incidents }), etag: true };
}

function findIncident(ctx: EngineContext, id: string): { incident: Incident; index: number } {
  const index = ctx.state.incidents.findIndex((i) => i.id === id);
  const incident = ctx.state.incidents[index];
  if (!incident) throw new ApiError(404, 'not_found', `no incident with id '${id}'`);
  return { incident, index };
}

function personFromRef(ctx: EngineContext, ref: PersonRef, field: string): Person {
  const id = typeof ref === 'string' ? ref : ref.id;
  const known = ctx.state.people.find((p) => p.id === id);
  if (known) return publicPerson(known);
  const given = Person.safeParse(ref);
  if (given.success) return given.data;
  throw new ApiError(400, 'invalid_request', `${field}: no person with id '${id}'`);
}

/** `POST /v1/incidents`: a new incident, `investigating`, linked to the playbook's runbook. */
export function createIncident(ctx: EngineContext, input: unknown): Incident {
  const body = parseInput(CreateIncidentInput, input);
  const nowIso = new Date(ctx.now()).toISOString();
  ctx.state.counters.incident += 1;
  const { commander, comms, investigators } = body.roles;
  const incident: Incident = {
    id: `INC-${ctx.state.counters.incident}`,
    severity: body.severity,
    summary: body.summary,
    ...(body.service !== undefined ? { service: body.service } : {}),
    ...(body.region !== undefined ? { region: body.region } : {}),
    status: 'investigating',
    openedAt: nowIso,
    roles: {
      ...(commander ? { commander: personFromRef(ctx, commander, 'roles.commander') } : {}),
      ...(comms ? { comms: personFromRef(ctx, comms, 'roles.comms') } : {}),
      investigators: (investigators ?? []).map((r, i) =>
        personFromRef(ctx, r, `roles.investigators.${i}`),
      ),
    },
    links: mergeLinks({ runbook: ctx.playbook.runbookUrl }, body.links),
  };
  ctx.state.incidents.push(incident);
  return structuredClone(incident);
}

/** `PATCH /v1/incidents/{id}`: status, severity, summary, roles and links. */
export function patchIncident(ctx: EngineContext, id: string, input: unknown): Incident {
  const body = parseInput(PatchIncidentInput, input);
  const { incident, index } = findIncident(ctx, id);
  const next: Incident = structuredClone(incident);
  if (body.severity !== undefined) next.severity = body.severity;
  if (body.summary !== undefined) next.summary = body.summary;
  if (body.status !== undefined) setStatus(ctx, next, body.status);
  const roles = body.roles;
  if (roles) {
    for (const role of ['commander', 'comms'] as const) {
      const ref = roles[role];
      if (ref === null) delete next.roles[role];
      else if (ref !== undefined) next.roles[role] = personFromRef(ctx, ref, `roles.${role}`);
    }
    if (roles.investigators) {
      next.roles.investigators = roles.investigators.map((r, i) =>
        personFromRef(ctx, r, `roles.investigators.${i}`),
      );
    }
  }
  next.links = mergeLinks(next.links, body.links);
  ctx.state.incidents[index] = next;
  return structuredClone(next);
}

function setStatus(ctx: EngineContext, incident: Incident, status: IncidentStatus): void {
  if (status === 'resolved' && incident.status !== 'resolved') {
    incident.resolvedAt = new Date(ctx.now()).toISOString();
  }
  if (status !== 'resolved') delete incident.resolvedAt;
  incident.status = status;
}

/** `POST /v1/incidents/{id}/updates`: the update also sets the incident's status. */
export function postUpdate(
  ctx: EngineContext,
  id: string,
  me: StoredPerson,
  input: unknown,
): IncidentUpdate {
  const body = parseInput(CreateUpdateInput, input);
  const { incident } = findIncident(ctx, id);
  const nowIso = new Date(ctx.now()).toISOString();
  ctx.state.counters.update += 1;
  const update: IncidentUpdate = {
    id: `U-${ctx.state.counters.update}`,
    incidentId: incident.id,
    status: body.status,
    message: body.message,
    postedAt: nowIso,
    author: publicPerson(me),
  };
  setStatus(ctx, incident, body.status);
  incident.lastUpdateAt = nowIso;
  ctx.state.updates.push(update);
  return structuredClone(update);
}

/** `GET /v1/incidents/{id}/updates`. */
export function listUpdates(ctx: EngineContext, id: string): Result {
  const { incident } = findIncident(ctx, id);
  const updates = ctx.state.updates.filter((u) => u.incidentId === incident.id);
  return { status: 200, body: structuredClone({ updates }), etag: true };
}
