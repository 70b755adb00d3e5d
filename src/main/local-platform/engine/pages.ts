/**
 * Pages over the engine's state: create (first step reached now), acknowledge, resolve,
 * re-trigger, and escalate whatever is due. Paging groups: a page carrying an `incidentId` never
 * notifies a person already notified for another open page of the same incident; the step is
 * recorded as skipped instead (see `reachedInGroup`).
 */
import type { Page, Person } from '../../../shared/domain.js';
import {
  escalate,
  planEscalation,
  reachedInGroup,
  reachStep,
  withDerivedFields,
} from '../escalation.js';
import { publicPerson, type NotificationRecord } from '../state.js';
import { ApiError, type EngineContext } from './api.js';
import type { CreatePageInput, EscalatePageInput } from './inputs.js';
import { levelsAt, onCall } from './roster.js';

function findPage(ctx: EngineContext, id: string): { page: Page; index: number } {
  const index = ctx.state.pages.findIndex((p) => p.id === id);
  const page = ctx.state.pages[index];
  if (!page) throw new ApiError(404, 'not_found', `no page with id '${id}'`);
  return { page, index };
}

/** Logs that step `step` of `page` notified its person (a skipped step is not logged). */
function notify(
  ctx: EngineContext,
  page: Page,
  step: number,
  reason: NotificationRecord['reason'],
  at: string,
): void {
  const s = page.escalation.steps[step];
  if (!s?.person || s.skipped === true) return;
  ctx.state.notifications.push({
    pageId: page.id,
    personId: s.person.id,
    step,
    role: s.role,
    at,
    reason,
  });
}

/** Who a new page's target reaches: the rotation's people by level now, or the one person. */
function resolveTarget(
  ctx: EngineContext,
  target: CreatePageInput['target'],
): { rotationMembers: Person[]; person?: Person; service?: string } {
  if ('rotation' in target) {
    const rotation = ctx.state.rotations.find((r) => r.id === target.rotation);
    if (!rotation) throw new ApiError(404, 'not_found', `no rotation with id '${target.rotation}'`);
    return {
      rotationMembers: levelsAt(ctx.state, rotation, ctx.now()),
      ...(rotation.service !== undefined ? { service: rotation.service } : {}),
    };
  }
  const found = ctx.state.people.find((p) => p.id === target.person);
  if (!found) throw new ApiError(404, 'not_found', `no person with id '${target.person}'`);
  return { rotationMembers: [], person: publicPerson(found) };
}

/**
 * Creates a page and reaches its first step now: notified, or skipped when another open page of
 * its paging group already notified that person. Throws `ApiError` on a bad target.
 */
export function createPage(ctx: EngineContext, input: CreatePageInput): Page {
  const nowIso = new Date(ctx.now()).toISOString();
  const target = resolveTarget(ctx, input.target);
  const service = input.service ?? target.service;
  const steps = planEscalation(
    ctx.playbook,
    {
      rotationMembers: target.rotationMembers,
      ...(target.person ? { person: target.person } : {}),
      em: onCall(ctx.state, 'em', ctx.now()),
      founder: onCall(ctx.state, 'founder', ctx.now()),
    },
    // A low-urgency page, like a test page, reaches its first step only: it never escalates.
    { test: input.test === true || input.urgency === 'low' },
  );
  const first = steps[0];
  if (!first?.person) {
    throw new ApiError(400, 'invalid_request', 'the target rotation has nobody on call');
  }
  const id = `P${ctx.state.counters.page + 1}`;
  reachStep(steps, 0, nowIso, reachedInGroup(ctx.state.pages, { id, ...input }));
  ctx.state.counters.page += 1;
  const page = withDerivedFields({
    id,
    title: input.title,
    ...(input.severity !== undefined ? { severity: input.severity } : {}),
    ...(service !== undefined ? { service } : {}),
    ...(input.incidentId !== undefined ? { incidentId: input.incidentId } : {}),
    ...(input.test !== undefined ? { test: input.test } : {}),
    ...(input.urgency !== undefined ? { urgency: input.urgency } : {}),
    status: 'triggered',
    createdAt: nowIso,
    updatedAt: nowIso,
    target: first.person,
    escalation: { step: 0, steps, nextAt: null, nextTarget: null },
    links: {
      runbook: ctx.playbook.runbookUrl,
      ...(input.incidentId !== undefined ? { incident: input.incidentId } : {}),
    },
  });
  ctx.state.pages.push(page);
  notify(ctx, page, 0, 'triggered', nowIso);
  return structuredClone(page);
}

/**
 * `personId` acknowledges page `id`: stops the chain at once. Repeating is harmless (the page is
 * returned unchanged, `changed` false); a resolved page is `409 resolved`.
 */
export function acknowledge(
  ctx: EngineContext,
  id: string,
  personId: string,
): { page: Page; changed: boolean } {
  const { page, index } = findPage(ctx, id);
  if (page.status === 'resolved') {
    throw new ApiError(409, 'resolved', `page '${id}' is already resolved`);
  }
  ctx.state.acknowledgements[id] = (ctx.state.acknowledgements[id] ?? 0) + 1;
  if (page.status !== 'triggered') return { page: structuredClone(page), changed: false };
  const by = ctx.state.people.find((p) => p.id === personId);
  const nowIso = new Date(ctx.now()).toISOString();
  const next = withDerivedFields({
    ...page,
    status: 'acknowledged',
    updatedAt: nowIso,
    acknowledgedAt: nowIso,
    ...(by ? { acknowledgedBy: publicPerson(by) } : {}),
  });
  ctx.state.pages[index] = next;
  return { page: structuredClone(next), changed: true };
}

