/**
 * The post-mortem: a draft saved per incident (its action items ticketed in Linear, see
 * `action-items.ts`), exported as Markdown, shared for review in the incident's Slack channel,
 * and the reviews recorded; answering it shows the platform timeline beside the draft.
 */
import { IpcError } from '../../../shared/contract.js';
import { validateActionItems, type ActionItem } from '../../../shared/aftercare/action-items.js';
import type {
  AnnouncementState,
  PostMortemInput,
  PostMortemView,
} from '../../../shared/aftercare/views.js';
import { errorMessage } from '../integrations/integration-error.js';
import type { HandlersFor } from '../ports.js';
import { actionItemsView, requirePostMortem, ticketItems } from './action-items.js';
import type { IncidentRecord } from './aftercare-store.js';
import { postMortemStage, targetsOf, updatesOf } from './console.js';
import type { AftercareContext } from './context.js';
import { publishPostMortem } from './post-mortem-publish.js';

/** The commands of the post-mortem screens. */
type PostMortemCommandName =
  | 'postmortems:get'
  | 'postmortems:save'
  | 'postmortems:create-tickets'
  | 'postmortems:export'
  | 'postmortems:request-review'
  | 'postmortems:record-review'
  | 'postmortems:set-item-status'
  | 'postmortems:publish'
  | 'postmortems:action-items';

function defaultDraft(r: IncidentRecord): PostMortemInput {
  return {
    summary: r.incident.summary,
    impact: '',
    rootCause: '',
    wentWell: [],
    wentBadly: [],
    actionItems: [],
    timeZone: 'UTC',
  };
}

/** The post-mortem screen: draft, timeline, template, stage and reviews. */
async function postMortemView(ctx: AftercareContext, r: IncidentRecord): Promise<PostMortemView> {
  const { updates } = await updatesOf(ctx, r.incidentId);
  const pm = r.postMortem;
  return {
    incident: r.incident,
    updates,
    draft: pm?.draft ?? defaultDraft(r),
    template: ctx.deps.readTemplate('post-mortem'),
    stage: postMortemStage(r, ctx.deps.playbook()),
    savedAt: pm?.savedAt ?? null,
    reviewRequest: pm?.reviewRequest ?? null,
    reviews: pm?.reviews ?? [],
    reviewersRequired: ctx.deps.playbook().postMortem.reviewersRequired,
    published: pm?.published ?? null,
    platformRepo: ctx.deps.git ? ctx.deps.platformRepoPath?.().trim() || null : null,
    actionItemLabel: ctx.deps.playbook().postMortem.actionItemLabel,
    ticketProblems: pm?.ticketProblems ?? [],
  };
}

/** Posts the draft for review in the incident's channel; says why when it cannot. */
async function requestReview(
  ctx: AftercareContext,
  r: IncidentRecord,
  markdown: string,
): Promise<AnnouncementState> {
  const slack = ctx.deps.integrations().slack;
  const channel = targetsOf(ctx, r.incident).slackChannel;
  const at = ctx.nowIso();
  if (!slack) {
    return {
      channel: channel ?? '',
      status: 'skipped',
      message: 'Slack is not connected (Settings): export the Markdown and share it by hand.',
      at,
    };
  }
  if (!channel) {
    return {
      channel: '',
      status: 'skipped',
      message:
        'No Slack channel is known for this incident: export the Markdown and share it by hand.',
      at,
    };
  }
  try {
    await slack.postMessage(
      channel,
      `*Post-mortem draft for review: ${r.incident.summary}*\nPlease read it and reply here; the commander records each review.\n\n${markdown}`,
    );
    return { channel, status: 'sent', at };
  } catch (error) {
    return { channel, status: 'failed', message: errorMessage(error), at };
  }
}

/**
 * The post-mortem handlers; `checkUnshipped` is the unshipped-items check (`unshipped-watch.ts`),
 * also run when the action-items list opens.
 */
