/**
 * One source at work: its feed loops (pages, rotations, me, and incidents where the source keeps
 * them), its feed health, and what the last answers said (cursor, ETag, rotations, open
 * incidents, clock skew). Each loop is a `FeedPoller` set up by `feedLoop` below, the one place
 * that knows the poller options every feed shares; what an answer means is left to the hooks.
 */
import type { Incident, Page, Person, Rotation } from '../../../shared/domain.js';
import type { SourceSnapshot } from '../app-state/state-projection.js';
import type { Clock, Logger, Notifier, PagePoll, PageSource } from '../ports.js';
import { OFF_CALL_BACKOFF, ON_CALL_BACKOFF } from './backoff.js';
import { FeedHealth } from './feed-health.js';
import { FeedPoller } from './poller.js';
import { LONG_POLL_WAIT_SECONDS, REQUEST_GRACE_MS } from './zephyr-client.js';

/** How often rotations are refreshed. */
export const ROTATIONS_INTERVAL_MS = 60_000;
/** How often open incidents are refreshed. */
export const INCIDENTS_INTERVAL_MS = 15_000;
/** How often "me" is refreshed once known. */
export const ME_INTERVAL_MS = 15 * 60_000;
/**
 * A change of the measured skew at least this large means a clock moved (the source's, or the
 * laptop's after a sleep or a correction), not the `Date` header's one-second resolution.
 */
export const CLOCK_MOVED_MS = 5_000;
/**
 * How far two measurements of an unmoved skew may differ (the `Date` header counts whole seconds),
 * with margin: times stamped a moment apart in the source's time are kept in order within it.
 */
export const SKEW_JITTER_MS = 2_000;

/** A running source and what its feeds last said. */
export interface SourceRuntime {
  source: PageSource;
  health: FeedHealth;
  pollers: FeedPoller<unknown>[];
  pagesPoller?: FeedPoller<PagePoll>;
  cursor?: string;
  /** The last long-poll answer moved the cursor: ask again at once, more may be waiting. */
  cursorAdvanced: boolean;
  etag?: string;
  pagesInvalid: string[];
  rotations: Rotation[];
  /** Open incidents (resolved ones are left out). */
  incidents: Incident[];
  /** The source's clock minus the laptop's. */
  skewMs: number;
  /** Records a measured skew (`skewMs`), telling when the clock moved. */
  takeSkew(skewMs: number): void;
}

/** What a source runtime needs from the app around it. */
export interface SourceRuntimeDeps {
  clock: Clock;
  logger: Logger;
  notifier: Notifier;
  /** Feed alarm threshold (setting `feedAlarmSeconds`). */
  alarmAfterMs(): number;
  /** Spacing of page polls where the source has no long poll (setting `pollIntervalSeconds`). */
  pollIntervalMs(): number;
  /** Whether I am on call now: it picks the back-off and arms the feed alarm. */
  onCall(): boolean;
  /** Whether I know who I am at `sourceId` (until then, nothing can ring: alarm as if on call). */
  meKnown(sourceId: string): boolean;
  /** A page poll brought a new open feed of `rt.source` (before its health is updated). */
  applyPages(rt: SourceRuntime, pages: Page[]): void;
  /** The source said who I am there (before its health is updated). */
  knowMe(rt: SourceRuntime, me: Person): void;
  /** A feed answered and its health is updated; `rt` holds what it said. */
  onFeed(rt: SourceRuntime, feed: Feed): void;
  /** Anything shown changed (health included). */
  onChange(): void;
  /**
   * The source's clock moved against the laptop's by `byMs` (at least `CLOCK_MOVED_MS`): timers
   * set in platform time (shift boundaries, reminders) are due again.
   */
  onClockMoved?(rt: SourceRuntime, byMs: number): void;
  /** What to do about a refused token of `source` (see `FeedHealthOptions.tokenAdvice`). */
  tokenAdvice?(source: PageSource): string;
}

/** The feeds of a source. */
export type Feed = 'pages' | 'rotations' | 'me' | 'incidents';

