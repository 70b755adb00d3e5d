/**
 * Post-mortem action items: each gets a Linear ticket (an id derived from the incident and the
 * item, so a retry finds the ticket it may have made), and the list of open items across every
 * post-mortem, oldest first, with the unshipped-pattern report.
 */
import {
  actionItemAge,
  unshippedPattern,
  type ActionItem,
  type PostMortemRecord,
} from '../../../shared/aftercare/action-items.js';
import type { ActionItemsView } from '../../../shared/aftercare/views.js';
import { IpcError } from '../../../shared/contract.js';
import { errorMessage } from '../integrations/integration-error.js';
import { derivedUuid } from '../integrations/linear-client.js';
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
      const id = derivedUuid(`${incidentId}:action-item:${item.id}`);
      try {
        const issue =
          (await linear.client.findIssue(id)) ??
          (await linear.client.createIssue({
            id,
            teamId: team.id,
            title: item.title.trim(),
            description: actionItemDescription(r, item),
            labelIds: [label],
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
