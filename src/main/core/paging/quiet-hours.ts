/**
 * Quiet hours for low urgency (issue 13, item 6). A low-urgency page of mine (it never rings; see
 * the tracker) is shown as one quiet notification while I am on shift and outside my quiet hours
 * (Settings: start/end, local `HH:MM`). Outside my shift or in my quiet hours it is held, when the
 * playbook's `pager.holdLowUrgency` says so, and the held pages still open are shown as one digest
 * at the next moment they would not be held (the shift starts, the quiet hours end). High urgency
 * is never touched: it rings as always.
 */
import type { Person } from '../../../shared/domain.js';
import type { Clock, Logger, NotificationRequest, Notifier } from '../ports.js';
import { involvesMe, type TrackedPage } from './page-tracker.js';

/** Tag of the digest notification. */
export const LOW_URGENCY_DIGEST_TAG = 'low-urgency-digest';
/** Tag prefix of one low-urgency page's quiet notification. */
export const LOW_URGENCY_TAG = 'low-urgency:';

/** Quiet hours as set in Settings: local `HH:MM` each; empty means none. */
export interface QuietHoursSetting {
  start: string;
  end: string;
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after local midnight of `hhmm`, or `undefined` when it is not a valid `HH:MM`. */
export function parseHhMm(hhmm: string): number | undefined {
  const m = HHMM.exec(hhmm.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

/** Minutes after local midnight at `now` (the laptop's time zone). */
export function localMinutes(now: number): number {
  const d = new Date(now);
  return d.getHours() * 60 + d.getMinutes();
}

/** True when `minuteOfDay` falls in `[start, end)`; a range past midnight wraps (22:00–07:00). */
export function inQuietHours(minuteOfDay: number, q: QuietHoursSetting): boolean {
  const start = parseHhMm(q.start);
  const end = parseHhMm(q.end);
  if (start === undefined || end === undefined || start === end) return false;
  return start < end
    ? minuteOfDay >= start && minuteOfDay < end
    : minuteOfDay >= start || minuteOfDay < end;
}

/** The digest of `held` pages, as one quiet notification. */
export function digestNotification(held: readonly TrackedPage[]): NotificationRequest {
  const n = held.length;
  return {
    tag: LOW_URGENCY_DIGEST_TAG,
    title: `${n} low-urgency page${n === 1 ? '' : 's'} held while you were off`,
    body: held.map((p) => `• ${p.page.title}`).join('\n'),
    urgency: 'low',
    actions: [{ id: 'open', label: 'Open' }],
    sticky: false,
    sound: false,
  };
}

/** What the hold needs. */
export interface LowUrgencyHoldDeps {
  clock: Clock;
  logger: Logger;
  notifier: Pick<Notifier, 'show'>;
  pages(): readonly TrackedPage[];
  me(sourceId: string): Person | undefined;
  onCall(): boolean;
  quietHours(): QuietHoursSetting;
  /** The playbook's `pager.holdLowUrgency`. */
  holdEnabled(): boolean;
  /** Local minutes after midnight (tests pin the time zone); `localMinutes` by default. */
  minuteOfDay?(now: number): number;
}

/** Low-urgency pages: shown quietly, or held for a digest. */
export interface LowUrgencyHold {
  /** Looks at new low-urgency pages; shows the digest when holding just stopped. */
  sync(): void;
  /** Whether low-urgency pages are held at this moment. */
  holding(): boolean;
  /** The held pages still open. */
  held(): TrackedPage[];
}

/** Builds the hold; it remembers which pages it has handled so each is shown once. */
export function createLowUrgencyHold(deps: LowUrgencyHoldDeps): LowUrgencyHold {
  const handled = new Set<string>();
  const held = new Map<string, TrackedPage>();

  function holding(): boolean {
    if (!deps.holdEnabled()) return false;
    if (!deps.onCall()) return true;
    const minute = (deps.minuteOfDay ?? localMinutes)(deps.clock.now());
    return inQuietHours(minute, deps.quietHours());
  }

  function mineAndLow(p: TrackedPage): boolean {
    const me = deps.me(p.sourceId);
    return (
      p.page.urgency === 'low' && p.page.status === 'triggered' && !!me && involvesMe(p.page, me)
    );
  }

  function show(request: NotificationRequest): void {
    void deps.notifier.show(request).catch((error: unknown) => {
      deps.logger.error('low-urgency notification failed', { error: String(error) });
    });
  }

  function sync(): void {
    const open = deps.pages().filter(mineAndLow);
    const openKeys = new Set(open.map((p) => p.key));
    for (const key of [...held.keys()]) if (!openKeys.has(key)) held.delete(key);
    for (const key of [...handled]) if (!openKeys.has(key)) handled.delete(key);
    const hold = holding();
    for (const p of open) {
      if (handled.has(p.key)) continue;
      handled.add(p.key);
      if (hold) {
        deps.logger.info('low-urgency page held', { key: p.key });
        held.set(p.key, p);
      } else {
        show({
          tag: LOW_URGENCY_TAG + p.key,
          title: `Low urgency: ${p.page.title}`,
          body: p.page.service ?? 'Shown quietly; it does not ring.',
          urgency: 'low',
          actions: [],
          sticky: false,
          sound: false,
        });
      }
    }
    if (!hold && held.size > 0) {
      const list = [...held.values()];
      held.clear();
      deps.logger.info('low-urgency digest', { count: list.length });
      show(digestNotification(list));
    }
  }

  return { sync, holding, held: () => [...held.values()] };
}
