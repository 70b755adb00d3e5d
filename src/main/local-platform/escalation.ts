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
 * Who in `page`'s paging group has already been reached: a function from person id to the id of
 * another open (not resolved) page carrying the same `incidentId` on which a step notified that
 * person. A page without `incidentId` has no group: nobody is ever reached.
 */
export function reachedInGroup(
  pages: readonly Page[],
  page: Pick<Page, 'id' | 'incidentId'>,
): (personId: string) => string | undefined {
  const group = page.incidentId;
  if (group === undefined) return () => undefined;
  return (personId) =>
    pages.find(
      (p) =>
        p.id !== page.id &&
        p.incidentId === group &&
        p.status !== 'resolved' &&
        p.escalation.steps.some(
          (s) => s.notifiedAt !== undefined && s.skipped !== true && s.person?.id === personId,
        ),
    )?.id;
}

/**
 * Marks step `index` of `steps` as reached at `at`: notified, or skipped (paging groups) when
 * `reachedBy` names a page that already reached its person. Returns whether it was notified.
 */
export function reachStep(
  steps: EscalationStep[],
  index: number,
  at: string,
  reachedBy: (personId: string) => string | undefined,
): boolean {
  const step = steps[index];
  if (!step) return false;
  const { notifiedAt: _n, skipped: _s, skippedFor: _f, ...rest } = step;
  const by = step.person ? reachedBy(step.person.id) : undefined;
  steps[index] =
    by !== undefined ? { ...rest, skipped: true, skippedFor: by } : { ...rest, notifiedAt: at };
  return by === undefined;
}

/**
 * Reaches every step of a triggered page that is due at `nowMs` (see `reachStep`). Returns the
 * new page, the indexes newly notified and those skipped because another page of the paging
 * group had already reached their person; the page is returned unchanged when nothing was due.
 */
export function escalate(
  page: Page,
  nowMs: number,
  reachedBy: (personId: string) => string | undefined = () => undefined,
): { page: Page; paged: number[]; skipped: number[] } {
  if (page.status !== 'triggered') return { page, paged: [], skipped: [] };
  const due: number[] = [];
  let step = page.escalation.step;
  for (;;) {
    const at = stepDueMs(page, step + 1);
    if (at === undefined || at > nowMs) break;
    step += 1;
    due.push(step);
  }
  if (due.length === 0) return { page, paged: [], skipped: [] };
  const at = new Date(nowMs).toISOString();
  const steps = [...page.escalation.steps];
  const paged: number[] = [];
  const skipped: number[] = [];
  for (const i of due) (reachStep(steps, i, at, reachedBy) ? paged : skipped).push(i);
  return {
    page: withDerivedFields({
      ...page,
      updatedAt: at,
      escalation: { ...page.escalation, step, steps },
    }),
    paged,
    skipped,
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
