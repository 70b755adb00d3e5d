/**
 * Status updates: one post goes to Slack, the status page and the platform, each destination with
 * its own state saved before and after sending, so that a retry (or a resume after a crash) never
 * posts twice where the update already went. A post is saved before anything is sent.
 */
import { IpcError } from '../../../shared/contract.js';
import type { Incident } from '../../../shared/domain.js';
import type {
  DeliveryState,
  UpdateDestination,
  UpdatePost,
} from '../../../shared/aftercare/views.js';
import { errorMessage } from '../integrations/integration-error.js';
import type { HandlersFor } from '../ports.js';
import type { IncidentRecord } from './aftercare-store.js';
import { targetsOf } from './console.js';
import { DESTINATIONS, iso, type AftercareContext } from './context.js';
import { postEntry } from './timeline.js';

/** The Slack text of a status update. */
function slackUpdateText(incident: Incident, post: Pick<UpdatePost, 'status' | 'message'>): string {
  const status = post.status.charAt(0).toUpperCase() + post.status.slice(1);
  return `*Status update · SEV-${incident.severity} · ${status}*\n${post.message}`;
}

/** Posting status updates over one context. */
export interface StatusUpdates {
  /** Saves a new post (every destination waiting) and answers it; nothing is sent yet. */
  newPost(
    incidentId: string,
    status: UpdatePost['status'],
    message: string,
    final: boolean,
  ): UpdatePost;
  /** Sends a post to every destination it has not reached yet. */
  run(incidentId: string, postId: string): Promise<UpdatePost>;
  readonly handlers: HandlersFor<'updates:post' | 'updates:retry'>;
}

/** One delivery attempt: the record, the post and how to record a destination's new state. */
interface Attempt {
  r: IncidentRecord;
  post: UpdatePost;
  previous: DeliveryState;
  set(status: DeliveryState['status'], message?: string, ref?: string): void;
}

/** Posts the update in the incident's Slack channel, unless an interrupted post went out. */
async function toSlack(ctx: AftercareContext, a: Attempt): Promise<void> {
  const { deps } = ctx;
  const slack = deps.integrations().slack;
  if (!slack) return a.set('skipped', 'Slack is not connected (Settings).');
  const channel = targetsOf(ctx, a.r.incident).slackChannel;
  if (!channel) return a.set('skipped', 'No Slack channel is known for this incident.');
  const text = slackUpdateText(a.r.incident, a.post);
  // A post interrupted by a crash may have gone out: look for it before posting again.
  if (a.previous.status === 'pending') {
    try {
      const ts = await slack.findOwnMessage(channel, text);
      if (ts) return a.set('sent', undefined, ts);
    } catch (error) {
      deps.logger.warn('aftercare: could not check Slack history before a retry', {
        error: errorMessage(error),
      });
    }
  }
  a.set('pending');
  try {
    const { ts } = await slack.postMessage(channel, text);
    a.set('sent', undefined, ts);
  } catch (error) {
    a.set('failed', errorMessage(error));
  }
}

/** Updates the incident's status page entry. */
async function toStatuspage(ctx: AftercareContext, a: Attempt): Promise<void> {
  const { deps } = ctx;
  const statuspage = deps.integrations().statuspage;
  if (!statuspage) return a.set('skipped', 'Statuspage is not connected (Settings).');
  const id = targetsOf(ctx, a.r.incident).statuspageIncidentId;
  if (!id) return a.set('skipped', 'This incident has no status page entry.');
  a.set('pending');
  try {
    const answer = await statuspage.updateIncident(id, {
      status: a.post.status,
      body: a.post.message,
    });
    a.set('sent', undefined, answer.id);
  } catch (error) {
    a.set('failed', errorMessage(error));
  }
}

/** Posts the update on the platform (the final one also resolves the incident there). */
async function toPlatform(ctx: AftercareContext, a: Attempt): Promise<void> {
  const { deps } = ctx;
  const platform = deps.integrations().platform;
  if (!platform) return a.set('skipped', 'The Zephyr platform is not connected.');
  const { post } = a;
  a.set('pending');
  try {
    // The key is the post's: a retry after a crash or a failure answers the first update.
    const update = await platform.postUpdate(
      a.r.incidentId,
      { status: post.status, message: post.message },
      `zephyr-aftercare:${post.id}`,
    );
    let incident: Incident | undefined;
    if (post.final) incident = await platform.setStatus(a.r.incidentId, 'resolved');
    const latest = ctx.record(a.r.incidentId);
    if (incident) ctx.save({ ...latest, incident });
    a.set('sent', undefined, update.id);
  } catch (error) {
    a.set('failed', errorMessage(error));
  }
}

