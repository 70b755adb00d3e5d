/**
 * Acknowledge, resolve, "Escalate now" and raising the urgency on PagerDuty (issue 13, item 3),
 * each a `GET` of the incident, then `PUT /incidents/{id}` with the token owner's email in `From`:
 * - acknowledge: see `acknowledgeIncident` (never leaves a resolved incident reopened).
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
import { SourceError, type EscalateTarget, type Logger } from '../ports.js';
import type { PagerDutyHttp } from './http.js';
import { PdLogEntry, PdLogEntryList, type PdIncident } from './wire.js';

/** What the actions need of the source. */
export interface PdIncidentIo {
  http: PagerDutyHttp;
  logger: Logger;
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

/** Who I am, the incident's path, and the incident as a `GET` reads it now. */
async function readNow(
  io: PdIncidentIo,
  id: string,
  signal: AbortSignal,
): Promise<{ me: Person; path: string; current: PdIncident }> {
  const me = await io.me(signal);
  const path = `/incidents/${encodeURIComponent(id)}`;
  return { me, path, current: await io.read('GET', path, { query: io.includes }, signal) };
}

/** `PUT {path}` with my email in `From` and `change` (the incident's fields to set). */
function update(
  io: PdIncidentIo,
  me: Person,
  path: string,
  change: Record<string, unknown>,
  signal: AbortSignal,
): Promise<PdIncident> {
  return io.read(
    'PUT',
    path,
    { headers: fromHeader(me), body: { incident: { type: 'incident_reference', ...change } } },
    signal,
  );
}

/** The note on the resolve that undoes a reopening by our late acknowledgement. */
export const REOPENED_NOTE =
  'Resolved again by Zephyr On-Call: an acknowledgement sent before this incident was resolved reached PagerDuty after it, and PagerDuty reopens a resolved incident that is acknowledged.';

/**
 * Acknowledges incident `id`. The `GET` first, because PagerDuty *reopens* a resolved incident
 * that is set to `acknowledged` (its API description of `PUT /incidents/{id}`): a resolved one is
 * a `conflict` and an acknowledged one is returned as it is. Someone may still resolve it between
 * our `GET` and our `PUT`; the `PUT` then reopens it, and its answer looks like any
 * acknowledgement. So the incident's log since the `GET` is read: a resolve there means we
 * reopened it, and it is resolved again (with `REOPENED_NOTE`) and reported as a `conflict`
 * ("resolved before your acknowledgement"), never left open as a second live incident.
 */
export async function acknowledgeIncident(
  io: PdIncidentIo,
  id: string,
  idempotencyKey: string,
  signal: AbortSignal,
): Promise<Page> {
  const { me, path, current } = await readNow(io, id, signal);
  if (current.status === 'resolved') {
    throw new SourceError(
      'conflict',
      `PagerDuty incident ${id} is already resolved; not acknowledging it (PagerDuty would reopen it)`,
      409,
    );
  }
  if (current.status === 'acknowledged') return io.toPage(current, me, `GET ${path}`);
  const updated = await update(io, me, path, { status: 'acknowledged' }, signal);
  if (await resolvedSince(io, path, current, signal)) {
    await update(io, me, path, { status: 'resolved', resolution: REOPENED_NOTE }, signal);
    io.logger.warn('pagerduty incident resolved before our acknowledgement; resolved again', {
      incidentId: id,
      idempotencyKey,
    });
    throw new SourceError(
      'conflict',
      `PagerDuty incident ${id} was resolved before the acknowledgement arrived; it stays resolved`,
      409,
    );
  }
  io.logger.info('pagerduty incident acknowledged', { incidentId: id, idempotencyKey });
  return io.toPage(updated, me, `PUT ${path}`);
}

/**
 * Whether the log of the incident at `path` shows a resolve at or after what `seen` (our `GET`)
 * showed (`GET {path}/log_entries?since=…&is_overview=true`; PagerDuty's times are whole seconds,
 * hence "at or after"). Best effort: a log that cannot be read is logged and counts as no resolve,
 * since the acknowledgement itself went through.
 */
async function resolvedSince(
  io: PdIncidentIo,
  path: string,
  seen: PdIncident,
  signal: AbortSignal,
): Promise<boolean> {
  const since = Math.max(
    ...[seen.updated_at, seen.last_status_change_at, seen.created_at].map((t) =>
      t ? Date.parse(t) : Number.NEGATIVE_INFINITY,
    ),
  );
  try {
    const response = await io.http.send(
      'GET',
      `${path}/log_entries`,
      {
        query: [
          ['since', new Date(since).toISOString()],
          ['is_overview', 'true'],
          ['limit', '100'],
        ],
      },
      signal,
    );
    const list = PdLogEntryList.safeParse(response.body);
    if (!list.success) throw new Error('expected {log_entries: [...]}');
    return list.data.log_entries.some((item) => {
      const entry = PdLogEntry.safeParse(item);
      return (
        entry.success &&
        entry.data.type === 'resolve_log_entry' &&
        Date.parse(entry.data.created_at) >= since
      );
    });
  } catch (error) {
    io.logger.warn('pagerduty incident log unreadable after an acknowledgement', {
      path,
      error: error instanceof Error ? error.message : String(error),
    });
    return false;
  }
}

/** Resolves incident `id`; see the module comment. */
export async function resolveIncident(
  io: PdIncidentIo,
  id: string,
  signal: AbortSignal,
): Promise<Page> {
  const { me, path, current } = await readNow(io, id, signal);
  if (current.status === 'resolved') return io.toPage(current, me, `GET ${path}`);
  const updated = await update(io, me, path, { status: 'resolved' }, signal);
  return io.toPage(updated, me, `PUT ${path}`);
}

/** Escalates incident `id` now; see the module comment. */
export async function escalateIncident(
  io: PdIncidentIo,
  id: string,
  to: EscalateTarget | undefined,
  signal: AbortSignal,
): Promise<Page> {
  const { me, path, current } = await readNow(io, id, signal);
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
  const updated = await update(io, me, path, change, signal);
  return io.toPage(updated, me, `PUT ${path}`);
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
  const { me, path, current } = await readNow(io, id, signal);
  if (current.urgency === 'high' || current.status === 'resolved') {
    return { page: io.toPage(current, me, `GET ${path}`), changed: false };
  }
  const updated = await update(io, me, path, { urgency: 'high' }, signal);
  return { page: io.toPage(updated, me, `PUT ${path}`), changed: true };
}
