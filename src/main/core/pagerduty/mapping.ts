/**
 * Pure mapping from PagerDuty's wire types to the app's `Person`, `Page` and `Rotation`. Nothing
 * PagerDuty-specific survives the mapping: the tracker, the ring and the UI see the same shapes as
 * for the Zephyr platform.
 *
 * Escalation is an approximation, documented here because PagerDuty does not send it as such:
 * - `steps` are the rules of the incident's escalation policy, `afterSeconds` the cumulative
 *   `escalation_delay_in_minutes` (first pass only: `num_loops` repeats are not listed as steps).
 *   A user target is a `person` step; a schedule target is a `rotation` step whose person is
 *   whoever `rotations()` last saw on call at that level (preferring me when I am among them).
 * - `step` (0-based) is the highest rule whose targets include a current assignee; when none
 *   does (e.g. on-call data not loaded yet) it is taken from the time since `created_at`.
 * - `nextAt` is PagerDuty's own pending `escalate` action when the incident carries one (exact).
 *   Otherwise it is computed: the current level started at `created_at + afterSeconds[step]`, or
 *   at `last_status_change_at` when later (an acknowledgement timed out and PagerDuty restarted
 *   the level's timer); it ends `escalation_delay_in_minutes` of that rule later.
 *   `GET /incidents/{id}/log_entries` would be exact but costs one request per incident per poll.
 * - Directly assigned incidents (`assigned_via: direct_assignment`) never escalate in
 *   PagerDuty: one step, the assignee, and no next.
 */
import type { EscalationStep, Page, Person, Rotation, Severity } from '../../../shared/domain.js';
import type { PdEscalationPolicy, PdEscalationRule, PdIncident, PdOncall, PdUser } from './wire.js';

/** `incident_key` prefix of the test pages this app creates ("Send test page"). */
export const TEST_INCIDENT_KEY_PREFIX = 'zephyr-oncall-test:';

/** How far ahead `rotations()` looks, and where an open-ended on-call is cut. */
export const ROTATION_HORIZON_MS = 7 * 24 * 3600_000;

/** What the incident mapping needs besides the incident itself. */
export interface IncidentContext {
  me: Person;
  /** Laptop time (ms); only used when no pending action tells the next escalation time. */
  now: number;
  /** The full policy (with rules) by id, when known. */
  policy(id: string): PdEscalationPolicy | undefined;
  /** Who is on call at `level` of policy `policyId` at time `at` (from the last on-call fetch). */
  onCall(policyId: string, level: number, at: number): Person[];
}

const iso = (ms: number): string => new Date(ms).toISOString();
const normalize = (timestamp: string): string => iso(Date.parse(timestamp));

/** A PagerDuty user (reference or full object) as a `Person`. */
export function toPerson(user: PdUser): Person {
  return {
    id: user.id,
    name: user.name ?? user.summary ?? user.id,
    email: user.email ?? '',
    ...(user.time_zone ? { timezone: user.time_zone } : {}),
  };
}

/** Picks me when I am among `people`, else the first; `undefined` for none. */
function preferMe(people: Person[], me: Person): Person | undefined {
  return people.find((p) => p.id === me.id) ?? people[0];
}

/** Who a rule pages: its user targets, plus whoever is on call for its schedule targets. */
function ruleTargets(
  rule: PdEscalationRule,
  policyId: string,
  level: number,
  at: number,
  context: IncidentContext,
): Person[] {
  const people: Person[] = [];
  for (const target of rule.targets) {
    if (target.type?.startsWith('schedule')) {
      people.push(...context.onCall(policyId, level, at));
    } else {
      people.push(toPerson(target));
    }
  }
  return people;
}

/** Priority `P1`…`P5` gives severity 1, 2, 3 (P3 and lower); else urgency: high 2, low 3. */
export function severityOf(incident: PdIncident): Severity | undefined {
  const label = incident.priority?.name ?? incident.priority?.summary ?? '';
  const match = /^P(\d+)\b/i.exec(label.trim());
  if (match?.[1] !== undefined) {
    const n = Number(match[1]);
    return n <= 1 ? 1 : n === 2 ? 2 : 3;
  }
  if (incident.urgency === 'high') return 2;
  if (incident.urgency === 'low') return 3;
  return undefined;
}

