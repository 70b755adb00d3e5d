/**
 * Post-mortem action items: each gets a Linear ticket (an id derived from the incident and the
 * item, so a retry finds the ticket it may have made), and the list of open items across every
 * post-mortem, oldest first, with the unshipped-pattern report.
 */
import {
  actionItemAge,
  statusFromLinearState,
  unshippedEscalation,
  unshippedPattern,
  type ActionItem,
  type PostMortemRecord,
} from '../../../shared/aftercare/action-items.js';
import type { ActionItemsView } from '../../../shared/aftercare/views.js';
import { IpcError } from '../../../shared/contract.js';
import { errorMessage } from '../integrations/integration-error.js';
import { derivedUuid, type LinearClient } from '../integrations/linear-client.js';
import type { IncidentRecord } from './aftercare-store.js';
import type { AftercareContext } from './context.js';

/** The saved post-mortem; `conflict` when there is none yet. */
export function requirePostMortem(r: IncidentRecord): NonNullable<IncidentRecord['postMortem']> {
  if (!r.postMortem) {
    throw new IpcError('conflict', 'Save the post-mortem draft first.');
  }
  return r.postMortem;
}

function actionItemDescription(r: IncidentRecord, item: ActionItem): string {
  return [
    `Action item from the post-mortem of **${r.incident.id}: ${r.incident.summary}** (SEV-${r.incident.severity}).`,
    '',
    `Owner: ${item.owner?.name ?? ''}`,
    item.dueAt ? `Due: ${item.dueAt}` : '',
  ]
    .filter((l, i) => l !== '' || i === 1)
    .join('\n');
}

/** The Linear issue id of an action item's ticket (derived, so a retry finds it). */
function ticketId(incidentId: string, item: ActionItem): string {
  return derivedUuid(`${incidentId}:action-item:${item.id}`);
}

/** The Linear user id of the item's owner, looked up by email; a miss is noted in `problems`. */
async function ownerInLinear(
  client: LinearClient,
  item: ActionItem,
  problems: string[],
): Promise<string | undefined> {
  const email = item.owner?.email?.trim();
  const who = item.owner?.name ?? 'the owner';
  if (!email) {
    problems.push(`"${item.title}": not assigned in Linear (no email known for ${who}).`);
    return undefined;
  }
  const user = await client.findUserByEmail(email);
  if (!user) {
    problems.push(`"${item.title}": not assigned in Linear (no Linear user with email ${email}).`);
  }
  return user?.id;
}

/** Tickets every action item that has none yet; one failure does not stop the others. */
export async function ticketItems(ctx: AftercareContext, incidentId: string): Promise<void> {
  const r = ctx.record(incidentId);
  const pm = requirePostMortem(r);
  const linear = ctx.deps.integrations().linear;
  const pending = pm.draft.actionItems.filter((i) => !i.ticket);
  if (pending.length === 0) {
    ctx.save({ ...r, postMortem: { ...pm, ticketProblems: [] } });
    return;
  }
  if (!linear) {
    ctx.save({
      ...r,
      postMortem: {
        ...pm,
        ticketProblems: [
          `Linear is not connected (Settings): ${pending.length} action item${pending.length === 1 ? '' : 's'} not ticketed yet.`,
        ],
      },
    });
    return;
  }
  const problems: string[] = [];
  const tickets = new Map<string, string>();
  try {
    const team = await linear.client.findTeam(linear.team);
    const label = await linear.client.ensureLabel(
      team.id,
      ctx.deps.playbook().postMortem.actionItemLabel,
    );
    for (const item of pending) {
      // Derived from the incident and item ids: a retry finds the ticket it may have made.
      const id = ticketId(incidentId, item);
      try {
        const found = await linear.client.findIssue(id);
        const assigneeId = found ? undefined : await ownerInLinear(linear.client, item, problems);
        const issue =
          found ??
          (await linear.client.createIssue({
            id,
            teamId: team.id,
            title: item.title.trim(),
            description: actionItemDescription(r, item),
            labelIds: [label],
            ...(assigneeId ? { assigneeId } : {}),
          }));
        tickets.set(item.id, issue.identifier);
      } catch (error) {
        problems.push(`"${item.title}": ${errorMessage(error)}`);
      }
    }
  } catch (error) {
    problems.push(`No ticket was made: ${errorMessage(error)}`);
  }
  const latest = ctx.record(incidentId);
  const latestPm = requirePostMortem(latest);
  ctx.save({
    ...latest,
    postMortem: {
      ...latestPm,
      draft: {
        ...latestPm.draft,
        actionItems: latestPm.draft.actionItems.map((i) => {
          const ticket = tickets.get(i.id);
          return ticket ? { ...i, ticket } : i;
        }),
      },
      ticketProblems: problems,
    },
  });
}

/**
 * Reads each ticketed item's state from Linear (`completed` shipped, `canceled` dropped, not a
 * hand-set status) and saves the changes; a failed read keeps what was known.
 */
