/**
 * "Declare an incident": what the wizard collects (`DeclarationInput`), what the Review step shows
 * (`DeclarationPlan`) and the persisted, resumable record of one declaration (`Declaration`) with
 * the state of each action. Shared by main (which runs it) and the renderer (which shows it).
 * Runs anywhere: no Node, no DOM, no Electron.
 */
import { z } from 'zod';
import { Person, Severity, Timestamp } from './domain.js';

/** Longest summary accepted: it becomes a channel topic, a ticket title and a status page name. */
export const SUMMARY_MAX = 120;

/**
 * How a declaration pages: the platform's `POST /v1/pages`, one per person the policy names
 * (the default, also when absent), or one PagerDuty incident on a service, whose escalation
 * policy decides who is paged.
 */
export const DeclarationPaging = z.discriminatedUnion('via', [
  z.object({ via: z.literal('platform') }),
  z.object({
    via: z.literal('pagerduty'),
    serviceId: z.string().trim().min(1).max(100),
    serviceName: z.string().trim().min(1).max(255),
  }),
]);
export type DeclarationPaging = z.infer<typeof DeclarationPaging>;

/** What the user fills in on the wizard. */
export const DeclarationInput = z.object({
  summary: z.string().trim().min(1, 'a summary is required').max(SUMMARY_MAX),
  service: z.string().trim().min(1).max(100).optional(),
  region: z.string().trim().min(1).max(100).optional(),
  severity: Severity,
  roles: z.object({
    commander: Person,
    comms: Person.optional(),
    investigators: z.array(Person).max(20),
  }),
  /** Key of the page (`${sourceId}:${pageId}`) the declaration started from, if any. */
  fromPageKey: z.string().min(1).max(300).optional(),
  /** Absent in declarations saved before PagerDuty paging existed: the platform pages. */
  paging: DeclarationPaging.optional(),
  /**
   * The rotation the declarer picked for the service owner's page when no rotation owns the
   * service (the plan's `needsRotationChoice`).
   */
  serviceRotationId: z.string().trim().min(1).max(200).optional(),
  /** The declarer confirmed fewer investigators than the playbook's count ("usually two"). */
  fewerInvestigatorsConfirmed: z.boolean().optional(),
  /** The status page entry unticked at review, with the reason (it goes on the timeline). */
  statusPageOptOut: z.object({ reason: z.string().trim().min(1).max(500) }).optional(),
});
export type DeclarationInput = z.infer<typeof DeclarationInput>;

/** Every action a declaration may run, in the order the runner runs them. */
export const ACTION_IDS = [
  'platform-incident',
  'pages',
  'slack-channel',
  'slack-topic',
  'slack-invite',
  'statuspage',
  'linear',
  'slack-kickoff',
  'slack-runbook',
  'platform-links',
] as const;

export const ActionId = z.enum(ACTION_IDS);
export type ActionId = z.infer<typeof ActionId>;

export const ActionStatus = z.enum(['waiting', 'running', 'done', 'failed', 'skipped']);
export type ActionStatus = z.infer<typeof ActionStatus>;

/** The state of one action, as the Run screen shows it. */
export const ActionState = z.object({
  status: ActionStatus,
  /** What happened, in words for the user ("#inc-20260302-checkout-p99 created"). */
  detail: z.string().optional(),
  /** Where to see the result (channel, ticket, status page incident). */
  link: z.string().optional(),
  /** Why it failed or was skipped, naming what is wrong. */
  error: z.string().optional(),
  /** Set when it failed only because an action it needs failed. */
  blockedBy: ActionId.optional(),
  /** Attempts started so far: after the first, the action looks for its earlier result first. */
  attempts: z.number().int().min(0).optional(),
  updatedAt: Timestamp,
});
export type ActionState = z.infer<typeof ActionState>;

/** Someone the declaration pages, and the policy rule that says so. */
export const PagedPerson = z.object({ person: Person, why: z.string() });
export type PagedPerson = z.infer<typeof PagedPerson>;

/**
 * One page a declaration creates on the platform: to a rotation (level 1 first, then level 2,
 * the EM, the founder) or to one person (then the EM, the founder). Every page carries the
 * incident's `incidentId`, so the platform's paging group notifies nobody twice.
 */
export const PageTarget = z.object({
  target: z.union([
    z.object({ rotation: z.string().min(1) }),
    z.object({ person: z.string().min(1) }),
  ]),
  /** The rotation's or the person's name, for the Review and Run screens. */
  label: z.string(),
  /** The policy rule that pages it ("platform on-call", "owner of checkout"…). */
  why: z.string(),
  /** Who the page notifies at once: level 1 of the rotation now, or the person. */
  reachesNow: z.array(Person),
});
export type PageTarget = z.infer<typeof PageTarget>;

/** A rotation the declarer may pick for the service owner's page. */
export const RotationChoice = z.object({
  id: z.string(),
  name: z.string(),
  service: z.string().optional(),
});
export type RotationChoice = z.infer<typeof RotationChoice>;

/** What the actions produced; each field is set by the action that made it. */
export const DeclarationResults = z.object({
  incidentId: z.string().optional(),
  incidentUrl: z.string().optional(),
  channelId: z.string().optional(),
  channelName: z.string().optional(),
  channelUrl: z.string().optional(),
  statusPageIncidentId: z.string().optional(),
  statusPageUrl: z.string().optional(),
  linearIssueId: z.string().optional(),
  linearIssueIdentifier: z.string().optional(),
  linearIssueUrl: z.string().optional(),
  kickoffTs: z.string().optional(),
  runbookTs: z.string().optional(),
  /** Platform page ids, one per paged person, in `paged` order of success. */
  pageIds: z.array(z.string()),
  /** Person id → page id: the record that stops a resume from paging someone twice. */
  pagedIds: z.record(z.string(), z.string()).default({}),
  /** The PagerDuty incident the declaration paged through, when it paged through PagerDuty. */
  pagerdutyIncidentId: z.string().optional(),
  pagerdutyIncidentUrl: z.string().optional(),
  /** Escalation policy ids added as responders to the PagerDuty incident (SEV-1's EM, founder). */
  pagerdutyResponders: z.array(z.string()).optional(),
});
export type DeclarationResults = z.infer<typeof DeclarationResults>;

