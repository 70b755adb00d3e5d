/**
 * Health of one source's feeds, and its alarm. Silence must never look like "no pages": while I am
 * on call, a feed failing for `alarmAfterMs` (60 s by default) raises the alarm, a critical
 * notification "Cannot reach the platform: you may miss pages" naming the source and the reason,
 * repeated every 5 minutes until the feed recovers. A refused token (401/403) alarms at once, on
 * call or not. Invalid items make the feed "degraded": shown, but not the down alarm.
 */
import type { FeedHealthState, SourceView } from '../../../shared/domain.js';
import type { Clock, Logger, Notifier, SourceError, TimerHandle } from '../ports.js';

/** Title of the feed alarm notification. */
export const FEED_ALARM_TITLE = 'Cannot reach the platform: you may miss pages';

/** Tag of a source's feed alarm notification. */
export function feedAlarmTag(sourceId: string): string {
  return `feed-alarm:${sourceId}`;
}

/** What a `FeedHealth` needs. */
export interface FeedHealthOptions {
  sourceId: string;
  label: string;
  clock: Clock;
  notifier: Notifier;
  logger: Logger;
  /** Failure duration that raises the alarm while on call (`feedAlarmSeconds`). */
  alarmAfterMs(): number;
  /** How often the alarm notification repeats; 5 minutes by default. */
  repeatMs?: number;
  isOnCall(): boolean;
  /**
   * What to do about a refused token (read at each use); default "set a new one in Settings".
   * A token set in the environment says to change the environment instead.
   */
  tokenAdvice?(): string;
  /** Called whenever `view()` may have changed. */
  onChange(): void;
}

/** Tracks one source's feeds; see the module comment. */
export class FeedHealth {
  private readonly startedAt: number;
  private lastSuccessAt: number | undefined;
  private readonly failing = new Map<string, { since: number; error: SourceError }>();
  private readonly invalid = new Map<string, string[]>();
  /** 401/403 per feed; only a success of that same feed clears it (a read that works does not
   * prove the acknowledgement's rights came back). */
  private readonly refused = new Map<string, { since: number; error: SourceError }>();
  private alarmed = false;
  private checkTimer: TimerHandle | undefined;
  private repeatTimer: TimerHandle | undefined;
  private stopped = false;

  constructor(private readonly options: FeedHealthOptions) {
    this.startedAt = options.clock.now();
  }

  /** A request of `feed` succeeded; `invalid` lists the items it left out. */
  recordSuccess(feed: string, invalid: string[] = []): void {
    this.lastSuccessAt = this.options.clock.now();
    this.failing.delete(feed);
    this.refused.delete(feed);
    if (invalid.length > 0) this.invalid.set(feed, invalid);
    else this.invalid.delete(feed);
    this.evaluate();
  }

  /** A request of `feed` failed. A 401/403 (`unauthorized`) raises the alarm at once. */
  recordFailure(feed: string, error: SourceError): void {
    const now = this.options.clock.now();
    if (error.kind === 'unauthorized') {
      this.refused.set(feed, { since: this.refused.get(feed)?.since ?? now, error });
    } else {
      // Until the first success, the feed has been silent since the app started.
      const since =
        this.failing.get(feed)?.since ?? (this.lastSuccessAt === undefined ? this.startedAt : now);
      this.failing.set(feed, { since, error });
    }
    this.evaluate();
  }

  /** The earliest refusal still standing, if any. */
  private get unauthorized(): { since: number; error: SourceError } | undefined {
    let first: { since: number; error: SourceError } | undefined;
    for (const r of this.refused.values()) if (!first || r.since < first.since) first = r;
    return first;
  }

  /** Re-checks the alarm (call when on-call status or the threshold changes). */
  evaluate(): void {
    if (this.stopped) return;
    const before = this.alarmed;
    this.alarmed = this.computeAlarm();
    if (this.alarmed && !before) {
      this.notify();
      this.scheduleRepeat();
    } else if (!this.alarmed && before) {
      this.clearRepeat();
      void this.options.notifier.close(feedAlarmTag(this.options.sourceId)).catch(() => {});
      this.options.logger.info('feed alarm cleared', { source: this.options.sourceId });
    }
    this.scheduleCheck();
    this.options.onChange();
  }

  /** True when the alarm is raised. */
  get alarm(): boolean {
    return this.alarmed;
  }

