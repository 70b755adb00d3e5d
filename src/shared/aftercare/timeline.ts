/**
 * The incident timeline as the console shows it: every action taken on the incident, each with its
 * time and who did it (declared, paged, channel created, status page posted, ticket created,
 * runbook pinned, role and severity changes, status updates, resolution, the status page opt-out),
 * and what a severity or role change answers. zod schemas, so the IPC contract validates them.
 */
import { z } from 'zod';
import { Incident, Person, Severity, Timestamp } from '../domain.js';

/** What happened. */
export const TimelineKind = z.enum([
  /** The incident opened on the platform (no declaration from this app is known). */
  'opened',
  'declared',
  'paged',
  'channel',
  'channel-topic',
  'invited',
  'status-page',
  'status-page-opt-out',
  'ticket',
  'kickoff',
  'runbook',
  'links',
  'role',
  'severity',
  /** A change said in the incident's Slack channel. */
  'announced',
  'update',
  'resolved',
]);
export type TimelineKind = z.infer<typeof TimelineKind>;

/** One line of the timeline. */
export const TimelineEntry = z.object({
  /** Stable: recording the same action again replaces its entry, never adds a second. */
  id: z.string().min(1).max(300),
  incidentId: z.string().min(1).max(200),
  at: Timestamp,
  kind: TimelineKind,
  /** What happened, in words for the user. */
  text: z.string().max(5000),
  /** Who did it: the app's user for actions taken here, the author for the platform's updates. */
  actor: Person.nullable(),
  /** `app`: kept by this app (`state/timeline.json`); `platform`: the platform's own record. */
  source: z.enum(['app', 'platform']),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

/** One page a severity change sent (or could not send). */
export const ChangePage = z.object({
  /** The target's key (`rotation:<id>` or a person id), as the declaration's `pagedIds`. */
  key: z.string().min(1),
  /** The rotation's or the person's name. */
  label: z.string(),
  /** Who it notifies at once (level 1 now, or the person). */
  reaches: z.array(z.string()),
  /** The severity whose rule added it. */
  severity: Severity,
  status: z.enum(['paged', 'failed']),
  pageId: z.string().optional(),
  /** Why it failed. */
  message: z.string().optional(),
  at: Timestamp,
});
export type ChangePage = z.infer<typeof ChangePage>;

/** What a severity change does after it is made, each on its own (see `SeverityChange`). */
export const FollowUpAction = z.enum([
  /** "Severity raised from SEV-3 to SEV-1 by …: paging …" in the incident's Slack channel. */
  'slack-message',
  /** The channel topic, which names the severity. */
  'slack-topic',
  /** The status page entry's impact set to the new severity's, or the entry opened. */
  'statuspage',
  /** Through PagerDuty: the incident's urgency raised to high. */
  'pagerduty-urgency',
]);
export type FollowUpAction = z.infer<typeof FollowUpAction>;

/** How one follow-up of a severity change fared. */
export const FollowUp = z.object({
  action: FollowUpAction,
  /** `pending` while it runs (or when the app stopped during it: then it can be retried). */
  status: z.enum(['pending', 'done', 'failed', 'skipped']),
  /** What was done, or why it failed or was skipped, in words for the user. */
  detail: z.string().max(2000).optional(),
  /** Skipped because the integration is not connected: Settings, not Retry, is the way on. */
  notConnected: z.boolean().optional(),
  /** The vendor's id of what it made or changed (Slack `ts`, Statuspage incident id). */
  ref: z.string().max(300).optional(),
  /** Where to see it (the status page entry). */
  link: z.string().max(2000).optional(),
  attempts: z.number().int().min(0),
  at: Timestamp,
});
export type FollowUp = z.infer<typeof FollowUp>;

/**
 * One severity change made from here and its follow-ups: the Slack message, the channel topic,
 * the status page and (through PagerDuty) the urgency, each done once, retried on its own.
 */
export const SeverityChange = z.object({
  id: z.string().min(1).max(200),
  from: Severity,
  to: Severity,
  by: Person.nullable(),
  /** In the platform's time, like the timeline. */
  at: Timestamp,
  /** Who the change paged, in words ("" when nobody), for the Slack message. */
  paging: z.string().max(5000),
  followUps: z.array(FollowUp),
});
export type SeverityChange = z.infer<typeof SeverityChange>;

/** What a severity or role change answers: the incident now, what it did, and what failed. */
export const ChangeResult = z.object({
  incident: Incident,
  /** The timeline entries the change added. */
  entries: z.array(TimelineEntry),
  /** Pages the change sent or tried to send (empty when it pages nobody). */
  pages: z.array(ChangePage),
  /** Lines for the user: who was invited, what failed or was not possible, and why. */
  notes: z.array(z.string()),
  /** A severity change: its follow-ups (Slack, topic, status page, PagerDuty urgency). */
  change: SeverityChange.optional(),
});
export type ChangeResult = z.infer<typeof ChangeResult>;