/**
 * One declaration, persisted before it starts and after every action so that a crash or quit
 * resumes where it stopped. `id` is a UUID and the base of every Idempotency-Key it sends.
 */
export const Declaration = z.object({
  id: z.string().uuid(),
  createdAt: Timestamp,
  /** The app's user who declared it (the actor of its timeline entries); absent in older ones. */
  declaredBy: Person.optional(),
  input: DeclarationInput,
  /** Who is paged, fixed when the declaration is made (a resume pages the same people). */
  paged: z.array(PagedPerson),
  /**
   * The pages to create, fixed when the declaration is made. Absent in declarations saved
   * before rotation paging: one page per `paged` person then.
   */
  pageTargets: z.array(PageTarget).optional(),
  /** Who joins the Slack channel: everyone the pages reach now plus the role holders. */
  invitees: z.array(Person).optional(),
  /** The Slack channel name the plan chose (before any `-2` suffix). */
  channelName: z.string().min(1),
  actions: z.record(ActionId, ActionState),
  results: DeclarationResults,
});
export type Declaration = z.infer<typeof Declaration>;

/** One line of the Review step: what will run, or why it will not. */
export const PlannedAction = z.object({
  id: ActionId,
  label: z.string(),
  willRun: z.boolean(),
  skippedReason: z.string().optional(),
});
export type PlannedAction = z.infer<typeof PlannedAction>;

/** The Review step's content. */
export const DeclarationPlan = z.object({
  actions: z.array(PlannedAction),
  /** Who the pages notify at once, with the rule that pages them. */
  pagedPeople: z.array(PagedPerson),
  /** The pages the declaration creates (rotations, or people for SEV-1's platform on-call). */
  pageTargets: z.array(PageTarget),
  /** Who joins the Slack channel: everyone the pages reach now plus the role holders. */
  invitees: z.array(Person),
  /** True when no rotation owns the service: the declarer picks one of `rotationChoices`. */
  needsRotationChoice: z.boolean(),
  rotationChoices: z.array(RotationChoice),
  /** Problems the user should see before declaring (e.g. no rotation for the service). */
  warnings: z.array(z.string()),
  /** What must be fixed or confirmed before the declaration can run (roles, rotation). */
  blockers: z.array(z.string()),
  channelName: z.string(),
  /** The same declaration from a terminal. */
  cliCommand: z.string(),
  /** Set when the declaration pages through PagerDuty: the service paged and the urgency. */
  pagerduty: z
    .object({
      serviceId: z.string(),
      serviceName: z.string(),
      urgency: z.enum(['high', 'low']),
    })
    .optional(),
  /** What the CLI command does differently from this declaration, when it does. */
  cliNote: z.string().optional(),
});
export type DeclarationPlan = z.infer<typeof DeclarationPlan>;

/** Answers of the severity helper; `undefined` = not answered (never counts as yes). */
export const SeverityAnswers = z.object({
  customerVisible: z.boolean().optional(),
  dataLostOrExposed: z.boolean().optional(),
  multiTenantOrRegionDown: z.boolean().optional(),
});
export type SeverityAnswers = z.infer<typeof SeverityAnswers>;

/** Someone on the rotation feed the Who step offers, with the shifts they are on now. */
export const RosterPerson = z.object({
  person: Person,
  /** "Platform, level 1", "Checkout, level 2"… (empty when on no shift now). */
  onShift: z.array(z.string()),
});
export type RosterPerson = z.infer<typeof RosterPerson>;

/** What the wizard starts from: who I am, the suggested roles, the people and services to pick. */
export const DeclarationDefaults = z.object({
  me: Person.nullable(),
  roles: z.object({
    commander: Person.optional(),
    comms: Person.optional(),
    investigators: z.array(Person),
  }),
  people: z.array(RosterPerson),
  services: z.array(z.string()),
  /** `null` while the answers given do not decide: the declarer answers or picks. */
  suggestion: z.object({ severity: Severity, reason: z.string() }).nullable(),
  /** True when a PagerDuty token is set: the wizard then offers to page through PagerDuty. */
  pagerdutyConnected: z.boolean().optional(),
});
export type DeclarationDefaults = z.infer<typeof DeclarationDefaults>;

/** The services "Test connection" checks. */
export const IntegrationName = z.enum(['slack', 'statuspage', 'linear', 'platform']);
export type IntegrationName = z.infer<typeof IntegrationName>;

/** "Connected as …", or a message naming what is wrong. Never a token. */
export const IntegrationTestResult = z.object({ ok: z.boolean(), message: z.string() });
export type IntegrationTestResult = z.infer<typeof IntegrationTestResult>;

/** A PagerDuty service the wizard offers to page through (`declarations:pagerduty-services`). */
export const PagerDutyServiceOption = z.object({
  id: z.string(),
  name: z.string(),
  /** The name of the escalation policy that decides who is paged, when PagerDuty says. */
  escalationPolicy: z.string().optional(),
});
export type PagerDutyServiceOption = z.infer<typeof PagerDutyServiceOption>;