const SENDERS: Record<UpdateDestination, (ctx: AftercareContext, a: Attempt) => Promise<void>> = {
  slack: toSlack,
  statuspage: toStatuspage,
  platform: toPlatform,
};

/** Creates the status-update sender. */
export function createStatusUpdates(ctx: AftercareContext): StatusUpdates {
  const { deps } = ctx;
  const newId = deps.newId ?? (() => crypto.randomUUID());
  const inFlight = new Set<string>();

  function delivery(
    status: DeliveryState['status'],
    message?: string,
    ref?: string,
  ): DeliveryState {
    return {
      status,
      at: iso(deps.clock.now()),
      ...(message !== undefined ? { message } : {}),
      ...(ref !== undefined ? { ref } : {}),
    };
  }

  function setDelivery(
    incidentId: string,
    postId: string,
    dest: UpdateDestination,
    state: DeliveryState,
  ): UpdatePost {
    const r = ctx.record(incidentId);
    const posts = r.posts.map((p) =>
      p.id === postId ? { ...p, deliveries: { ...p.deliveries, [dest]: state } } : p,
    );
    ctx.save({ ...r, posts });
    const post = posts.find((p) => p.id === postId);
    if (!post)
      throw new IpcError('not-found', `No update '${postId}' on incident '${incidentId}'.`);
    return post;
  }

  /** Sends one destination of a post; the state is saved before and after. */
  async function deliver(incidentId: string, postId: string, dest: UpdateDestination) {
    const r = ctx.record(incidentId);
    const post = r.posts.find((p) => p.id === postId);
    if (!post) return;
    const previous = post.deliveries[dest];
    if (previous.status === 'sent') return;
    await SENDERS[dest](ctx, {
      r,
      post,
      previous,
      set: (status, message, ref) => {
        setDelivery(incidentId, postId, dest, delivery(status, message, ref));
      },
    });
  }

  async function run(incidentId: string, postId: string): Promise<UpdatePost> {
    const key = `${incidentId}/${postId}`;
    if (inFlight.has(key)) {
      throw new IpcError('conflict', 'This update is being posted right now; wait for the result.');
    }
    inFlight.add(key);
    try {
      for (const dest of DESTINATIONS) await deliver(incidentId, postId, dest);
    } finally {
      inFlight.delete(key);
      ctx.changed();
    }
    const post = ctx.record(incidentId).posts.find((p) => p.id === postId);
    if (!post) throw new IpcError('not-found', `No update '${postId}'.`);
    return post;
  }

  function newPost(
    incidentId: string,
    status: UpdatePost['status'],
    message: string,
    final: boolean,
  ): UpdatePost {
    const r = ctx.record(incidentId);
    const waiting = delivery('pending', 'waiting');
    const post: UpdatePost = {
      id: newId(),
      incidentId,
      status,
      message: message.trim(),
      // In the platform's time, as the clock it resets counts (`update-clock.ts`).
      createdAt: ctx.entryTime(incidentId),
      final,
      deliveries: { slack: waiting, statuspage: waiting, platform: waiting },
    };
    // Saved before anything is sent, so that a crash resumes this post, never a second one.
    ctx.save({ ...r, posts: [...r.posts, post] });
    try {
      ctx.timeline.record([postEntry(post, ctx.me())]);
    } catch (error) {
      // The post itself is saved; the timeline shows it from the post (without its actor).
      deps.logger.warn('aftercare: could not save the timeline', { error: errorMessage(error) });
    }
    return post;
  }

  return {
    newPost,
    run,
    handlers: {
      'updates:post': async ({ incidentId, status, message }) => {
        const r = ctx.record(incidentId);
        if (r.incident.status === 'resolved') {
          throw new IpcError(
            'conflict',
            `Incident ${incidentId} is resolved; it takes no more updates.`,
          );
        }
        const post = newPost(incidentId, status, message, false);
        return run(incidentId, post.id);
      },
      'updates:retry': async ({ incidentId, updateId }) => {
        const post = ctx.record(incidentId).posts.find((p) => p.id === updateId);
        if (!post)
          throw new IpcError('not-found', `No update '${updateId}' on incident '${incidentId}'.`);
        return run(incidentId, updateId);
      },
    },
  };
}
