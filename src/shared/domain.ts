/**
 * Domain types shared by every process: the Zephyr platform's wire types (see
 * `docs/api/zephyr-platform.openapi.yaml`) and the app's own view model.
 * Runs anywhere: no Node, no DOM, no Electron.
 */
import { z } from 'zod';
import { CoverageWarning } from './coverage.js';

/** RFC 3339 timestamp as sent on the wire. */
export const Timestamp = z.string().refine((s) => !Number.isNaN(Date.parse(s)), {
  message: 'expected an RFC 3339 timestamp',
});

export const Person = z.object({
  id: z.string().min(1),
  name: z.string(),
  email: z.string(),
  slackUserId: z.string().optional(),
  timezone: z.string().optional(),
});
export type Person = z.infer<typeof Person>;

export const Shift = z.object({
  person: Person,
  level: z.number().int().min(1),
  start: Timestamp,
  end: Timestamp,
});
export type Shift = z.infer<typeof Shift>;

export const RotationKind = z.enum(['platform', 'em', 'founder', 'service']);
export type RotationKind = z.infer<typeof RotationKind>;

export const Rotation = z.object({
  id: z.string().min(1),
  name: z.string(),
  kind: RotationKind,
  service: z.string().optional(),
  shifts: z.array(Shift),
});
export type Rotation = z.infer<typeof Rotation>;

export const EscalationRole = z.enum(['rotation-next', 'em', 'founder', 'rotation', 'person']);
export type EscalationRole = z.infer<typeof EscalationRole>;

export const EscalationStep = z.object({
  afterSeconds: z.number().int().min(0),
  role: EscalationRole,
  person: Person.optional(),
  notifiedAt: Timestamp.optional(),
  /**
   * Paging groups: true when the step came due but its person had already been notified for
   * another open page of the same incident, so it was not notified again.
   */
  skipped: z.boolean().optional(),
  /** With `skipped`: the id of the page that had already reached the step's person. */
  skippedFor: z.string().optional(),
});
export type EscalationStep = z.infer<typeof EscalationStep>;

export const Severity = z.union([z.literal(1), z.literal(2), z.literal(3)]);
export type Severity = z.infer<typeof Severity>;

export const PageStatus = z.enum(['triggered', 'acknowledged', 'resolved']);
export type PageStatus = z.infer<typeof PageStatus>;

export const Page = z.object({
  id: z.string().min(1),
  title: z.string(),
  severity: Severity.optional(),
  /** `low`: show quietly, never ring (PagerDuty low-urgency incidents). Absent means high. */
  urgency: z.enum(['high', 'low']).optional(),
  service: z.string().optional(),
  incidentId: z.string().optional(),
  test: z.boolean().optional(),
  status: PageStatus,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  target: Person,
  escalation: z.object({
    step: z.number().int().min(0),
    steps: z.array(EscalationStep),
    nextAt: Timestamp.nullable(),
    nextTarget: Person.nullable(),
  }),
  acknowledgedBy: Person.optional(),
  acknowledgedAt: Timestamp.optional(),
  links: z
    .object({
      runbook: z.string().optional(),
      incident: z.string().optional(),
      channel: z.string().optional(),
    })
    .optional(),
});
export type Page = z.infer<typeof Page>;

export const IncidentStatus = z.enum(['investigating', 'identified', 'monitoring', 'resolved']);
export type IncidentStatus = z.infer<typeof IncidentStatus>;

export const Incident = z.object({
  id: z.string().min(1),
  severity: Severity,
  summary: z.string(),
  service: z.string().optional(),
  region: z.string().optional(),
  status: IncidentStatus,
  openedAt: Timestamp,
  resolvedAt: Timestamp.optional(),
  roles: z.object({
    commander: Person.optional(),
    comms: Person.optional(),
    investigators: z.array(Person),
  }),
  links: z.object({
    channel: z.string().optional(),
    statusPage: z.string().optional(),
    ticket: z.string().optional(),
    runbook: z.string().optional(),
  }),
  lastUpdateAt: Timestamp.optional(),
});
export type Incident = z.infer<typeof Incident>;

export const IncidentUpdate = z.object({
  id: z.string().min(1),
  incidentId: z.string().min(1),
  status: IncidentStatus,
  message: z.string(),
  postedAt: Timestamp,
  author: Person,
});
export type IncidentUpdate = z.infer<typeof IncidentUpdate>;

// ---------------------------------------------------------------------------
// The app's view model: what main sends the renderer. Everything here is
// already derived in main; the renderer only displays it.
// ---------------------------------------------------------------------------

/** Health of one source's feeds, as the tray and the banner show it. */
export const FeedHealthState = z.enum(['starting', 'ok', 'degraded', 'down', 'unauthorized']);
export type FeedHealthState = z.infer<typeof FeedHealthState>;

