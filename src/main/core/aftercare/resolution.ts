/**
 * Resolution and the after-action announcement: resolving posts a final status update everywhere
 * (the platform marks the incident resolved), records the resolution time so the customer-email
 * and post-mortem clocks start, resolves every page the declaration made (`page-resolution.ts`)
 * and polls the feeds; the announcement goes to the playbook's
 * Slack channel once.
 */
import type { AnnouncementState, UpdatePost } from '../../../shared/aftercare/views.js';
import { errorMessage } from '../integrations/integration-error.js';
import type { HandlersFor } from '../ports.js';
import { iso, type AftercareContext } from './context.js';
import type { PageResolver } from './page-resolution.js';
import type { StatusUpdates } from './status-updates.js';

/** The `incidents:resolve` and `incidents:announce` handlers. */
export function resolutionHandlers(
  ctx: AftercareContext,
  updates: StatusUpdates,
  pages: PageResolver,
): HandlersFor<'incidents:resolve' | 'incidents:announce'> {
  const { deps } = ctx;

  async function resolve(incidentId: string, message: string): Promise<UpdatePost> {
    const r = ctx.record(incidentId);
    if (r.incident.status === 'resolved') {
      const final = r.posts.find((p) => p.final);
      if (final) {
        // Resolving again confirms the pages (idempotent) without posting a second final update.
        await pages.resolveAll(incidentId);
        return final;
      }
    }
    const post = updates.newPost(incidentId, 'resolved', message, true);
    const result = await updates.run(incidentId, post.id);
    // The resolution time: the platform's when it answered, else now in the platform's time;
    // both clocks start there.
    const latest = ctx.record(incidentId);
    const resolvedAt =
      latest.incident.status === 'resolved' && latest.incident.resolvedAt
        ? latest.incident.resolvedAt
        : iso(ctx.platformNow(latest.sourceId));
    ctx.save({ ...latest, incident: { ...latest.incident, status: 'resolved', resolvedAt } });
    // Every page the declaration made is resolved too, so nothing escalates after the incident.
    await pages.resolveAll(incidentId);
    ctx.changed();
    deps.refreshFeeds?.();
    return result;
  }

  return {
    'incidents:resolve': async ({ incidentId, message }) => resolve(incidentId, message),
    'incidents:announce': async ({ incidentId, text }) => {
      const r = ctx.record(incidentId);
      const channel = deps.playbook().slack.announcementChannel;
      const slack = deps.integrations().slack;
      let state: AnnouncementState;
      if (r.announcement?.status === 'sent') return r.announcement;
      if (!slack) {
        state = {
          channel,
          status: 'skipped',
          message: 'Slack is not connected (Settings).',
          at: ctx.nowIso(),
        };
      } else {
        try {
          // chat.postMessage takes a channel name as well as an id.
          await slack.postMessage(channel, text);
          state = { channel, status: 'sent', at: ctx.nowIso() };
        } catch (error) {
          state = { channel, status: 'failed', message: errorMessage(error), at: ctx.nowIso() };
        }
      }
      ctx.save({ ...ctx.record(incidentId), announcement: state });
      ctx.changed();
      return state;
    },
  };
}
