/**
 * The heart of the main process, the same under Electron and the Node host. It resolves the
 * configuration, builds the sources, runs their feed loops (pages, rotations, me), decides what
 * rings (`PageTracker`), acknowledges through the persistent outbox, raises feed alarms
 * (`FeedHealth`), drives notifications, the alert and the tray, and answers every IPC command.
 *
 * Ringing: each ringing page has one critical, sticky notification (tag = page key) with an
 * Acknowledge action, re-sent every 60 s with the same tag (it replaces, never stacks) until the
 * page stops ringing, when it is closed. The alert presenter is told whenever the ringing set
 * changes. A heads-up (I am next on someone else's page) gets one quiet notification per page.
 *
 * Tray commands the host handles itself (`open`, `quit`, `declare`) go to
 * `AppServiceDeps.onTrayCommand`; a click on a ring notification's body brings the alert forward
 * (`alerts.present`), or asks the host to `open` when there is no alert presenter.
 *
 * Sources that keep incidents (`PageSource.incidents`) are polled for the open ones; any open
 * incident puts the tray in its `incident` state (below feed-down and paged).
 */
import { IpcError, Settings } from '../../shared/contract.js';
import { escalationCountdown, formatMmSs } from '../../shared/countdown.js';
import type {
  AppState,
  Incident,
  PageView,
  Person,
  Rotation,
  RotationView,
  ShiftView,
  SourceView,
  TrayState,
} from '../../shared/domain.js';
import { OFF_CALL_BACKOFF, ON_CALL_BACKOFF } from './backoff.js';
import { managedBy, resolveConfig, type EffectiveConfig } from './config.js';
import { FEED_ALARM_TITLE, FeedHealth } from './feed-health.js';
import { AckOutbox, type OutboxEvent, type OutboxSnapshot } from './outbox.js';
import { PageTracker, type TrackedPage, type TrackerSnapshot } from './page-tracker.js';
import { FeedPoller, toSourceError } from './poller.js';
import {
  type AppCommandName,
  type AppService,
  type AppServiceDeps,
  type HandlersFor,
  type PagePoll,
  type PageSource,
  type TimerHandle,
  type TrayMenuItem,
} from './ports.js';
import { LONG_POLL_WAIT_SECONDS, REQUEST_GRACE_MS } from './zephyr-client.js';

/** How often a ringing page's notification is shown again (same tag: it replaces itself). */
export const RING_RESEND_MS = 60_000;
/** How often rotations are refreshed. */
export const ROTATIONS_INTERVAL_MS = 60_000;
/** How often open incidents are refreshed. */
export const INCIDENTS_INTERVAL_MS = 15_000;
/** How often "me" is refreshed once known. */
export const ME_INTERVAL_MS = 15 * 60_000;
/** State-change events within this window are coalesced into one. */
export const EMIT_COALESCE_MS = 50;
/** Tag of the "some pages may not reach you" notification. */
export const REACHABILITY_TAG = 'reachability';
/** Tooltip line whenever a demo source is in use. */
export const DEMO_TOOLTIP = 'Demo platform: not connected to your pager';

/** Tray menu ids. */
export const TRAY_IDS = {
  ack: (key: string) => `ack:${key}`,
  sendTest: 'send-test',
  open: 'open',
  declare: 'declare',
  quit: 'quit',
} as const;

interface SourceRuntime {
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
  incidents: Incident[];
  skewMs: number;
}

interface MyShift extends ShiftView {
  startMs: number;
  endMs: number;
}

const SEVERITY_NAMES = { 1: 'SEV-1', 2: 'SEV-2', 3: 'SEV-3' } as const;