interface Escalation {
  step: number;
  steps: EscalationStep[];
  nextAt: string | null;
  nextTarget: Person | null;
}

function escalationOf(
  incident: PdIncident,
  target: Person,
  assignees: Person[],
  context: IncidentContext,
): Escalation {
  const createdMs = Date.parse(incident.created_at);
  const created = iso(createdMs);
  const policyRef = incident.escalation_policy;
  const policy = policyRef
    ? policyRef.escalation_rules
      ? policyRef
      : (context.policy(policyRef.id) ?? policyRef)
    : undefined;
  const rules = policy?.escalation_rules ?? [];
  const single: Escalation = {
    step: 0,
    steps: [{ afterSeconds: 0, role: 'person', person: target, notifiedAt: created }],
    nextAt: null,
    nextTarget: null,
  };
  if (!policy || rules.length === 0 || incident.assigned_via === 'direct_assignment') {
    return single;
  }

  const offsets: number[] = [];
  let total = 0;
  for (const rule of rules) {
    offsets.push(total);
    total += rule.escalation_delay_in_minutes * 60;
  }
  const at = context.now;
  const targets = rules.map((rule, i) => ruleTargets(rule, policy.id, i + 1, at, context));

  const assigneeIds = new Set(assignees.map((a) => a.id));
  let step = -1;
  targets.forEach((people, i) => {
    if (people.some((p) => assigneeIds.has(p.id))) step = i;
  });
  if (step < 0) {
    const elapsed = Math.max(0, (at - createdMs) / 1000);
    step = 0;
    offsets.forEach((offset, i) => {
      if (offset <= elapsed) step = i;
    });
  }

  const steps: EscalationStep[] = rules.map((rule, i) => {
    const person = i === step ? target : preferMe(targets[i] ?? [], context.me);
    const allUsers = rule.targets.every((t) => !t.type?.startsWith('schedule'));
    const notifiedAt =
      i < step
        ? iso(createdMs + (offsets[i] ?? 0) * 1000)
        : i === step
          ? (earliestAssignment(incident) ?? iso(createdMs + (offsets[i] ?? 0) * 1000))
          : undefined;
    return {
      afterSeconds: offsets[i] ?? 0,
      role: allUsers ? 'person' : 'rotation',
      ...(person ? { person } : {}),
      ...(notifiedAt ? { notifiedAt } : {}),
    };
  });

  if (incident.status !== 'triggered') return { step, steps, nextAt: null, nextTarget: null };

  const loops = policy.num_loops ?? 0;
  let next: number | undefined = step + 1 < rules.length ? step + 1 : undefined;
  if (next === undefined && loops > 0 && (at - createdMs) / 1000 < total * (loops + 1)) next = 0;
  if (next === undefined) return { step, steps, nextAt: null, nextTarget: null };

  const pending = (incident.pending_actions ?? [])
    .filter((a) => a.type === 'escalate')
    .map((a) => Date.parse(a.at))
    .sort((a, b) => a - b)[0];
  let nextAtMs: number;
  if (pending !== undefined) {
    nextAtMs = pending;
  } else {
    const levelStart = Math.max(
      createdMs + (offsets[step] ?? 0) * 1000,
      incident.last_status_change_at ? Date.parse(incident.last_status_change_at) : createdMs,
    );
    nextAtMs = levelStart + (rules[step]?.escalation_delay_in_minutes ?? 0) * 60_000;
  }
  const nextTarget = preferMe(targets[next] ?? [], context.me) ?? null;
  return { step, steps, nextAt: iso(nextAtMs), nextTarget };
}

function earliestAssignment(incident: PdIncident): string | undefined {
  const times = (incident.assignments ?? [])
    .map((a) => (a.at ? Date.parse(a.at) : Number.NaN))
    .filter((t) => !Number.isNaN(t))
    .sort((a, b) => a - b);
  return times[0] === undefined ? undefined : iso(times[0]);
}