/** Resolves page `id`: its chain stops. Resolving again returns it unchanged (`changed` false). */
export function resolve(ctx: EngineContext, id: string): { page: Page; changed: boolean } {
  const { page, index } = findPage(ctx, id);
  if (page.status === 'resolved') return { page: structuredClone(page), changed: false };
  const next = withDerivedFields({
    ...page,
    status: 'resolved',
    updatedAt: new Date(ctx.now()).toISOString(),
  });
  ctx.state.pages[index] = next;
  return { page: structuredClone(next), changed: true };
}

/** Seconds from `page`'s creation to `nowMs`, as a step's `afterSeconds`. */
function elapsedSeconds(page: Page, nowMs: number): number {
  return Math.max(0, Math.floor((nowMs - Date.parse(page.createdAt)) / 1000));
}

/**
 * "Escalate now": pages the next step of `id`'s chain at once, or (`to`) the level-1 person of a
 * rotation or a person, as a new step after the current one. The page is `triggered` again (the
 * acknowledgement is cleared: the new target must answer) and the later steps keep their spacing
 * from now. A resolved page is `409 resolved`; no next step and no `to` is `409 no_next_step`.
 */
export function escalateNow(ctx: EngineContext, id: string, input: EscalatePageInput): Page {
  const { page, index } = findPage(ctx, id);
  if (page.status === 'resolved') {
    throw new ApiError(409, 'resolved', `page '${id}' is already resolved`);
  }
  const nowMs = ctx.now();
  const nowIso = new Date(nowMs).toISOString();
  const steps = [...page.escalation.steps];
  const next = page.escalation.step + 1;
  if (input.to) {
    const target = resolveTarget(ctx, input.to);
    const person = target.person ?? target.rotationMembers[0];
    if (!person) throw new ApiError(409, 'nobody_on_call', 'nobody is on call in that rotation');
    const role = 'rotation' in input.to ? 'rotation' : 'person';
    steps.splice(next, 0, { afterSeconds: elapsedSeconds(page, nowMs), role, person });
  } else if (!steps[next]) {
    throw new ApiError(409, 'no_next_step', `page '${id}' has no further step to escalate to`);
  }
  // The step paged now is due now; the ones after it keep their spacing, the first one gap later.
  const elapsed = elapsedSeconds(page, nowMs);
  const [first, second] = ctx.playbook.escalation.steps;
  const gap = (second?.afterSeconds ?? 300) - (first?.afterSeconds ?? 0);
  const reached = steps[next];
  if (reached) steps[next] = { ...reached, afterSeconds: elapsed };
  const delta = elapsed + gap - (steps[next + 1]?.afterSeconds ?? 0);
  for (let i = next + 1; i < steps.length; i += 1) {
    const s = steps[i];
    if (s) steps[i] = { ...s, afterSeconds: Math.max(0, s.afterSeconds + delta) };
  }
  reachStep(steps, next, nowIso, reachedInGroup(ctx.state.pages, page));
  const { acknowledgedBy: _by, acknowledgedAt: _at, ...rest } = page;
  const result = withDerivedFields({
    ...rest,
    status: 'triggered',
    updatedAt: nowIso,
    escalation: { ...page.escalation, step: next, steps },
  });
  ctx.state.pages[index] = result;
  notify(ctx, result, next, 'escalated', nowIso);
  return structuredClone(result);
}

/**
 * Re-triggers page `id` as its source would: it is `triggered` again, its first step is reached
 * now (paging groups apply) and the chain restarts on the playbook's timings from now.
 */
export function retrigger(ctx: EngineContext, id: string): Page {
  const { page, index } = findPage(ctx, id);
  const nowMs = ctx.now();
  const nowIso = new Date(nowMs).toISOString();
  const offset = Math.ceil((nowMs - Date.parse(page.createdAt)) / 1000);
  const base = page.escalation.steps[0]?.afterSeconds ?? 0;
  const steps = page.escalation.steps.map((s) => {
    const { notifiedAt: _n, skipped: _s, skippedFor: _f, ...rest } = s;
    return { ...rest, afterSeconds: s.afterSeconds - base + offset };
  });
  reachStep(steps, 0, nowIso, reachedInGroup(ctx.state.pages, page));
  const { acknowledgedBy: _by, acknowledgedAt: _at, ...rest } = page;
  const next = withDerivedFields({
    ...rest,
    status: 'triggered',
    updatedAt: nowIso,
    escalation: { ...page.escalation, step: 0, steps },
  });
  ctx.state.pages[index] = next;
  notify(ctx, next, 0, 'retriggered', nowIso);
  return structuredClone(next);
}

/**
 * Escalates every triggered page whose next steps are due now, one page after the other so a
 * person notified by one page is skipped by the next page of the same group. Returns whether any
 * page changed.
 */
export function escalateDue(ctx: EngineContext): boolean {
  const nowMs = ctx.now();
  const at = new Date(nowMs).toISOString();
  let changed = false;
  ctx.state.pages.forEach((page, index) => {
    const result = escalate(page, nowMs, reachedInGroup(ctx.state.pages, page));
    if (result.page === page) return;
    ctx.state.pages[index] = result.page;
    for (const step of result.paged) notify(ctx, result.page, step, 'escalated', at);
    changed = true;
  });
  return changed;
}