export const SourceView = z.object({
  /** Stable id of the source (`zephyr`, `pagerduty:…`), the prefix of page keys. */
  id: z.string(),
  kind: z.enum(['zephyr', 'pagerduty']),
  label: z.string(),
  /** True while this source is the embedded demo platform, not a real pager. */
  demo: z.boolean(),
  health: z.object({
    state: FeedHealthState,
    /** True once the failure has lasted past the alarm threshold while on call. */
    alarm: z.boolean(),
    message: z.string().optional(),
    lastSuccessAt: Timestamp.optional(),
    failingSince: Timestamp.optional(),
  }),
  me: Person.nullable(),
  /** Milliseconds to add to the laptop clock to get this source's clock (its clocks count in it). */
  skewMs: z.number().optional(),
});
export type SourceView = z.infer<typeof SourceView>;

export const AckState = z.enum(['none', 'pending', 'confirmed', 'failed']);
export type AckState = z.infer<typeof AckState>;

export const PageView = z.object({
  /** `${sourceId}:${page.id}`: unique across sources. */
  key: z.string(),
  sourceId: z.string(),
  sourceLabel: z.string(),
  page: Page,
  /** True while this page rings for me (alert window, sound, notification). */
  ringing: z.boolean(),
  /** True when I am `nextTarget` of someone else's unacknowledged page. */
  headsUp: z.boolean(),
  ack: z.object({ state: AckState, message: z.string().optional() }),
  /** Milliseconds to add to the laptop clock to get the platform's clock. */
  skewMs: z.number(),
  /** The ack-timeout reminder is showing: "Still working on …? Re-acknowledge or resolve." */
  reminder: z.boolean().optional(),
  /** A low-urgency page of mine held (quiet hours, off shift) until the digest. */
  held: z.boolean().optional(),
});
export type PageView = z.infer<typeof PageView>;

/**
 * A notice the pager showed (shift readiness, shift start or end, the low-urgency digest): the
 * desktop notification's words, kept for the UI until dismissed. `actions` are the
 * notification's (`send-test`: send a test page).
 */
export const PagerNotice = z.object({
  tag: z.string(),
  title: z.string(),
  body: z.string(),
  urgency: z.enum(['low', 'normal', 'critical']),
  at: Timestamp,
  actions: z.array(z.object({ id: z.string(), label: z.string() })),
});
export type PagerNotice = z.infer<typeof PagerNotice>;

export const ShiftView = z.object({
  rotationId: z.string(),
  rotationName: z.string(),
  level: z.number().int(),
  start: Timestamp,
  end: Timestamp,
});
export type ShiftView = z.infer<typeof ShiftView>;

export const RotationView = z.object({
  sourceId: z.string(),
  id: z.string(),
  name: z.string(),
  kind: RotationKind,
  now: z.array(z.object({ person: Person, level: z.number().int(), end: Timestamp })),
  next: z.array(z.object({ person: Person, level: z.number().int(), start: Timestamp })),
});
export type RotationView = z.infer<typeof RotationView>;

/**
 * What the tray (and the header's pill) says. `unknown`: a feed cannot be read (not yet long
 * enough for `feed-down`), so whether I am on call is not known and is not claimed.
 */
export const TrayState = z.enum([
  'off-call',
  'on-call',
  'paged',
  'incident',
  'feed-down',
  'unknown',
]);
export type TrayState = z.infer<typeof TrayState>;

/** A damaged file the app moved aside at start-up (it started without it). */
export const RecoveredFile = z.object({
  file: z.string(),
  movedTo: z.string(),
  /** What was wrong: "empty", "not valid JSON (…)", "wrong shape: …". Never the file's content. */
  problem: z.string(),
  at: Timestamp,
});
export type RecoveredFile = z.infer<typeof RecoveredFile>;

export const AppState = z.object({
  sources: z.array(SourceView),
  onCall: z.boolean(),
  myShiftsNow: z.array(ShiftView),
  myNextShift: ShiftView.nullable(),
  rotations: z.array(RotationView),
  pages: z.array(PageView),
  incidents: z.array(z.object({ sourceId: z.string(), incident: Incident })),
  tray: z.object({ state: TrayState, tooltip: z.string() }),
  reachability: z.object({
    ok: z.boolean(),
    problems: z.array(z.string()),
    /** True while the alert volume is 0 %: a page rings silently. */
    muted: z.boolean().optional(),
  }),
  playbook: z.object({ origin: z.string(), error: z.string().optional() }),
  /** True until the user has connected a real source or dismissed the first-run screen. */
  firstRun: z.boolean(),
  /** Damaged files moved aside since start; the UI shows a banner while there are any. */
  recoveredFiles: z.array(RecoveredFile).optional(),
  /** Holes in the rotations' next 7 days, for the on-call person and the EM. */
  coverage: z.array(CoverageWarning).optional(),
  /** The pager's notices, newest first (see `PagerNotice`). */
  notices: z.array(PagerNotice).optional(),
  /** Why low-urgency pages are held now, when some are (`PageView.held`). */
  heldReason: z.enum(['off-shift', 'quiet-hours']).optional(),
});
export type AppState = z.infer<typeof AppState>;