/**
 * Maps one validated incident to a `Page` (see the module comment for escalation).
 * `target` is the assignee — me when I am one of several — else the latest acknowledger, else the
 * escalation policy itself as a pseudo-person (an incident nobody is assigned to, e.g. resolved).
 * Low urgency gives `urgency: 'low'`: shown quietly, never rung.
 */
export function incidentToPage(incident: PdIncident, context: IncidentContext): Page {
  const assignees = (incident.assignments ?? []).map((a) => toPerson(a.assignee));
  const acks = [...(incident.acknowledgements ?? [])].sort(
    (a, b) => Date.parse(a.at) - Date.parse(b.at),
  );
  const lastAck = acks[acks.length - 1];
  const policyRef = incident.escalation_policy;
  const fallback: Person | undefined = lastAck
    ? toPerson(lastAck.acknowledger)
    : policyRef
      ? { id: policyRef.id, name: policyRef.name ?? policyRef.summary ?? policyRef.id, email: '' }
      : undefined;
  const target = preferMe(assignees, context.me) ??
    fallback ?? { id: incident.id, name: 'Unassigned', email: '' };

  const created = normalize(incident.created_at);
  const changes = [incident.updated_at, incident.last_status_change_at, incident.created_at]
    .filter((t): t is string => typeof t === 'string')
    .map((t) => Date.parse(t));
  const updated = iso(Math.max(...changes));
  const severity = severityOf(incident);
  const service = incident.service?.summary ?? incident.service?.name ?? undefined;

  return {
    id: incident.id,
    title: incident.title ?? incident.summary ?? `Incident ${incident.id}`,
    ...(severity !== undefined ? { severity } : {}),
    ...(incident.urgency ? { urgency: incident.urgency } : {}),
    ...(service ? { service } : {}),
    ...(incident.incident_key?.startsWith(TEST_INCIDENT_KEY_PREFIX) ? { test: true } : {}),
    status: incident.status,
    createdAt: created,
    updatedAt: updated,
    target,
    escalation: escalationOf(incident, target, assignees, context),
    ...(incident.status === 'acknowledged' && lastAck
      ? { acknowledgedBy: toPerson(lastAck.acknowledger), acknowledgedAt: normalize(lastAck.at) }
      : {}),
    ...(incident.html_url ? { links: { incident: incident.html_url } } : {}),
  };
}

/**
 * Groups on-call entries into one `Rotation` per escalation policy (`kind: 'platform'`, level =
 * escalation level). A permanent on-call (`start`/`end` null) runs from `now` to `now + 7 days`.
 * Duplicate entries (the same person, level and times) are kept once.
 */
export function oncallsToRotations(oncalls: PdOncall[], now: number): Rotation[] {
  const byPolicy = new Map<string, Rotation>();
  const seen = new Set<string>();
  for (const oncall of oncalls) {
    const policy = oncall.escalation_policy;
    let rotation = byPolicy.get(policy.id);
    if (!rotation) {
      const services = policy.services ?? [];
      const onlyService = services.length === 1 ? services[0]?.summary : undefined;
      rotation = {
        id: policy.id,
        name: policy.name ?? policy.summary ?? policy.id,
        kind: 'platform',
        ...(onlyService ? { service: onlyService } : {}),
        shifts: [],
      };
      byPolicy.set(policy.id, rotation);
    }
    const start = oncall.start ? normalize(oncall.start) : iso(now);
    const end = oncall.end ? normalize(oncall.end) : iso(now + ROTATION_HORIZON_MS);
    const key = [policy.id, oncall.user.id, oncall.escalation_level, start, end].join('|');
    if (seen.has(key)) continue;
    seen.add(key);
    rotation.shifts.push({
      person: toPerson(oncall.user),
      level: oncall.escalation_level,
      start,
      end,
    });
  }
  for (const rotation of byPolicy.values()) {
    rotation.shifts.sort((a, b) => a.level - b.level || Date.parse(a.start) - Date.parse(b.start));
  }
  return [...byPolicy.values()];
}