export async function syncTicketStates(ctx: AftercareContext): Promise<void> {
  const linear = ctx.deps.integrations().linear;
  if (!linear) return;
  for (const r of ctx.store.all()) {
    const pm = r.postMortem;
    if (!pm || !pm.draft.actionItems.some((i) => i.ticket)) continue;
    const states = new Map<string, string>();
    for (const item of pm.draft.actionItems) {
      if (!item.ticket) continue;
      try {
        const issue = await linear.client.findIssue(ticketId(r.incidentId, item));
        if (issue?.state) states.set(item.id, issue.state.type);
      } catch (error) {
        ctx.deps.logger.warn('could not read an action item ticket from Linear', {
          error: errorMessage(error),
        });
      }
    }
    if (states.size === 0) continue;
    const latest = ctx.record(r.incidentId);
    const latestPm = requirePostMortem(latest);
    const now = ctx.nowIso();
    const actionItems = latestPm.draft.actionItems.map((i): ActionItem => {
      const type = states.get(i.id);
      if (type === undefined) return i;
      const status = statusFromLinearState(type);
      const { closedAt, ...rest } = i;
      const closing = status === 'done' || status === 'wont-do';
      return closing ? { ...rest, status, closedAt: closedAt ?? now } : { ...rest, status };
    });
    if (JSON.stringify(actionItems) === JSON.stringify(latestPm.draft.actionItems)) continue;
    ctx.save({ ...latest, postMortem: { ...latestPm, draft: { ...latestPm.draft, actionItems } } });
  }
}

function postMortemRecords(ctx: AftercareContext): PostMortemRecord[] {
  return ctx.store.all().flatMap((r) =>
    r.postMortem
      ? [
          {
            id: r.incidentId,
            incidentId: r.incidentId,
            title: r.incident.summary,
            publishedAt: r.postMortem.published?.at ?? r.postMortem.savedAt,
            actionItems: r.postMortem.draft.actionItems,
          },
        ]
      : [],
  );
}

/** Posts `text` to the EM on-call (Slack DM) or the incidents channel, as the playbook says. */
async function notifyEm(ctx: AftercareContext, text: string): Promise<boolean> {
  const slack = ctx.deps.integrations().slack;
  if (!slack) return false;
  const playbook = ctx.deps.playbook();
  let target = playbook.slack.announcementChannel;
  if (playbook.postMortem.unshipped.notify === 'em-dm') {
    const em = ctx.deps
      .appState()
      .rotations.filter((rot) => rot.kind === 'em')
      .flatMap((rot) => [...rot.now].sort((a, b) => a.level - b.level))[0]?.person;
    const found = em ? (await slack.lookupUsers([em])).found[0] : undefined;
    if (found) target = found.userId;
  }
  await slack.postMessage(target, text);
  return true;
}

/**
 * Escalates to the EM once (remembered in the store) when no action item of the last N
 * post-mortems shipped within the playbook's window. Ticket states are read from Linear first.
 */
export async function checkUnshipped(ctx: AftercareContext): Promise<void> {
  await syncTicketStates(ctx);
  const { lastPostMortems, windowDays } = ctx.deps.playbook().postMortem.unshipped;
  const due = unshippedEscalation(postMortemRecords(ctx), ctx.deps.clock.now(), {
    lastPostMortems,
    windowDays,
  });
  if (!due || ctx.store.sentReminders().has(due.key)) return;
  try {
    if (await notifyEm(ctx, due.message)) ctx.store.markSent([due.key]);
  } catch (error) {
    ctx.deps.logger.warn('could not escalate unshipped action items', {
      error: errorMessage(error),
    });
  }
}

/** Every open action item, oldest first, and the post-mortems whose items do not ship. */
export function actionItemsView(ctx: AftercareContext): ActionItemsView {
  const now = ctx.deps.clock.now();
  const records: PostMortemRecord[] = [];
  const items: ActionItemsView['items'] = [];
  for (const r of ctx.store.all()) {
    const pm = r.postMortem;
    if (!pm) continue;
    records.push({
      id: r.incidentId,
      incidentId: r.incidentId,
      title: r.incident.summary,
      publishedAt: pm.savedAt,
      actionItems: pm.draft.actionItems,
    });
    for (const item of pm.draft.actionItems) {
      const age = actionItemAge(item, now);
      if (!age.open) continue;
      items.push({
        incidentId: r.incidentId,
        postMortemTitle: r.incident.summary,
        item,
        ageLabel: age.label,
        ageDays: age.days,
      });
    }
  }
  const report = unshippedPattern(records, now);
  items.sort((a, b) => b.ageDays - a.ageDays);
  return {
    items,
    flagged: report.flagged.map((f) => ({
      incidentId: f.incidentId,
      title: f.title,
      reason: f.reason,
      message: f.message,
    })),
    escalate: report.escalate,
    message: report.message,
  };
}
