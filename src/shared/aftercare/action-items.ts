/**
 * Post-mortem action items: their shape, the checks before saving them ("each owned by a named
 * person"), their age, and the pattern the policy asks us to escalate ("If none ever ship,
 * escalate that pattern"). Pure: callers pass the current time.
 */
import { z } from 'zod';
import { Timestamp } from '../domain.js';
import type { Playbook } from '../playbook.js';

/**
 * Where an action item stands. `done` and `closed` mean it shipped; `wont-do` means it was
 * closed without shipping.
 */
export const ActionItemStatus = z.enum(['open', 'in-progress', 'done', 'closed', 'wont-do']);
export type ActionItemStatus = z.infer<typeof ActionItemStatus>;

/** The person who will ship an action item (a `Person` from the rotation feed fits). */
export const ActionItemOwner = z.object({
  name: z.string(),
  id: z.string().optional(),
  email: z.string().optional(),
});
export type ActionItemOwner = z.infer<typeof ActionItemOwner>;

/** One post-mortem action item, ticketed in Linear with the playbook's label. */
export const ActionItem = z.object({
  id: z.string().min(1),
  title: z.string(),
  owner: ActionItemOwner.optional(),
  status: ActionItemStatus,
  createdAt: Timestamp,
  /** When it reached `done`, `closed` or `wont-do`. */
  closedAt: Timestamp.optional(),
  /** Linear identifier or link, e.g. `ENG-1234`. */
  ticket: z.string().optional(),
  dueAt: Timestamp.optional(),
});
export type ActionItem = z.infer<typeof ActionItem>;

/** A published post-mortem as far as action-item tracking is concerned. */
export const PostMortemRecord = z.object({
  id: z.string().min(1),
  incidentId: z.string().min(1),
  title: z.string(),
  publishedAt: Timestamp,
  actionItems: z.array(ActionItem),
});
export type PostMortemRecord = z.infer<typeof PostMortemRecord>;

/** `true` for the statuses that count as shipped: `done` and `closed`. */
export function isShipped(status: ActionItemStatus): boolean {
  return status === 'done' || status === 'closed';
}

/** One reason an action item (or the list) cannot be saved. */
export interface ActionItemProblem {
  /** Position in the list given (0-based); `null` for a problem with the list as a whole. */
  index: number | null;
  field: 'list' | 'shape' | 'id' | 'title' | 'owner' | 'closedAt';
  message: string;
}

// Owners that name a group, a role or nobody: the policy wants "a named person".
const NOT_A_PERSON =
  /^(?:tbd|tba|tbc|todo|n\/?a|none|nobody|no one|someone|somebody|anyone|everyone|all|us|we|me|unassigned|unknown|owner|\?+|-+|team|the team|eng|engineering|ops|sre|devops|platform|support|ic|commander|incident commander|comms|on-?call|the on-?call|em)$/i;

