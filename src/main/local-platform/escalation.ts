/**
 * The escalation chain as pure functions over a page: which steps a new page gets (timings from
 * the playbook) and which of them are due at a given time. No clock, no I/O.
 */
import type { EscalationRole, EscalationStep, Page, Person } from '../../shared/domain.js';
import type { Playbook } from '../../shared/playbook.js';

/** Who a page's steps can resolve to. */
export interface EscalationContext {
  /** Members of the target rotation by level (index 0 = level 1); empty for a person target. */
  rotationMembers: Person[];
  /** The person targeted directly, for a `{person}` target. */
  person?: Person;
  em?: Person;
  founder?: Person;
}

/** Escalation timings of the playbook: cumulative seconds from the page's creation, per step. */
export function escalationTimings(playbook: Playbook): number[] {
  return playbook.escalation.steps.map((s) => s.afterSeconds);
}

/**
 * The steps of a new page. A rotation target follows the playbook's roles (`rotation` = level 1,
 * `rotation-next` = level 2, `em`, `founder`). A person target pages that person, then the
 * playbook's `em` and `founder` roles, on the playbook's timings in order. A person already paged
 * by an earlier step is not added again (they are still being paged). A test page keeps only its
 * first step, so it never escalates. `offsetSeconds` shifts every step (used on re-trigger).
 */
export function planEscalation(
  playbook: Playbook,
  ctx: EscalationContext,
  options: { test: boolean; offsetSeconds?: number },
): EscalationStep[] {
  const timings = escalationTimings(playbook);
  const roles: EscalationRole[] = ctx.person
    ? [
        'person',
        ...playbook.escalation.steps
          .map((s) => s.role)
          .filter((r): r is EscalationRole => r === 'em' || r === 'founder'),
      ]
    : playbook.escalation.steps.map((s) => s.role);
  const steps: EscalationStep[] = [];
  const seen = new Set<string>();
  roles.forEach((role, i) => {
    const after = timings[i];
    const person = resolveRole(role, ctx);
    if (after === undefined || !person || seen.has(person.id)) return;
    seen.add(person.id);
    steps.push({ afterSeconds: after + (options.offsetSeconds ?? 0), role, person });
  });
  return options.test ? steps.slice(0, 1) : steps;
}

function resolveRole(role: EscalationRole, ctx: EscalationContext): Person | undefined {
  switch (role) {
    case 'rotation':
      return ctx.person ? undefined : ctx.rotationMembers[0];
    case 'rotation-next':
      return ctx.person ? undefined : ctx.rotationMembers[1];
    case 'person':
      return ctx.person;
    case 'em':
      return ctx.em;
    case 'founder':
      return ctx.founder;
  }
}

/** When step `index` of `page` is due, in epoch milliseconds. */
export function stepDueMs(page: Page, index: number): number | undefined {
  const step = page.escalation.steps[index];
  return step ? Date.parse(page.createdAt) + step.afterSeconds * 1000 : undefined;
}

/**
 * Recomputes `target`, `nextAt` and `nextTarget` from `escalation.step`: nothing is next once the
 * page is acknowledged or resolved, or when the last step is paged.
 */
export function withDerivedFields(page: Page): Page {
  const current = page.escalation.steps[page.escalation.step];
  const next =
    page.status === 'triggered' ? page.escalation.steps[page.escalation.step + 1] : undefined;
  const nextDue = next ? stepDueMs(page, page.escalation.step + 1) : undefined;
  return {
    ...page,
    target: current?.person ?? page.target,
    escalation: {
      ...page.escalation,
      nextAt: next && nextDue !== undefined ? new Date(nextDue).toISOString() : null,
      nextTarget: next?.person ?? null,
    },
  };
}

/**
 * Pages every step of a triggered page that is due at `nowMs`. Returns the new page and the
 * indexes newly paged (empty when nothing was due: the page is returned unchanged).
 */
export function escalate(page: Page, nowMs: number): { page: Page; paged: number[] } {
  if (page.status !== 'triggered') return { page, paged: [] };
  const paged: number[] = [];
  let step = page.escalation.step;
  for (;;) {
    const due = stepDueMs(page, step + 1);
    if (due === undefined || due > nowMs) break;
    step += 1;
    paged.push(step);
  }
  if (paged.length === 0) return { page, paged };
  const at = new Date(nowMs).toISOString();
  const steps = page.escalation.steps.map((s, i) =>
    paged.includes(i) ? { ...s, notifiedAt: at } : s,
  );
  return {
    page: withDerivedFields({
      ...page,
      updatedAt: at,
      escalation: { ...page.escalation, step, steps },
    }),
    paged,
  };
}

/** Earliest time any of `pages` needs escalating, or `undefined` when none will. */
export function nextEscalationMs(pages: readonly Page[]): number | undefined {
  let earliest: number | undefined;
  for (const p of pages) {
    if (p.status !== 'triggered') continue;
    const due = stepDueMs(p, p.escalation.step + 1);
    if (due !== undefined && (earliest === undefined || due < earliest)) earliest = due;
  }
  return earliest;
}