function formatWhen(ms: number): string {
  return new Date(ms).toLocaleString(undefined, {
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** Builds the app service over a host's adapters. Nothing runs until `start()`. */
export function createAppService(deps: AppServiceDeps): AppService {
  const { clock, logger, notifier } = deps;
  let config: EffectiveConfig = resolveConfig({
    raw: safeReadSettings(),
    env: deps.env,
    secrets: deps.secrets,
  });
  let runtimes: SourceRuntime[] = [];
  let sourcesError: string | undefined;
  let started = false;
  let lastOnCall = false;
  let reachability: AppState['reachability'] = { ok: true, problems: [] };
  let osLimits: string[] = [];
  const ringTimers = new Map<string, TimerHandle>();
  let presentedSignature = '';
  let emitTimer: TimerHandle | undefined;
  /** Lines other services add to the tray menu (aftercare's incident clocks). */
  let trayExtras: TrayMenuItem[] = [];
  let shiftTimer: TimerHandle | undefined;
  const listeners = new Set<(state: AppState) => void>();
  const unsubscribes: (() => void)[] = [];

  const tracker = new PageTracker({
    store: deps.stores<TrackerSnapshot>('tracker'),
    clock,
    logger,
  });
  const outbox = new AckOutbox({
    store: deps.stores<OutboxSnapshot>('outbox'),
    clock,
    logger,
    source: (id) => runtimes.find((r) => r.source.id === id)?.source,
    onEvent: onOutboxEvent,
  });

  function safeReadSettings(): unknown {
    try {
      return deps.settings.readRaw();
    } catch (error) {
      logger.error('settings file unreadable; using defaults', { error: String(error) });
      return undefined;
    }
  }

  function reloadConfig(): void {
    config = resolveConfig({ raw: safeReadSettings(), env: deps.env, secrets: deps.secrets });
    for (const message of config.errors) logger.warn(message);
    // The playbook file: ZEPHYR_PLAYBOOK, else the setting (read again whenever settings change).
    deps.playbook.setFile?.(config.settings.playbookPath || undefined);
  }

  // ---------------------------------------------------------------- sources and feeds

  function runtimeOf(sourceId: string): SourceRuntime | undefined {
    return runtimes.find((r) => r.source.id === sourceId);
  }

  function backoff() {
    return lastOnCall ? ON_CALL_BACKOFF : OFF_CALL_BACKOFF;
  }

  function startRuntime(source: PageSource): SourceRuntime {
    const health = new FeedHealth({
      sourceId: source.id,
      label: source.label,
      clock,
      notifier,
      logger,
      alarmAfterMs: () => config.settings.feedAlarmSeconds * 1000,
      // Until I know who I am at this source, nothing can ring for me: treat that as on call.
      isOnCall: () => lastOnCall || tracker.me(source.id) === undefined,
      onChange: scheduleEmit,
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
    };
    const waitSeconds = source.supportsLongPoll ? LONG_POLL_WAIT_SECONDS : undefined;

    const pages = new FeedPoller<PagePoll>({
      name: `${source.id}/pages`,
      clock,
      logger,
      run: (signal) =>
        source.pollPages(
          {
            ...(rt.cursor !== undefined ? { cursor: rt.cursor } : {}),
            ...(rt.etag !== undefined ? { etag: rt.etag } : {}),
            ...(waitSeconds !== undefined ? { waitSeconds } : {}),
          },
          signal,
        ),
      onSuccess: (poll) => {
        rt.skewMs = poll.skewMs;
        rt.cursorAdvanced = poll.changed && poll.cursor !== undefined && poll.cursor !== rt.cursor;
        if (poll.changed) {
          rt.cursor = poll.cursor;
          rt.etag = poll.etag;
          rt.pagesInvalid = poll.invalid;
          tracker.applyFeed(source.id, poll.pages);
        }
        health.recordSuccess('pages', rt.pagesInvalid);
        syncRinging();
        scheduleEmit();
      },
      onFailure: (error) => health.recordFailure('pages', error),
      // A long poll waits on the server: after a change, ask again at once; after an answer that
      // moved nothing (a server ignoring `wait`), keep a short breath.
      spacingMs: () =>
        waitSeconds !== undefined
          ? rt.cursorAdvanced
            ? 0
            : 1_000
          : config.settings.pollIntervalSeconds * 1000,
      timeoutMs: () => (waitSeconds ?? 0) * 1000 + REQUEST_GRACE_MS,
      backoff,
    });
    const rotations = new FeedPoller({
      name: `${source.id}/rotations`,
      clock,
      logger,
      run: (signal) => source.rotations(signal),
      onSuccess: (answer) => {
        rt.rotations = answer.rotations;
        rt.skewMs = answer.skewMs;
        health.recordSuccess('rotations', answer.invalid);
        recomputeOnCall();
      },
      onFailure: (error) => health.recordFailure('rotations', error),
      spacingMs: () => ROTATIONS_INTERVAL_MS,
      timeoutMs: () => REQUEST_GRACE_MS,
      backoff,
    });
    const me = new FeedPoller<Person>({
      name: `${source.id}/me`,
      clock,
      logger,
      run: (signal) => source.me(signal),
      onSuccess: (person) => {
        tracker.setMe(source.id, person);
        health.recordSuccess('me');
        syncRinging();
        recomputeOnCall();
      },
      onFailure: (error) => health.recordFailure('me', error),
      spacingMs: () => ME_INTERVAL_MS,
      timeoutMs: () => REQUEST_GRACE_MS,
      backoff,
    });
    rt.pagesPoller = pages;
    rt.pollers = [me, pages, rotations] as FeedPoller<unknown>[];
    const fetchIncidents = source.incidents?.bind(source);
    if (fetchIncidents) {
      const incidents = new FeedPoller({
        name: `${source.id}/incidents`,
        clock,
        logger,
        run: (signal) => fetchIncidents(signal),
        onSuccess: (answer) => {
          rt.incidents = answer.incidents.filter((i) => i.status !== 'resolved');
          health.recordSuccess('incidents', answer.invalid);
          scheduleEmit();
        },
        onFailure: (error) => health.recordFailure('incidents', error),
        spacingMs: () => INCIDENTS_INTERVAL_MS,
        timeoutMs: () => REQUEST_GRACE_MS,
        backoff,
      });
      rt.pollers.push(incidents as FeedPoller<unknown>);
    }
    for (const poller of rt.pollers) poller.start();
    return rt;
  }

  function stopRuntimes(): void {
    for (const rt of runtimes) {
      for (const poller of rt.pollers) poller.stop();
      rt.health.stop();
    }
    runtimes = [];
  }

  async function startSources(): Promise<void> {
    stopRuntimes();
    sourcesError = undefined;
    let sources: PageSource[];
    try {
      sources = await deps.createSources({ settings: config.settings, secret: config.secret });
    } catch (error) {
      sourcesError = error instanceof Error ? error.message : String(error);
      logger.error('could not set up the platform connection', { error: sourcesError });
      void notifier
        .show({
          tag: 'feed-alarm:setup',
          title: FEED_ALARM_TITLE,
          body: `The platform connection could not be set up: ${sourcesError}`,
          urgency: 'critical',
          actions: [{ id: 'open', label: 'Open' }],
          sticky: true,
          sound: true,
        })
        .catch(() => {});
      scheduleEmit();
      return;
    }
    void notifier.close('feed-alarm:setup').catch(() => {});
    if (!started) return;
    runtimes = sources.map(startRuntime);
    outbox.retryNow();
    scheduleEmit();
  }

  // ---------------------------------------------------------------- on call and shifts

  function myShifts(): MyShift[] {
    const result: MyShift[] = [];
    for (const rt of runtimes) {
      const me = tracker.me(rt.source.id);
      if (!me) continue;
      for (const rotation of rt.rotations) {
        for (const shift of rotation.shifts) {
          if (shift.person.id !== me.id) continue;
          result.push({
            rotationId: rotation.id,
            rotationName: rotation.name,
            level: shift.level,
            start: shift.start,
            end: shift.end,
            // Laptop time of the platform's boundaries.
            startMs: Date.parse(shift.start) - rt.skewMs,
            endMs: Date.parse(shift.end) - rt.skewMs,
          });
        }
      }
    }
    return result;
  }

  function recomputeOnCall(): void {
    const now = clock.now();
    const shifts = myShifts();
    const onCall = shifts.some((s) => s.startMs <= now && now < s.endMs);
    const changed = onCall !== lastOnCall;
    lastOnCall = onCall;
    if (changed) {
      logger.info(onCall ? 'shift started' : 'shift ended');
      for (const rt of runtimes) rt.health.evaluate();
      if (onCall) void checkReachability();
    }
    if (shiftTimer !== undefined) clock.clearTimeout(shiftTimer);
    shiftTimer = undefined;
    const boundaries = shifts
      .flatMap((s) => [s.startMs, s.endMs])
      .filter((t) => t > now)
      .sort((a, b) => a - b);
    const next = boundaries[0];
    if (next !== undefined && started) {
      shiftTimer = clock.setTimeout(() => {
        shiftTimer = undefined;
        const startsNow = myShifts().some((s) => s.startMs === next);
        recomputeOnCall();
        // Back-to-back shifts: a new shift starts without on-call changing; check again anyway.
        if (startsNow && lastOnCall) void checkReachability();
      }, next - now);
    }
    scheduleEmit();
  }

  async function checkReachability(): Promise<void> {
    const problems: string[] = [];
    try {
      const caps = await notifier.capabilities();
      if (!caps.available) {
        problems.push(
          caps.problem ?? 'No notification server is running: pages cannot show a notification.',
        );
      } else if (!caps.actions) {
        problems.push(
          caps.problem ??
            'Notifications cannot show an Acknowledge button here; acknowledge from the alert or the tray.',
        );
      }
      if (caps.doNotDisturb === true) {
        problems.push('Do Not Disturb is on: page notifications may be silenced.');
      }
      if (caps.soundMuted === true) {
        problems.push('Your sound is muted: you will not hear the alarm when a page rings.');
      }
      problems.push(...(caps.extraProblems ?? []));
      osLimits = caps.osLimits ?? [];
    } catch (error) {
      problems.push(
        `Could not check notifications: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    reachability = { ok: problems.length === 0, problems };
    // Reported the way feed health is: in the tray's tooltip and as a notification (where one can
    // show at all), not only inside the window.
    if (problems.length > 0) {
      logger.warn('reachability problems', { problems });
      void notifier
        .show({
          tag: REACHABILITY_TAG,
          title: 'Some pages may not reach you',
          body: problems.join(' '),
          urgency: 'normal',
          actions: [{ id: 'open', label: 'Open' }],
          sticky: false,
          sound: false,
        })
        .catch(() => {});
    } else {
      void notifier.close(REACHABILITY_TAG).catch(() => {});
    }
    scheduleEmit();
  }

  // ---------------------------------------------------------------- ringing

  function sourceLabel(sourceId: string): string {
    return runtimeOf(sourceId)?.source.label ?? sourceId;
  }

  function ringBody(p: TrackedPage): string {
    const rt = runtimeOf(p.sourceId);
    const countdown = escalationCountdown(p.page, clock.now(), rt?.skewMs ?? 0);
    const parts = [
      p.page.severity !== undefined ? SEVERITY_NAMES[p.page.severity] : undefined,
      p.page.service,
      sourceLabel(p.sourceId) + (rt?.source.demo ? ' (demo)' : ''),
      countdown.label,
    ];
    return parts.filter((x): x is string => !!x).join(' · ');
  }

  function showRing(p: TrackedPage): void {
    void notifier
      .show({
        tag: p.key,
        title: p.page.test ? `Test page: ${p.page.title}` : `Paged: ${p.page.title}`,
        body: ringBody(p),
        urgency: 'critical',
        actions: [{ id: 'acknowledge', label: 'Acknowledge' }],
        sticky: true,
        sound: true,
      })
      .catch((error: unknown) =>
        logger.error('page notification failed', { key: p.key, error: String(error) }),
      );
  }

  function scheduleResend(key: string): void {
    ringTimers.set(
      key,
      clock.setTimeout(() => {
        const p = tracker.get(key);
        if (!p?.ringing) return;
        showRing(p);
        scheduleResend(key);
      }, RING_RESEND_MS),
    );
  }

  function showHeadsUp(p: TrackedPage): void {
    const rt = runtimeOf(p.sourceId);
    const countdown = escalationCountdown(p.page, clock.now(), rt?.skewMs ?? 0);
    const when = countdown.msLeft !== null ? `in ${formatMmSs(countdown.msLeft)}` : 'soon';
    void notifier
      .show({
        tag: `headsup:${p.key}`,
        title: `Heads-up: ${p.page.target.name} is paged`,
        body: `"${p.page.title}" reaches you ${when} if nobody acknowledges.`,
        urgency: 'low',
        actions: [],
        sticky: false,
        sound: false,
      })
      .catch(() => {});
  }

  function pageViews(): PageView[] {
    return tracker.pages().map((p) => {
      const entry = outbox.get(p.key);
      let ack: PageView['ack'] = { state: 'none' };
      if (entry?.state === 'pending') {
        ack = {
          state: 'pending',
          message: entry.message ? `acknowledging… (${entry.message})` : 'acknowledging…',
        };
      } else if (entry && !(entry.state === 'confirmed' && p.ringing)) {
        ack = {
          state: entry.state,
          ...(entry.message !== undefined ? { message: entry.message } : {}),
        };
      }
      return {
        key: p.key,
        sourceId: p.sourceId,
        sourceLabel: sourceLabel(p.sourceId),
        page: p.page,
        ringing: p.ringing,
        headsUp: p.headsUp,
        ack,
        skewMs: runtimeOf(p.sourceId)?.skewMs ?? 0,
      };
    });
  }

  /** Brings notifications and the alert in line with what rings now. */
  function syncRinging(): void {
    const ringing = tracker.pages().filter((p) => p.ringing);
    const keys = new Set(ringing.map((p) => p.key));
    for (const p of ringing) {
      if (ringTimers.has(p.key)) continue;
      logger.info('page rings', { key: p.key });
      void notifier.close(`headsup:${p.key}`).catch(() => {});
      showRing(p);
      scheduleResend(p.key);
    }
    for (const [key, timer] of [...ringTimers]) {
      if (keys.has(key)) continue;
      clock.clearTimeout(timer);
      ringTimers.delete(key);
      logger.info('page stops ringing', { key });
      void notifier.close(key).catch(() => {});
    }
    for (const p of tracker.takeNewHeadsUps()) showHeadsUp(p);
    const signature = JSON.stringify(ringing.map((p) => [p.key, p.page.updatedAt]));
    if (signature !== presentedSignature) {
      presentedSignature = signature;
      presentAlert();
    }
  }

  function presentAlert(): void {
    try {
      deps.alerts?.present(pageViews().filter((v) => v.ringing));
    } catch (error) {
      logger.error('alert presenter failed', { error: String(error) });
    }
  }

  // ---------------------------------------------------------------- acknowledge

  function onOutboxEvent(event: OutboxEvent): void {
    const { entry } = event;
    if (event.kind === 'confirmed') {
      tracker.ackConfirmed(entry.key, event.page);
      runtimeOf(entry.sourceId)?.health.recordSuccess('acknowledge');
    }
    if (event.kind === 'gone') tracker.ackEnded(entry.key);
    if (event.kind === 'unauthorized') {
      tracker.ackFailed(entry.key);
      runtimeOf(entry.sourceId)?.health.recordFailure('acknowledge', event.error);
    }
    if (event.kind === 'confirmed') runtimeOf(entry.sourceId)?.pagesPoller?.pollNow();
    syncRinging();
    scheduleEmit();
  }

  async function acknowledge(key: string): Promise<'pending' | 'confirmed' | 'failed'> {
    const tracked = tracker.get(key);
    if (!tracked) {
      throw new IpcError(
        'not-found',
        `No page "${key}" is known; it may have been resolved already.`,
      );
    }
    const existing = outbox.get(key);
    if (existing?.state === 'pending') return 'pending';
    if (existing?.state === 'confirmed' && !tracked.ringing) return 'confirmed';
    const open = tracker.pages().some((p) => p.key === key);
    if (!open || tracked.page.status === 'resolved') {
      throw new IpcError('conflict', `"${tracked.page.title}" was already resolved.`);
    }
    tracker.markAcknowledging(key);
    outbox.enqueue(key, tracked.sourceId, tracked.page.id);
    logger.info('acknowledging', { key });
    syncRinging();
    scheduleEmit();
    return 'pending';
  }

  // ---------------------------------------------------------------- state

  function rotationViews(): RotationView[] {
    const views: RotationView[] = [];
    for (const rt of runtimes) {
      const t = clock.now() + rt.skewMs;
      for (const rotation of rt.rotations) {
        const now = rotation.shifts
          .filter((s) => Date.parse(s.start) <= t && t < Date.parse(s.end))
          .sort((a, b) => a.level - b.level)
          .map((s) => ({ person: s.person, level: s.level, end: s.end }));
        const nextByLevel = new Map<number, { person: Person; level: number; start: string }>();
        for (const s of rotation.shifts) {
          if (Date.parse(s.start) <= t) continue;
          const known = nextByLevel.get(s.level);
          if (!known || Date.parse(s.start) < Date.parse(known.start)) {
            nextByLevel.set(s.level, { person: s.person, level: s.level, start: s.start });
          }
        }
        views.push({
          sourceId: rt.source.id,
          id: rotation.id,
          name: rotation.name,
          kind: rotation.kind,
          now,
          next: [...nextByLevel.values()].sort((a, b) => a.level - b.level),
        });
      }
    }
    return views;
  }

  function sourceViews(): SourceView[] {
    const views: SourceView[] = runtimes.map((rt) => ({
      id: rt.source.id,
      kind: rt.source.kind,
      label: rt.source.label,
      demo: rt.source.demo,
      health: rt.health.view(),
      me: tracker.me(rt.source.id) ?? null,
    }));
    if (sourcesError !== undefined) {
      views.push({
        id: 'setup',
        kind: 'zephyr',
        label: 'Platform',
        demo: false,
        health: { state: 'down', alarm: true, message: `could not connect: ${sourcesError}` },
        me: null,
      });
    }
    return views;
  }

  function computeState(): AppState {
    const now = clock.now();
    const shifts = myShifts();
    const strip = ({ startMs: _s, endMs: _e, ...view }: MyShift): ShiftView => view;
    const myShiftsNow = shifts.filter((s) => s.startMs <= now && now < s.endMs);
    const upcoming = shifts.filter((s) => s.startMs > now).sort((a, b) => a.startMs - b.startMs);
    const pages = pageViews();
    const sources = sourceViews();
    const feedDown = sourcesError !== undefined || runtimes.some((rt) => rt.health.trayDown);
    const paged = pages.some((p) => p.ringing);
    const onCall = myShiftsNow.length > 0;
    const incidents = runtimes.flatMap((rt) =>
      rt.incidents.map((incident) => ({ sourceId: rt.source.id, incident })),
    );
    const trayState: TrayState = feedDown
      ? 'feed-down'
      : paged
        ? 'paged'
        : incidents.length > 0
          ? 'incident'
          : onCall
            ? 'on-call'
            : 'off-call';
    const playbook = deps.playbook.current();
    const nextShift = upcoming[0];
    return {
      sources,
      onCall,
      myShiftsNow: myShiftsNow.map(strip),
      myNextShift: nextShift ? strip(nextShift) : null,
      rotations: rotationViews(),
      pages,
      incidents,
      tray: {
        state: trayState,
        tooltip: tooltip(trayState, sources, pages, myShiftsNow, nextShift, incidents.length),
      },
      reachability,
      playbook: {
        origin: playbook.origin,
        ...(playbook.error !== undefined ? { error: playbook.error } : {}),
      },
      firstRun: !config.settings.firstRunDone && runtimes.some((rt) => rt.source.demo),
    };
  }

  function tooltip(
    state: TrayState,
    sources: SourceView[],
    pages: PageView[],
    now: MyShift[],
    next: MyShift | undefined,
    openIncidents: number,
  ): string {
    const lines: string[] = [];
    if (state === 'feed-down') {
      const down = sources.filter(
        (s) => s.health.state === 'down' || s.health.state === 'unauthorized',
      );
      const names = down.map((s) => s.label).join(', ') || 'the platform';
      lines.push(`Zephyr On-Call: cannot reach ${names}: you may miss pages`);
    } else if (state === 'paged') {
      const ringing = pages.filter((p) => p.ringing);
      lines.push(
        `Zephyr On-Call: paged: ${ringing.map((p) => `${p.page.title} (via ${p.sourceLabel})`).join(', ')}`,
      );
    } else if (state === 'incident') {
      lines.push(`Zephyr On-Call: ${openIncidents} open incident${openIncidents === 1 ? '' : 's'}`);
    } else if (state === 'on-call') {
      const until = Math.max(...now.map((s) => s.endMs));
      lines.push(
        `Zephyr On-Call: on call (${now.map((s) => s.rotationName).join(', ')}) until ${formatWhen(until)}`,
      );
    } else {
      lines.push(
        next
          ? `Zephyr On-Call: off call; next shift ${next.rotationName}, ${formatWhen(next.startMs)}`
          : 'Zephyr On-Call: off call',
      );
    }
    if (!reachability.ok) lines.push(`Alerts may not reach you: ${reachability.problems[0] ?? ''}`);
    if (sources.some((s) => s.demo)) lines.push(DEMO_TOOLTIP);
    return lines.join('\n');
  }

  function trayMenu(state: AppState): TrayMenuItem[] {
    const items: TrayMenuItem[] = [];
    const onCallNow = state.rotations.filter((r) => r.now.length > 0);
    if (onCallNow.length === 0)
      items.push({ kind: 'label', label: 'Nobody on call (no rotations yet)' });
    for (const r of onCallNow) {
      const names = r.now.filter((s) => s.level === r.now[0]?.level).map((s) => s.person.name);
      items.push({ kind: 'label', label: `On call now, ${r.name}: ${names.join(', ')}` });
    }
    const next = state.myNextShift;
    items.push({
      kind: 'label',
      label: next
        ? `My next shift: ${next.rotationName}, ${formatWhen(Date.parse(next.start))}`
        : 'My next shift: none scheduled',
    });
    items.push({ kind: 'separator' });
    const open = state.pages.filter((p) => p.page.status !== 'resolved');
    if (open.length === 0) items.push({ kind: 'label', label: 'No open pages' });
    for (const p of open) {
      const can =
        p.page.status === 'triggered' &&
        p.ack.state !== 'pending' &&
        !(p.ack.state === 'confirmed');
      items.push({
        kind: 'item',
        id: TRAY_IDS.ack(p.key),
        label: `Acknowledge ${p.page.title} (via ${p.sourceLabel})`,
        enabled: can,
      });
    }
    if (trayExtras.length > 0) items.push({ kind: 'separator' }, ...trayExtras);
    items.push({ kind: 'separator' });
    items.push({ kind: 'item', id: TRAY_IDS.declare, label: 'Declare incident…' });
    items.push({ kind: 'item', id: TRAY_IDS.sendTest, label: 'Send test page' });
    items.push({ kind: 'item', id: TRAY_IDS.open, label: 'Open' });
    items.push({ kind: 'item', id: TRAY_IDS.quit, label: 'Quit' });
    return items;
  }

  function scheduleEmit(): void {
    if (!started || emitTimer !== undefined) return;
    emitTimer = clock.setTimeout(() => {
      emitTimer = undefined;
      emitNow();
    }, EMIT_COALESCE_MS);
  }

  function emitNow(): void {
    const state = computeState();
    try {
      deps.tray?.update(state.tray.state, state.tray.tooltip, trayMenu(state));
    } catch (error) {
      logger.error('tray update failed', { error: String(error) });
    }
    for (const listener of listeners) {
      try {
        listener(state);
      } catch (error) {
        logger.error('state listener failed', { error: String(error) });
      }
    }
  }

  // ---------------------------------------------------------------- entry points

  function onNotificationAction(tag: string, actionId: string): void {
    if (actionId === 'acknowledge') {
      acknowledge(tag).catch((error: unknown) =>
        logger.warn('acknowledge from notification failed', { key: tag, error: String(error) }),
      );
      return;
    }
    const ringing = tracker.get(tag)?.ringing === true;
    if (actionId === 'default' && ringing && deps.alerts) {
      presentAlert();
      return;
    }
    if (actionId === 'default' || actionId === 'open') deps.onTrayCommand?.('open');
  }

  function onTrayMenu(id: string): void {
    if (id.startsWith('ack:')) {
      acknowledge(id.slice(4)).catch((error: unknown) =>
        logger.warn('acknowledge from tray failed', { error: String(error) }),
      );
    } else if (id === TRAY_IDS.sendTest) {
      handlers['pages:send-test']({}).catch((error: unknown) =>
        logger.warn('test page from tray failed', { error: String(error) }),
      );
    } else if (id === 'open' || id === 'quit' || id === 'declare') {
      deps.onTrayCommand?.(id);
    }
  }

  async function withTimeout<T>(run: (signal: AbortSignal) => Promise<T>, ms: number): Promise<T> {
    const controller = new AbortController();
    const timer = clock.setTimeout(() => controller.abort(), ms);
    try {
      return await run(controller.signal);
    } finally {
      clock.clearTimeout(timer);
    }
  }

  async function applySettingsChange(before: EffectiveConfig): Promise<void> {
    reloadConfig();
    const signature = (c: EffectiveConfig) =>
      JSON.stringify([
        c.settings.platformUrl,
        c.secret('platformToken'),
        c.settings.pagerdutyApiUrl,
        c.secret('pagerdutyToken'),
      ]);
    const sourcesChanged = signature(before) !== signature(config);
    if (sourcesChanged && started) {
      logger.info('platform settings changed; reconnecting');
      await startSources();
    }
    for (const rt of runtimes) rt.health.evaluate();
    scheduleEmit();
  }

  async function sendTestPage(): Promise<{ pageId: string }> {
    const rt = runtimes[0];
    if (!rt) {
      throw new IpcError(
        'unavailable',
        `No platform is connected${sourcesError ? `: ${sourcesError}` : ' yet'}.`,
      );
    }
    try {
      const page = await withTimeout((signal) => rt.source.sendTestPage(signal), REQUEST_GRACE_MS);
      rt.pagesPoller?.pollNow();
      return { pageId: page.id };
    } catch (error) {
      const e = toSourceError(error);
      throw new IpcError(
        'unavailable',
        `Could not send the test page through ${rt.source.label}: ${e.message}`,
      );
    }
  }

  const handlers: HandlersFor<AppCommandName> = {
    'app:get-state': async () => computeState(),
    'app:dismiss-first-run': async () => {
      deps.settings.write({ ...config.stored, firstRunDone: true });
      reloadConfig();
      scheduleEmit();
      return {};
    },
    'app:show-main': async ({ route, pageKey }) => ({
      shown: deps.showMain?.(route, pageKey) ?? false,
    }),
    'pages:acknowledge': async ({ key }) => ({ state: await acknowledge(key) }),
    'pages:send-test': sendTestPage,
    // The whole path: a real page through the platform (it rings like any other) and a fresh
    // check of what could stop it reaching me.
    'alerts:test': async () => {
      const { pageId } = await sendTestPage();
      await checkReachability();
      return { pageId, problems: [...reachability.problems, ...osLimits] };
    },
    'alerts:open-external': async ({ url }) => {
      if (!url.startsWith('https://')) {
        throw new IpcError('invalid-payload', 'Only https:// links can be opened.');
      }
      return { opened: await deps.openExternal(url) };
    },
    'settings:get': async () => config.view,
    'settings:update': async ({ patch }) => {
      for (const key of Object.keys(patch)) {
        const env = managedBy(key, deps.env);
        if (env)
          throw new IpcError('conflict', `${key} is managed by ${env} and cannot be changed here.`);
      }
      const parsed = Settings.safeParse({ ...config.stored, ...patch });
      if (!parsed.success) throw new IpcError('invalid-payload', parsed.error.message);
      const before = config;
      deps.settings.write(parsed.data);
      await applySettingsChange(before);
      return config.view;
    },
    'settings:set-secret': async ({ name, value }) => {
      const env = managedBy(name, deps.env);
      if (env)
        throw new IpcError('conflict', `${name} is managed by ${env} and cannot be changed here.`);
      const before = config;
      deps.secrets.set(name, value);
      await applySettingsChange(before);
      return config.view;
    },
    'settings:clear-secret': async ({ name }) => {
      const env = managedBy(name, deps.env);
      if (env)
        throw new IpcError('conflict', `${name} is managed by ${env} and cannot be changed here.`);
      const before = config;
      deps.secrets.delete(name);
      await applySettingsChange(before);
      return config.view;
    },
    'playbook:get': async () => {
      const { playbook, origin, error } = deps.playbook.current();
      return { playbook, origin, ...(error !== undefined ? { error } : {}) };
    },
  };

  return {
    handlers,
    acknowledge,
    async start() {
      if (started) return;
      started = true;
      reloadConfig();
      unsubscribes.push(notifier.onAction(onNotificationAction));
      if (deps.tray) unsubscribes.push(deps.tray.onMenu(onTrayMenu));
      unsubscribes.push(deps.playbook.onChange(scheduleEmit));
      // Pages that were ringing when the app stopped ring again at once, before any poll.
      syncRinging();
      outbox.start();
      await startSources();
      await checkReachability();
      emitNow();
    },
    async stop() {
      if (!started) return;
      started = false;
      stopRuntimes();
      outbox.stop();
      for (const unsubscribe of unsubscribes.splice(0)) unsubscribe();
      for (const [key, timer] of ringTimers) {
        clock.clearTimeout(timer);
        await notifier.close(key).catch(() => {});
      }
      ringTimers.clear();
      if (emitTimer !== undefined) clock.clearTimeout(emitTimer);
      if (shiftTimer !== undefined) clock.clearTimeout(shiftTimer);
      emitTimer = undefined;
      shiftTimer = undefined;
    },
    state: computeState,
    sourceRotations(sourceId) {
      const rt = runtimeOf(sourceId);
      if (!rt) return undefined;
      return {
        rotations: structuredClone(rt.rotations),
        me: tracker.me(sourceId),
        skewMs: rt.skewMs,
      };
    },
    onStateChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setTrayExtras(items) {
      if (JSON.stringify(items) === JSON.stringify(trayExtras)) return;
      trayExtras = structuredClone(items);
      scheduleEmit();
    },
    pollNow(reason) {
      logger.info('polling now', { reason });
      for (const rt of runtimes) {
        for (const poller of rt.pollers) poller.pollNow({ restart: reason !== 'user' });
      }
      outbox.retryNow();
    },
  };
}