function ownerProblem(owner: ActionItemOwner | undefined): string | null {
  const name = owner?.name.trim() ?? '';
  if (name === '') return 'has no owner: every action item needs a named person who will ship it';
  if (NOT_A_PERSON.test(name) || /\bteam$/i.test(name) || /^[@#]/.test(name)) {
    return `has "${name}" as owner, which is not a named person: name the one person who will ship it`;
  }
  return null;
}

function label(index: number, title: string | undefined): string {
  const t = title?.trim();
  return t ? `Action item ${index + 1} ("${t}")` : `Action item ${index + 1}`;
}

/**
 * Checks a post-mortem's action items before saving. Returns every problem found (empty means
 * the list can be saved):
 * - the list needs at least one item (the policy: "closes with one or more action items"),
 *   unless `options.requireAtLeastOne` is `false` (e.g. while drafting);
 * - each item must match `ActionItem`, have a unique id and a non-blank title;
 * - when `playbook.postMortem.actionItemsRequireOwner`, each item needs an owner that names a
 *   person: not blank, not a placeholder ("TBD", "someone"), a team ("Platform team") or a role
 *   ("on-call", "IC"), nor a Slack handle or channel;
 * - `closedAt`, when present, is not before `createdAt`.
 */
export function validateActionItems(
  items: readonly unknown[],
  playbook: Playbook,
  options: { requireAtLeastOne?: boolean } = {},
): ActionItemProblem[] {
  const problems: ActionItemProblem[] = [];
  if (items.length === 0 && options.requireAtLeastOne !== false) {
    problems.push({
      index: null,
      field: 'list',
      message:
        'A post-mortem closes with at least one action item: add what will prevent a repeat.',
    });
  }
  const seen = new Set<string>();
  items.forEach((raw, index) => {
    const parsed = ActionItem.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'item';
      problems.push({
        index,
        field: 'shape',
        message: `Action item ${index + 1} is malformed: ${where}: ${issue?.message ?? 'invalid'}.`,
      });
      return;
    }
    const item = parsed.data;
    const name = label(index, item.title);
    if (seen.has(item.id)) {
      problems.push({ index, field: 'id', message: `${name} repeats the id "${item.id}".` });
    }
    seen.add(item.id);
    if (item.title.trim() === '') {
      problems.push({
        index,
        field: 'title',
        message: `${name} has no title: say what will change.`,
      });
    }
    if (playbook.postMortem.actionItemsRequireOwner) {
      const owner = ownerProblem(item.owner);
      if (owner) problems.push({ index, field: 'owner', message: `${name} ${owner}.` });
    }
    if (item.closedAt !== undefined && Date.parse(item.closedAt) < Date.parse(item.createdAt)) {
      problems.push({
        index,
        field: 'closedAt',
        message: `${name} was closed (${item.closedAt}) before it was created (${item.createdAt}).`,
      });
    }
  });
  return problems;
}

