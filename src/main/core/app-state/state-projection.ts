/**
 * The app state the UI and the tray show, projected from what the services hold. Pure functions:
 * given the same input they give the same state, so each view can be tested alone.
 */
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
} from '../../../shared/domain.js';
import type { MyShift } from '../on-call/shifts.js';
import { myShifts, shiftsAt } from '../on-call/shifts.js';
import type { OutboxEntry } from '../paging/outbox.js';
import type { TrackedPage } from '../paging/page-tracker.js';
import { tooltip, unreadableSources } from './tray-view.js';
import { coverageOf } from '../on-call/coverage.js';

/** What the projection needs to know of one running source. */
export interface SourceSnapshot {
  id: string;
  kind: SourceView['kind'];
  label: string;
  demo: boolean;
  health: SourceView['health'];
  /** Its feed shows as down in the tray. */
  trayDown: boolean;
  me: Person | undefined;
  rotations: Rotation[];
  /** Open incidents. */
  incidents: Incident[];
  skewMs: number;
}

/** Everything the state is projected from. */
export interface ProjectionInput {
  now: number;
  sources: SourceSnapshot[];
  /** Why the sources could not be set up, if they could not. */
  sourcesError: string | undefined;
  /** Open pages, oldest first (`PageTracker.pages()`). */
  pages: TrackedPage[];
  /** The latest acknowledgement of a page, if any. */
  ackOf(key: string): OutboxEntry | undefined;
  reachability: AppState['reachability'];
  playbook: { origin: string; error?: string };
  firstRunDone: boolean;
  /** State files found damaged at start and moved aside. */
  recoveredFiles?: AppState['recoveredFiles'];
}

/** What the UI says about a page's acknowledgement. */
export function ackView(entry: OutboxEntry | undefined, ringing: boolean): PageView['ack'] {
  if (entry?.state === 'pending') {
    return {
      state: 'pending',
      message: entry.message ? `acknowledging… (${entry.message})` : 'acknowledging…',
    };
  }
  // A confirmed acknowledgement of an earlier trigger says nothing about a page ringing again.
  if (entry && !(entry.state === 'confirmed' && ringing)) {
    return {
      state: entry.state,
      ...(entry.message !== undefined ? { message: entry.message } : {}),
    };
  }
  return { state: 'none' };
}

/** The open pages as the UI shows them. */
export function pageViews(
  pages: readonly TrackedPage[],
  ackOf: ProjectionInput['ackOf'],
  sources: readonly Pick<SourceSnapshot, 'id' | 'label' | 'skewMs'>[],
): PageView[] {
  const byId = new Map(sources.map((s) => [s.id, s]));
  return pages.map((p) => ({
    key: p.key,
    sourceId: p.sourceId,
    sourceLabel: byId.get(p.sourceId)?.label ?? p.sourceId,
    page: p.page,
    ringing: p.ringing,
    headsUp: p.headsUp,
    ack: ackView(ackOf(p.key), p.ringing),
    skewMs: byId.get(p.sourceId)?.skewMs ?? 0,
  }));
}

/** Who is on call now and next, per rotation and level, at every source. */
export function rotationViews(
  sources: readonly Pick<SourceSnapshot, 'id' | 'rotations' | 'skewMs'>[],
  now: number,
): RotationView[] {
  const views: RotationView[] = [];
  for (const src of sources) {
    const t = now + src.skewMs;
    for (const rotation of src.rotations) {
      const current = rotation.shifts
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
        sourceId: src.id,
        id: rotation.id,
        name: rotation.name,
        kind: rotation.kind,
        now: current,
        next: [...nextByLevel.values()].sort((a, b) => a.level - b.level),
      });
    }
  }
  return views;
}

/** Each source and its health; a source that could not be set up shows as one that is down. */
export function sourceViews(
  sources: readonly SourceSnapshot[],
  sourcesError: string | undefined,
): SourceView[] {
  const views: SourceView[] = sources.map((s) => ({
    id: s.id,
    kind: s.kind,
    label: s.label,
    demo: s.demo,
    health: s.health,
    me: s.me ?? null,
    skewMs: s.skewMs,
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

/**
 * The tray's state, by precedence: feed down > paged > incident open > unknown > on call > off
 * call. `feedUnknown` (a feed failing, not yet for long enough to be "feed down") means "on call"
 * or "off call" would be a guess from the last answer: the tray says unknown instead.
 */
export function trayStateOf(flags: {
  feedDown: boolean;
  feedUnknown?: boolean;
  paged: boolean;
  incidents: number;
  onCall: boolean;
}): TrayState {
  if (flags.feedDown) return 'feed-down';
  if (flags.paged) return 'paged';
  if (flags.incidents > 0) return 'incident';
  if (flags.feedUnknown) return 'unknown';
  return flags.onCall ? 'on-call' : 'off-call';
}

const strip = ({ startMs: _s, endMs: _e, ...view }: MyShift): ShiftView => view;

/** The whole app state. */
export function computeState(input: ProjectionInput): AppState {
  const { now, sources: snapshots, sourcesError } = input;
  const shifts = myShifts(snapshots);
  const myShiftsNow = shiftsAt(shifts, now);
  const upcoming = shifts.filter((s) => s.startMs > now).sort((a, b) => a.startMs - b.startMs);
  const pages = pageViews(input.pages, input.ackOf, snapshots);
  const sources = sourceViews(snapshots, sourcesError);
  const incidents = snapshots.flatMap((s) =>
    s.incidents.map((incident) => ({ sourceId: s.id, incident })),
  );
  const onCall = myShiftsNow.length > 0;
  const trayState = trayStateOf({
    feedDown: sourcesError !== undefined || snapshots.some((s) => s.trayDown),
    feedUnknown: unreadableSources(sources).length > 0,
    paged: pages.some((p) => p.ringing),
    incidents: incidents.length,
    onCall,
  });
  const nextShift = upcoming[0];
  return {
    sources,
    onCall,
    myShiftsNow: myShiftsNow.map(strip),
    myNextShift: nextShift ? strip(nextShift) : null,
    rotations: rotationViews(snapshots, now),
    pages,
    incidents,
    tray: {
      state: trayState,
      tooltip: tooltip({
        state: trayState,
        sources,
        pages,
        shiftsNow: myShiftsNow,
        nextShift,
        openIncidents: incidents.length,
        reachability: input.reachability,
      }),
    },
    reachability: input.reachability,
    playbook: {
      origin: input.playbook.origin,
      ...(input.playbook.error !== undefined ? { error: input.playbook.error } : {}),
    },
    firstRun: !input.firstRunDone && snapshots.some((s) => s.demo),
    recoveredFiles: input.recoveredFiles ?? [],
    coverage: coverageOf(snapshots, now),
  };
}
