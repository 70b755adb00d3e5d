/**
 * When a status update resets the 15-minute clock. The policy: updates land "in the channel and on
 * the status page". So a post counts only once BOTH the Slack channel and the status page got it,
 * or the one missing is not connected (skipped: no integration, no channel, no status page entry,
 * e.g. a SEV-3 whose entry was unticked at review). A failed or unconfirmed destination keeps the
 * clock (and its reminders) going; the platform alone never resets it. Pure.
 */
import type { UpdatePost } from '../../../shared/aftercare/views.js';
import type { IncidentRecord } from './aftercare-store.js';

const REQUIRED = ['slack', 'statuspage'] as const;

/** True when `post` resets the clock (see the module comment). */
export function resetsClock(post: UpdatePost): boolean {
  const d = post.deliveries;
  const landed = REQUIRED.every((k) => d[k].status === 'sent' || d[k].status === 'skipped');
  const anywhere = REQUIRED.some((k) => d[k].status === 'sent') || d.platform.status === 'sent';
  return landed && anywhere;
}

/** When the clock last reset from an update posted here, or `null`. */
export function lastResetAt(r: IncidentRecord): number | null {
  const times = r.posts.filter(resetsClock).map((p) => Date.parse(p.createdAt));
  return times.length > 0 ? Math.max(...times) : null;
}

/**
 * What the console says about the clock: which destination is not connected (so the other alone
 * resets it), or which one the last update did not reach (so the clock keeps running); `null`
 * when there is nothing to say.
 */
export function clockNote(r: IncidentRecord): string | null {
  const last = r.posts[r.posts.length - 1];
  if (!last) return null;
  const names = { slack: 'the Slack channel', statuspage: 'the status page' } as const;
  const missed = REQUIRED.filter(
    (k) => last.deliveries[k].status === 'failed' || last.deliveries[k].status === 'pending',
  );
  if (missed.length > 0) {
    return `The last update did not reach ${missed.map((k) => names[k]).join(' or ')}: the clock keeps running until it does (retry it).`;
  }
  const skipped = REQUIRED.filter((k) => last.deliveries[k].status === 'skipped');
  if (skipped.length === 1 && skipped[0]) {
    const k = skipped[0];
    return `${last.deliveries[k].message ?? `${names[k]} is not connected.`} Updates reset the clock without ${names[k]}.`;
  }
  return null;
}
