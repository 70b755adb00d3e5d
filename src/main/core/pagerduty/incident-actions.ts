/**
 * Resolve, "Escalate now" and raising the urgency on PagerDuty, each `PUT /incidents/{id}` with the
 * token owner's email in `From`:
 * - resolve: `status: resolved`; an incident already resolved is returned as it is (no request
 *   that could change it).
 * - escalate: the next level of its escalation policy (`escalation_level`: PagerDuty re-triggers
 *   the incident for that level), or the person I pick (`assignments`), or a rotation I pick (an
 *   escalation policy: `escalation_policy`, PagerDuty starts that policy at level 1).
 * - raise the urgency (a severity raised during an incident): `urgency: high`, only when it is low.
 * PagerDuty has no idempotency keys: repeating a resolve is harmless, repeating an escalation
 * escalates again, so the caller sends each escalation once (never through a retrying outbox).
 */
import type { Page, Person } from '../../../shared/domain.js';
import { SourceError, type EscalateTarget } from '../ports.js';
import type { PagerDutyHttp } from './http.js';
import type { PdIncident } from './wire.js';

/** What the actions need of the source. */
export interface PdIncidentIo {
  me(signal: AbortSignal): Promise<Person>;
  read(
    method: string,
    path: string,
    request: Parameters<PagerDutyHttp['send']>[2],
    signal: AbortSignal,
  ): Promise<PdIncident>;
  toPage(incident: PdIncident, me: Person, what: string): Page;
  /** Query for `GET /incidents/{id}` (assignees, acknowledgers, policies included). */
  includes: [string, string][];
}

function fromHeader(me: Person): { From: string } {
  if (!me.email) {
    throw new SourceError(
      'invalid-response',
      'PagerDuty needs the email of the token owner (From header) and GET /users/me gave none',
    );
  }
  return { From: me.email };
}

/** Incident `id` as PagerDuty has it now (read before any change), with who I am and its path. */
async function readFirst(
  io: PdIncidentIo,
  id: string,
  signal: AbortSignal,
): Promise<{ me: Person; path: string; current: PdIncident }> {
  const me = await io.me(signal);
  const path = `/incidents/${encodeURIComponent(id)}`;
  const current = await io.read('GET', path, { query: io.includes }, signal);
  return { me, path, current };
}

/** `PUT` of `change` on the incident at `path`, with `From`; answers it as a page. */
async function putChange(
  io: PdIncidentIo,
  me: Person,
  path: string,
  change: Record<string, unknown>,
  signal: AbortSignal,
): Promise<Page> {
  const updated = await io.read(
    'PUT',
    path,
    { headers: fromHeader(me), body: { incident: { type: 'incident_reference', ...change } } },
    signal,
  );
  return io.toPage(updated, me, `PUT ${path}`);
}

/** Resolves incident `id`; see the module comment. */
export async function resolveIncident(
  io: PdIncidentIo,
  id: string,
  signal: AbortSignal,
): Promise<Page> {
  const { me, path, current } = await readFirst(io, id, signal);
  if (current.status === 'resolved') return io.toPage(current, me, `GET ${path}`);
  return putChange(io, me, path, { status: 'resolved' }, signal);
}

/** Escalates incident `id` now; see the module comment. */
export async function escalateIncident(
  io: PdIncidentIo,
  id: string,
  to: EscalateTarget | undefined,
  signal: AbortSignal,
): Promise<Page> {
  const { me, path, current } = await readFirst(io, id, signal);
  if (current.status === 'resolved') {
    throw new SourceError('conflict', `PagerDuty incident ${id} is already resolved`, 409);
  }
  const page = io.toPage(current, me, `GET ${path}`);
  let change: Record<string, unknown>;
  if (to && 'person' in to) {
    change = { assignments: [{ assignee: { id: to.person, type: 'user_reference' } }] };
  } else if (to) {
    change = { escalation_policy: { id: to.rotation, type: 'escalation_policy_reference' } };
  } else {
    if (!page.escalation.steps[page.escalation.step + 1]) {
      throw new SourceError('conflict', `PagerDuty incident ${id} has no further level`, 409);
    }
    // Steps are 0-based; PagerDuty's levels 1-based: the next level is step + 2.
    change = { escalation_level: page.escalation.step + 2 };
  }
  return putChange(io, me, path, change, signal);
}

/**
 * Raises incident `id`'s urgency to high (`PUT /incidents/{id}` with `urgency: high` and `From`),
 * as a raised severity asks; an incident already high, or resolved, is answered as it is (no
 * request that could change it). Repeating it is harmless.
 */
export async function raiseUrgency(
  io: PdIncidentIo,
  id: string,
  signal: AbortSignal,
): Promise<{ page: Page; changed: boolean }> {
  const { me, path, current } = await readFirst(io, id, signal);
  if (current.urgency === 'high' || current.status === 'resolved') {
    return { page: io.toPage(current, me, `GET ${path}`), changed: false };
  }
  return { page: await putChange(io, me, path, { urgency: 'high' }, signal), changed: true };
}
