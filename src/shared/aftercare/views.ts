/**
 * What the aftercare service (main) tells the renderer about incidents during and after them:
 * the console (clocks, roles, update deliveries), the customer-email and post-mortem drafts and
 * the action items across incidents. zod schemas, so the IPC contract can validate every answer.
 */
import { z } from 'zod';
import { Incident, IncidentStatus, IncidentUpdate, Person, Timestamp } from '../domain.js';
import { ActionItem } from './action-items.js';
import { ChangePage, SeverityChange, TimelineEntry } from './timeline.js';

/** Where a status update goes. */
export const UpdateDestination = z.enum(['slack', 'statuspage', 'platform']);
export type UpdateDestination = z.infer<typeof UpdateDestination>;

/** How one status update fared at one destination. */
export const DeliveryState = z.object({
  status: z.enum(['pending', 'sent', 'failed', 'skipped']),
  /** Why it failed or was skipped, in words for the user. */
  message: z.string().optional(),
  /** The destination's id of what was posted (Slack `ts`, platform update id…). */
  ref: z.string().optional(),
  at: Timestamp,
});
export type DeliveryState = z.infer<typeof DeliveryState>;

/** One status update posted from this app, with its state at each destination. */
export const UpdatePost = z.object({
  id: z.string().min(1),
  incidentId: z.string().min(1),
  status: IncidentStatus,
  message: z.string(),
  createdAt: Timestamp,
  /** The resolving update: it also sets the platform incident's status to resolved. */
  final: z.boolean(),
  deliveries: z.object({
    slack: DeliveryState,
    statuspage: DeliveryState,
    platform: DeliveryState,
  }),
});
export type UpdatePost = z.infer<typeof UpdatePost>;

/**
 * One page a declaration made for the incident, and whether resolving the incident resolved it
 * there: `pending` until the platform (or PagerDuty) confirms, `failed` (retried) with why.
 */
export const PageResolution = z.object({
  pageId: z.string().min(1),
  via: z.enum(['platform', 'pagerduty']),
  status: z.enum(['pending', 'resolved', 'failed']),
  message: z.string().optional(),
  attempts: z.number().int().min(0),
  at: Timestamp,
});
export type PageResolution = z.infer<typeof PageResolution>;

/** One running clock of an incident (next status update, customer email, post-mortem). */
export const ClockView = z.object({
  kind: z.enum(['status-update', 'customer-email', 'post-mortem']),
  label: z.string(),
  owner: z.enum(['commander', 'comms']),
  assignee: Person.nullable(),
  startsAt: Timestamp,
  dueAt: Timestamp,
  /** True when the assignee is the app's user. */
  mine: z.boolean(),
  /** Status updates: a destination not connected, or one the last update did not reach. */
  note: z.string().optional(),
});
export type ClockView = z.infer<typeof ClockView>;

/** The after-action announcement offered to Comms after resolution. */
export const AnnouncementState = z.object({
  channel: z.string(),
  status: z.enum(['sent', 'failed', 'skipped']),
  message: z.string().optional(),
  at: Timestamp,
});
export type AnnouncementState = z.infer<typeof AnnouncementState>;

/** Where a post-mortem stands. */
export const PostMortemStage = z.enum(['none', 'draft', 'in-review', 'pushed', 'reviewed']);
export type PostMortemStage = z.infer<typeof PostMortemStage>;

/** One incident as the console lists it. */
export const ConsoleIncident = z.object({
  sourceId: z.string(),
  incident: Incident,
  /** `feed`: open on the platform; `tracked`: resolved, kept here for its aftercare clocks. */
  origin: z.enum(['feed', 'tracked']),
  myRoles: z.array(z.enum(['commander', 'comms', 'investigator'])),
  lastUpdateAt: Timestamp.nullable(),
  clocks: z.array(ClockView),
  announcement: AnnouncementState.nullable(),
  emailSentAt: Timestamp.nullable(),
  postMortem: PostMortemStage,
});
export type ConsoleIncident = z.infer<typeof ConsoleIncident>;

/** The console: every open or recently resolved incident, newest first. */
export const ConsoleView = z.object({
  incidents: z.array(ConsoleIncident),
  me: Person.nullable(),
});
export type ConsoleView = z.infer<typeof ConsoleView>;

/** Which integrations are configured now (the others are reported as skipped). */
export const IntegrationsView = z.object({
  slack: z.boolean(),
  statuspage: z.boolean(),
  platform: z.boolean(),
  linear: z.boolean(),
});
export type IntegrationsView = z.infer<typeof IntegrationsView>;