export function postMortemHandlers(
  ctx: AftercareContext,
  checkUnshipped: () => Promise<void>,
): HandlersFor<PostMortemCommandName> {
  const { deps } = ctx;
  /** After a change: reminders and console, then the screen as it is now. */
  const done = (incidentId: string) => {
    ctx.changed();
    return postMortemView(ctx, ctx.record(incidentId));
  };
  return {
    'postmortems:get': async ({ incidentId }) => postMortemView(ctx, ctx.record(incidentId)),
    'postmortems:save': async ({ incidentId, draft }) => {
      const problems = validateActionItems(draft.actionItems, deps.playbook(), {
        requireAtLeastOne: false,
      });
      if (problems.length > 0) {
        throw new IpcError('invalid-payload', problems.map((p) => p.message).join(' '));
      }
      const r = ctx.record(incidentId);
      // Tickets already made stay with their items even if the form sent an older copy.
      const known = new Map((r.postMortem?.draft.actionItems ?? []).map((i) => [i.id, i.ticket]));
      const actionItems = draft.actionItems.map((i) => {
        const ticket = i.ticket ?? known.get(i.id);
        return ticket ? { ...i, ticket } : i;
      });
      ctx.save({
        ...r,
        postMortem: {
          draft: { ...draft, actionItems },
          savedAt: ctx.nowIso(),
          reviewRequest: r.postMortem?.reviewRequest ?? null,
          reviews: r.postMortem?.reviews ?? [],
          ticketProblems: r.postMortem?.ticketProblems ?? [],
          published: r.postMortem?.published ?? null,
        },
      });
      await ticketItems(ctx, incidentId);
      return done(incidentId);
    },
    'postmortems:create-tickets': async ({ incidentId }) => {
      await ticketItems(ctx, incidentId);
      return done(incidentId);
    },
    'postmortems:export': async ({ incidentId, markdown }) => {
      ctx.record(incidentId);
      return { path: await deps.saveFile(`${incidentId}-post-mortem.md`, markdown) };
    },
    'postmortems:request-review': async ({ incidentId, markdown }) => {
      const r = ctx.record(incidentId);
      const pm = requirePostMortem(r);
      const state = await requestReview(ctx, r, markdown);
      ctx.save({ ...r, postMortem: { ...pm, reviewRequest: state } });
      return done(incidentId);
    },
    'postmortems:record-review': async ({ incidentId, reviewer }) => {
      const r = ctx.record(incidentId);
      const pm = requirePostMortem(r);
      const name = reviewer.trim();
      if (pm.reviews.some((x) => x.reviewer.toLowerCase() === name.toLowerCase())) {
        throw new IpcError('conflict', `${name} is already recorded as a reviewer.`);
      }
      ctx.save({
        ...r,
        postMortem: { ...pm, reviews: [...pm.reviews, { reviewer: name, at: ctx.nowIso() }] },
      });
      return done(incidentId);
    },
    'postmortems:publish': async ({ incidentId, markdown }) => {
      await publishPostMortem(ctx, incidentId, markdown);
      return done(incidentId);
    },
    'postmortems:set-item-status': async ({ incidentId, itemId, status }) => {
      const r = ctx.record(incidentId);
      const pm = requirePostMortem(r);
      const target = pm.draft.actionItems.find((i) => i.id === itemId);
      if (!target) {
        throw new IpcError('not-found', `No action item '${itemId}' on incident '${incidentId}'.`);
      }
      if (target.ticket) {
        throw new IpcError(
          'conflict',
          `The state of ${target.ticket} is read from Linear: change it there.`,
        );
      }
      const now = ctx.nowIso();
      const closing = status === 'done' || status === 'closed' || status === 'wont-do';
      const actionItems = pm.draft.actionItems.map((i): ActionItem => {
        if (i.id !== itemId) return i;
        const { closedAt: _closed, ...rest } = i;
        return closing ? { ...rest, status, closedAt: i.closedAt ?? now } : { ...rest, status };
      });
      ctx.save({ ...r, postMortem: { ...pm, draft: { ...pm.draft, actionItems } } });
      return done(incidentId);
    },
    'postmortems:action-items': async () => {
      await checkUnshipped();
      return actionItemsView(ctx);
    },
  };
}
