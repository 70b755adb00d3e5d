/**
 * The pager's notices as the UI shows them (issue 13): the shift readiness check, the quiet shift
 * start and end, and the low-urgency digest are desktop notifications, and the same words are kept
 * here for Now, so a host with no notification server (the Node host in a browser) or a missed
 * notification still shows them. One notice per tag, as on the desktop (the shift's end replaces
 * its start); the shift start also retires the readiness notice. Each stays until dismissed.
 */
import type { PagerNotice } from '../../shared/domain.js';
import { READINESS_TAG, SHIFT_NOTICE_TAG } from './on-call/readiness.js';
import { LOW_URGENCY_DIGEST_TAG } from './paging/quiet-hours.js';
import type { Clock, NotificationRequest, Notifier } from './ports.js';

/** Tags of the notifications kept as notices. */
const NOTICE_TAGS = new Set([READINESS_TAG, SHIFT_NOTICE_TAG, LOW_URGENCY_DIGEST_TAG]);

/** The notices, newest first. */
export interface NoticeBoard {
  list(): PagerNotice[];
  /** Removes the notice of `tag`; false when there was none. */
  dismiss(tag: string): boolean;
  /**
   * `notifier` with every notice it shows kept here too; `onChange` runs after any show or close
   * (a reminder appearing or going changes what the UI shows as well).
   */
  wrap(notifier: Notifier, onChange: () => void): Pick<Notifier, 'show' | 'close'>;
}

/** Builds an empty board. */
export function createNoticeBoard(clock: Clock): NoticeBoard {
  const notices = new Map<string, PagerNotice>();

  function record(request: NotificationRequest): void {
    if (!NOTICE_TAGS.has(request.tag)) return;
    if (request.tag === SHIFT_NOTICE_TAG) notices.delete(READINESS_TAG);
    notices.delete(request.tag);
    notices.set(request.tag, {
      tag: request.tag,
      title: request.title,
      body: request.body,
      urgency: request.urgency,
      at: new Date(clock.now()).toISOString(),
      actions: request.actions,
    });
  }

  return {
    list: () => [...notices.values()].reverse(),
    dismiss: (tag) => notices.delete(tag),
    wrap: (notifier, onChange) => ({
      show(request) {
        record(request);
        onChange();
        return notifier.show(request);
      },
      close(tag) {
        onChange();
        return notifier.close(tag);
      },
    }),
  };
}