/** Builds the runtime of `source` and starts its feed loops. */
export function startSourceRuntime(source: PageSource, deps: SourceRuntimeDeps): SourceRuntime {
  const { clock, logger } = deps;
  const health = new FeedHealth({
    sourceId: source.id,
    label: source.label,
    clock,
    notifier: deps.notifier,
    logger,
    alarmAfterMs: deps.alarmAfterMs,
    isOnCall: () => deps.onCall() || !deps.meKnown(source.id),
    ...(deps.tokenAdvice ? { tokenAdvice: () => deps.tokenAdvice?.(source) ?? '' } : {}),
    onChange: deps.onChange,
  });
  const rt: SourceRuntime = {
    source,
    health,
    pollers: [],
    cursorAdvanced: false,
    pagesInvalid: [],
    rotations: [],
    incidents: [],
    skewMs: 0,
    takeSkew: () => {},
  };
  const backoff = () => (deps.onCall() ? ON_CALL_BACKOFF : OFF_CALL_BACKOFF);
  // The first answer measures the skew; a later one that differs by CLOCK_MOVED_MS moved it.
  let measured = false;
  rt.takeSkew = (skewMs) => {
    const byMs = skewMs - rt.skewMs;
    rt.skewMs = skewMs;
    const moved = measured && Math.abs(byMs) >= CLOCK_MOVED_MS;
    measured = true;
    if (moved) {
      logger.info('source clock moved', { source: source.id, byMs });
      deps.onClockMoved?.(rt, byMs);
    }
  };

  /** The one poller set-up: name, clock, logger, back-off and failures are the same for every feed. */
  function feedLoop<T>(
    feed: Feed,
    run: (signal: AbortSignal) => Promise<T>,
    onSuccess: (answer: T) => void,
    spacingMs: () => number,
    timeoutMs: () => number = () => REQUEST_GRACE_MS,
  ): FeedPoller<T> {
    const poller = new FeedPoller<T>({
      name: `${source.id}/${feed}`,
      clock,
      logger,
      run,
      onSuccess,
      onFailure: (error) => health.recordFailure(feed, error),
      spacingMs,
      timeoutMs,
      backoff,
    });
    rt.pollers.push(poller as FeedPoller<unknown>);
    return poller;
  }

  feedLoop(
    'me',
    (signal) => source.me(signal),
    (person) => {
      deps.knowMe(rt, person);
      health.recordSuccess('me');
      deps.onFeed(rt, 'me');
    },
    () => ME_INTERVAL_MS,
  );
  rt.pagesPoller = pagesLoop(rt, deps, feedLoop);
  feedLoop(
    'rotations',
    (signal) => source.rotations(signal),
    (answer) => {
      rt.rotations = answer.rotations;
      rt.takeSkew(answer.skewMs);
      health.recordSuccess('rotations', answer.invalid);
      deps.onFeed(rt, 'rotations');
    },
    () => ROTATIONS_INTERVAL_MS,
  );
  const fetchIncidents = source.incidents?.bind(source);
  if (fetchIncidents) {
    feedLoop(
      'incidents',
      (signal) => fetchIncidents(signal),
      (answer) => {
        rt.incidents = answer.incidents.filter((i) => i.status !== 'resolved');
        health.recordSuccess('incidents', answer.invalid);
        deps.onFeed(rt, 'incidents');
      },
      () => INCIDENTS_INTERVAL_MS,
    );
  }
  for (const poller of rt.pollers) poller.start();
  return rt;
}

/** The pages loop: long poll where the source has it (cursor), else polling with `ETag`. */
function pagesLoop(
  rt: SourceRuntime,
  deps: SourceRuntimeDeps,
  feedLoop: <T>(
    feed: Feed,
    run: (signal: AbortSignal) => Promise<T>,
    onSuccess: (answer: T) => void,
    spacingMs: () => number,
    timeoutMs?: () => number,
  ) => FeedPoller<T>,
): FeedPoller<PagePoll> {
  const { source } = rt;
  const waitSeconds = source.supportsLongPoll ? LONG_POLL_WAIT_SECONDS : undefined;
  return feedLoop<PagePoll>(
    'pages',
    (signal) =>
      source.pollPages(
        {
          ...(rt.cursor !== undefined ? { cursor: rt.cursor } : {}),
          ...(rt.etag !== undefined ? { etag: rt.etag } : {}),
          ...(waitSeconds !== undefined ? { waitSeconds } : {}),
        },
        signal,
      ),
    (poll) => {
      rt.takeSkew(poll.skewMs);
      rt.cursorAdvanced = poll.changed && poll.cursor !== undefined && poll.cursor !== rt.cursor;
      if (poll.changed) {
        rt.cursor = poll.cursor;
        rt.etag = poll.etag;
        rt.pagesInvalid = poll.invalid;
        deps.applyPages(rt, poll.pages);
      }
      rt.health.recordSuccess('pages', rt.pagesInvalid);
      deps.onFeed(rt, 'pages');
    },
    // A long poll waits on the server: after a change, ask again at once; after an answer that
    // moved nothing (a server ignoring `wait`), keep a short breath.
    () => (waitSeconds !== undefined ? (rt.cursorAdvanced ? 0 : 1_000) : deps.pollIntervalMs()),
    () => (waitSeconds ?? 0) * 1000 + REQUEST_GRACE_MS,
  );
}

/** Stops the runtime's loops and its feed alarm. */
export function stopSourceRuntime(rt: SourceRuntime): void {
  for (const poller of rt.pollers) poller.stop();
  rt.health.stop();
}

/** What the state projection needs of a runtime; `me` is who I am at its source. */
export function snapshotOf(rt: SourceRuntime, me: Person | undefined): SourceSnapshot {
  return {
    id: rt.source.id,
    kind: rt.source.kind,
    label: rt.source.label,
    demo: rt.source.demo,
    health: rt.health.view(),
    trayDown: rt.health.trayDown,
    me,
    rotations: rt.rotations,
    incidents: rt.incidents,
    skewMs: rt.skewMs,
  };
}