/** One incident in full: the console entry, its timeline and the updates posted from here. */
export const IncidentDetail = z.object({
  entry: ConsoleIncident,
  /** The platform's updates (GET /v1/incidents/{id}/updates), oldest first. */
  timeline: z.array(IncidentUpdate),
  /** Why the timeline could not be read, if it could not. */
  timelineError: z.string().nullable(),
  /**
   * The whole timeline, oldest first: the actions kept by this app (`state/timeline.json`) merged
   * with the platform's updates not posted from here.
   */
  entries: z.array(TimelineEntry).default([]),
  /** Pages sent by severity changes (resolved with the incident, like the declaration's). */
  changePages: z.array(ChangePage).default([]),
  /** Severity changes made from here, oldest first, each with its follow-ups and their state. */
  severityChanges: z.array(SeverityChange).default([]),
  posts: z.array(UpdatePost),
  /** The pages its declaration made, resolved (or being resolved) with the incident. */
  pageResolutions: z.array(PageResolution).default([]),
  targets: z.object({
    slackChannel: z.string().nullable(),
    statuspageIncidentId: z.string().nullable(),
  }),
  integrations: IntegrationsView,
  announcementChannel: z.string(),
});
export type IncidentDetail = z.infer<typeof IncidentDetail>;

/** What Comms writes into the customer email. */
export const EmailFactsInput = z.object({
  to: z.string().max(2000),
  headline: z.string().max(300),
  whatHappened: z.string().max(5000),
  whoWasAffected: z.string().max(5000),
  whatWeDid: z.string().max(5000),
  prevention: z.string().max(5000),
  signOff: z.string().max(300),
  /** IANA zone of the readers, e.g. `Europe/Berlin`. */
  timeZone: z.string().min(1).max(100),
  impactStartedAt: Timestamp.optional(),
  impactEndedAt: Timestamp.optional(),
});
export type EmailFactsInput = z.infer<typeof EmailFactsInput>;

/** A template as main read it: the team's file, or the default with a note saying why. */
export const TemplateView = z.object({
  text: z.string(),
  /** `default`, or the team file's path. */
  origin: z.string(),
  /** Set when the team's file was asked for but could not be used. */
  note: z.string().nullable(),
  /** Which template this is, in words for the editor ("Team template: …" or "Built-in …"). */
  source: z.string(),
});
export type TemplateView = z.infer<typeof TemplateView>;

/** The customer-email draft of one incident. */
export const EmailDraftView = z.object({
  incident: Incident,
  facts: EmailFactsInput,
  template: TemplateView,
  sentAt: Timestamp.nullable(),
  savedAt: Timestamp.nullable(),
});
export type EmailDraftView = z.infer<typeof EmailDraftView>;

/** What the commander writes into the post-mortem. */
export const PostMortemInput = z.object({
  summary: z.string().max(20_000),
  impact: z.string().max(20_000),
  rootCause: z.string().max(20_000),
  wentWell: z.array(z.string().max(2000)).max(50),
  wentBadly: z.array(z.string().max(2000)).max(50),
  actionItems: z.array(ActionItem).max(50),
  timeZone: z.string().min(1).max(100),
});
export type PostMortemInput = z.infer<typeof PostMortemInput>;

/** Where the post-mortem was pushed in the platform repo, and how to open its pull request. */
export const PublishedPostMortem = z.object({
  branch: z.string(),
  /** The branch the pull request goes into. */
  base: z.string(),
  filePath: z.string(),
  commit: z.string(),
  at: Timestamp,
  /** A GitHub/GitLab compare link when the remote is there, and the `git` command always. */
  pullRequest: z.object({ url: z.string().nullable(), command: z.string() }),
});
export type PublishedPostMortem = z.infer<typeof PublishedPostMortem>;

/** One review of a post-mortem. */
export const ReviewRecord = z.object({ reviewer: z.string(), at: Timestamp });

/** The post-mortem draft of one incident. */
export const PostMortemView = z.object({
  incident: Incident,
  updates: z.array(IncidentUpdate),
  draft: PostMortemInput,
  template: TemplateView,
  stage: PostMortemStage,
  savedAt: Timestamp.nullable(),
  /** The last "Ask for review" post to the incident channel. */
  reviewRequest: AnnouncementState.nullable(),
  reviews: z.array(ReviewRecord),
  /** Named reviewers needed (playbook `postMortem.reviewersRequired`). */
  reviewersRequired: z.number().int(),
  /** The last push to the platform repo, if any. */
  published: PublishedPostMortem.nullable(),
  /** The platform repo checkout it is pushed to (Settings); null when none is set. */
  platformRepo: z.string().nullable(),
  actionItemLabel: z.string(),
  /** Problems of the last ticketing run, one per item that failed. */
  ticketProblems: z.array(z.string()),
});
export type PostMortemView = z.infer<typeof PostMortemView>;

/** Open action items across post-mortems, and the pattern the policy asks to escalate. */
export const ActionItemsView = z.object({
  items: z.array(
    z.object({
      incidentId: z.string(),
      postMortemTitle: z.string(),
      item: ActionItem,
      ageLabel: z.string(),
      ageDays: z.number(),
    }),
  ),
  flagged: z.array(
    z.object({
      incidentId: z.string(),
      title: z.string(),
      reason: z.enum(['no-action-items', 'all-wont-do', 'stale']),
      message: z.string(),
    }),
  ),
  escalate: z.boolean(),
  message: z.string().nullable(),
});
export type ActionItemsView = z.infer<typeof ActionItemsView>;

/** Where an exported file went. */
export const SavedFile = z.object({ path: z.string() });