/** How long an action item has been (or was) open. */
export interface ActionItemAge {
  /** Whole days from creation to closing, or to `nowMs` while it is still open; never negative. */
  days: number;
  open: boolean;
  /** E.g. "open for 12 days", "shipped after 3 days", "dropped after 40 days". */
  label: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/**
 * The age of `item` at `nowMs`. Items in a closing status without `closedAt` are measured to
 * `nowMs` (the best we know).
 */
export function actionItemAge(item: ActionItem, nowMs: number): ActionItemAge {
  const open = item.status === 'open' || item.status === 'in-progress';
  const endMs = !open && item.closedAt !== undefined ? Date.parse(item.closedAt) : nowMs;
  const days = Math.max(0, Math.floor((endMs - Date.parse(item.createdAt)) / DAY_MS));
  const text = open
    ? `open for ${plural(days, 'day')}`
    : `${isShipped(item.status) ? 'shipped' : 'dropped'} after ${plural(days, 'day')}`;
  return { days, open, label: text };
}

/** Why a post-mortem is flagged as shipping nothing. */
export type UnshippedReason = 'no-action-items' | 'all-wont-do' | 'stale';

/** A post-mortem none of whose action items shipped. */
export interface UnshippedFlag {
  postMortemId: string;
  incidentId: string;
  title: string;
  reason: UnshippedReason;
  message: string;
}

/** The pattern across post-mortems, for escalation. */
export interface UnshippedReport {
  flagged: UnshippedFlag[];
  /** Post-mortems examined. */
  total: number;
  /** `true` when at least one post-mortem is flagged: the policy says escalate. */
  escalate: boolean;
  /** One line for the EM, or `null` when nothing is flagged. */
  message: string | null;
}

/** Days an open item may wait before a post-mortem whose items all wait counts as stale. */
export const DEFAULT_STALE_AFTER_DAYS = 30;

/**
 * Flags post-mortems none of whose action items ever shipped (`done` or `closed`):
 * - `no-action-items`: it has no action items at all;
 * - `all-wont-do`: every item was closed as `wont-do`;
 * - `stale`: nothing shipped, and every item still open (`open` or `in-progress`) was created
 *   at least `staleAfterDays` (default 30) days before `nowMs`; items closed as `wont-do` count
 *   as not shipped.
 * A post-mortem with one shipped item, or with an open item younger than the limit, is not
 * flagged. Any flag means the pattern should be escalated ("If none ever ship, escalate that
 * pattern").
 */
export function unshippedPattern(
  postMortems: readonly PostMortemRecord[],
  nowMs: number,
  options: { staleAfterDays?: number } = {},
): UnshippedReport {
  const staleDays = options.staleAfterDays ?? DEFAULT_STALE_AFTER_DAYS;
  const flagged: UnshippedFlag[] = [];
  for (const pm of postMortems) {
    const base = { postMortemId: pm.id, incidentId: pm.incidentId, title: pm.title };
    const items = pm.actionItems;
    if (items.some((i) => isShipped(i.status))) continue;
    if (items.length === 0) {
      flagged.push({
        ...base,
        reason: 'no-action-items',
        message: `Post-mortem "${pm.title}" has no action items.`,
      });
      continue;
    }
    const open = items.filter((i) => i.status === 'open' || i.status === 'in-progress');
    if (open.length === 0) {
      flagged.push({
        ...base,
        reason: 'all-wont-do',
        message: `Post-mortem "${pm.title}": all ${plural(items.length, 'action item')} closed as won't do; nothing shipped.`,
      });
      continue;
    }
    const youngest = Math.min(...open.map((i) => actionItemAge(i, nowMs).days));
    if (youngest >= staleDays) {
      flagged.push({
        ...base,
        reason: 'stale',
        message: `Post-mortem "${pm.title}": nothing shipped; ${plural(open.length, 'action item')} still open after ${youngest}+ days.`,
      });
    }
  }
  const total = postMortems.length;
  return {
    flagged,
    total,
    escalate: flagged.length > 0,
    message:
      flagged.length > 0
        ? `${flagged.length} of ${plural(total, 'post-mortem')} shipped no action item: escalate the pattern.`
        : null,
  };
}

/** The Linear workflow state types that close an issue: `completed` shipped, `canceled` dropped. */
export function statusFromLinearState(stateType: string): ActionItemStatus {
  if (stateType === 'completed') return 'done';
  if (stateType === 'canceled') return 'wont-do';
  if (stateType === 'started') return 'in-progress';
  return 'open';
}

/** The escalation the policy asks for when action items never ship. */
export interface UnshippedEscalation {
  /** A stable key of the post-mortems concerned (to escalate each pattern once). */
  key: string;
  /** One message for the EM, listing every open item. */
  message: string;
}

/**
 * "If none ever ship, escalate": when there are at least `lastPostMortems` post-mortems and every
 * action item of the last `lastPostMortems` (by `publishedAt`) is still open `windowDays` after it
 * was created, the escalation to send; else `null`. A post-mortem without items does not count
 * as open (the publish step requires one).
 */
export function unshippedEscalation(
  postMortems: readonly PostMortemRecord[],
  nowMs: number,
  options: { lastPostMortems: number; windowDays: number },
): UnshippedEscalation | null {
  const last = [...postMortems]
    .sort((a, b) => Date.parse(b.publishedAt) - Date.parse(a.publishedAt))
    .slice(0, options.lastPostMortems);
  if (last.length < options.lastPostMortems) return null;
  const windowMs = options.windowDays * DAY_MS;
  const allOpen = last.every(
    (pm) =>
      pm.actionItems.length > 0 &&
      pm.actionItems.every(
        (i) => actionItemAge(i, nowMs).open && nowMs - Date.parse(i.createdAt) >= windowMs,
      ),
  );
  if (!allOpen) return null;
  const lines = last.flatMap((pm) =>
    pm.actionItems.map(
      (i) =>
        `• ${pm.incidentId} "${pm.title}": ${i.title}${i.ticket ? ` (${i.ticket})` : ''}, owner ${i.owner?.name ?? 'none'}, ${actionItemAge(i, nowMs).label}`,
    ),
  );
  return {
    key: `unshipped:${last
      .map((pm) => pm.id)
      .sort()
      .join(',')}`,
    message: [
      `No action item of the last ${plural(last.length, 'post-mortem')} has shipped after ${options.windowDays} days: escalating the pattern, as the incident policy asks.`,
      ...lines,
    ].join('\n'),
  };
}