  /** True when the tray should show the feed as down: alarmed, or failing past the threshold. */
  get trayDown(): boolean {
    const since = this.failingSince();
    return (
      this.alarmed ||
      this.unauthorized !== undefined ||
      (since !== undefined && this.options.clock.now() - since >= this.options.alarmAfterMs())
    );
  }

  /** The health part of the source's view. */
  view(): SourceView['health'] {
    const since = this.failingSince();
    const iso = (ms: number | undefined) =>
      ms === undefined ? undefined : new Date(ms).toISOString();
    let state: FeedHealthState;
    let message: string | undefined;
    const invalid = [...this.invalid.values()].flat();
    if (this.unauthorized) {
      state = 'unauthorized';
      message = this.reason();
    } else if (this.failing.size > 0) {
      state = 'down';
      message = this.reason();
    } else if (invalid.length > 0) {
      state = 'degraded';
      message = `${invalid.length} item(s) left out as invalid: ${invalid.join('; ')}`;
    } else {
      state = this.lastSuccessAt === undefined ? 'starting' : 'ok';
    }
    return {
      state,
      alarm: this.alarmed,
      ...(message !== undefined ? { message } : {}),
      ...(this.lastSuccessAt !== undefined ? { lastSuccessAt: iso(this.lastSuccessAt) } : {}),
      ...(since !== undefined ? { failingSince: iso(since) } : {}),
    };
  }

  /** Stops timers; closes the alarm notification. */
  stop(): void {
    this.stopped = true;
    this.clearRepeat();
    if (this.checkTimer !== undefined) this.options.clock.clearTimeout(this.checkTimer);
    if (this.alarmed)
      void this.options.notifier.close(feedAlarmTag(this.options.sourceId)).catch(() => {});
  }

  private failingSince(): number | undefined {
    const times = [...this.failing.values()].map((f) => f.since);
    if (this.unauthorized) times.push(this.unauthorized.since);
    return times.length > 0 ? Math.min(...times) : undefined;
  }

  private reason(): string {
    if (this.unauthorized) {
      const status = this.unauthorized.error.status;
      const advice = this.options.tokenAdvice?.() ?? 'set a new one in Settings';
      return `the platform refused the token${status ? ` (${status})` : ''}: it may have been revoked; ${advice}`;
    }
    const first = [...this.failing.entries()][0];
    if (!first) return '';
    const [feed, { error }] = first;
    return `${feed} feed: ${error.message}`;
  }

  private computeAlarm(): boolean {
    if (this.unauthorized) return true;
    const since = this.failingSince();
    if (since === undefined || !this.options.isOnCall()) return false;
    return this.options.clock.now() - since >= this.options.alarmAfterMs();
  }

  private notify(): void {
    const { sourceId, label, notifier, logger } = this.options;
    logger.warn('feed alarm', { source: sourceId, reason: this.reason() });
    void notifier
      .show({
        tag: feedAlarmTag(sourceId),
        title: FEED_ALARM_TITLE,
        body: `${label}: ${this.reason()}. Pages may not reach you until it recovers.`,
        urgency: 'critical',
        actions: [{ id: 'open', label: 'Open' }],
        sticky: true,
        sound: true,
      })
      .catch((error: unknown) =>
        logger.error('feed alarm notification failed', { error: String(error) }),
      );
  }

  private scheduleRepeat(): void {
    this.clearRepeat();
    this.repeatTimer = this.options.clock.setTimeout(
      () => {
        this.repeatTimer = undefined;
        if (!this.alarmed || this.stopped) return;
        this.notify();
        this.scheduleRepeat();
      },
      this.options.repeatMs ?? 5 * 60_000,
    );
  }

  private clearRepeat(): void {
    if (this.repeatTimer !== undefined) this.options.clock.clearTimeout(this.repeatTimer);
    this.repeatTimer = undefined;
  }

  /** Wakes up when the failure crosses the threshold, so the alarm does not wait for a poll. */
  private scheduleCheck(): void {
    if (this.checkTimer !== undefined) this.options.clock.clearTimeout(this.checkTimer);
    this.checkTimer = undefined;
    const since = this.failingSince();
    if (this.alarmed || since === undefined) return;
    const due = since + this.options.alarmAfterMs() - this.options.clock.now();
    // Past the threshold and still quiet means off call: `evaluate()` runs again when that changes.
    if (due <= 0) return;
    this.checkTimer = this.options.clock.setTimeout(() => {
      this.checkTimer = undefined;
      this.evaluate();
    }, due);
  }
}
