/**
 * The one IPC contract between the renderer and main, over Electron IPC (preload) and over the
 * Node host's WebSocket bridge alike. Every command and event has a zod schema; main parses each
 * payload before a handler runs. Channel names are `area:verb-noun`; events are past tense.
 */
import { z } from 'zod';
import { AppState, IncidentStatus, PageStatus, Severity } from './domain.js';
import { Playbook } from './playbook.js';
import {
  ActionId,
  Declaration,
  DeclarationDefaults,
  DeclarationInput,
  DeclarationPlan,
  IntegrationName,
  IntegrationTestResult,
  SeverityAnswers,
  PagerDutyServiceOption,
} from './declaration.js';
import {
  ActionItemsView,
  AnnouncementState,
  ConsoleView,
  EmailDraftView,
  EmailFactsInput,
  IncidentDetail,
  PostMortemInput,
  PostMortemView,
  SavedFile,
  UpdatePost,
} from './aftercare/views.js';
import { ActionItemStatus } from './aftercare/action-items.js';
import { ChangeResult, FollowUpAction, SeverityChange } from './aftercare/timeline.js';
import { HandoffView } from './handoff.js';

/** Settings that are not secrets. Every field has a default, so `{}` is a valid file. */
/** A local time of day `HH:MM`, or empty for "not set". */
const QuietTime = z
  .string()
  .regex(/^(|([01]\d|2[0-3]):[0-5]\d)$/, { message: 'expected a time as HH:MM (24-hour)' });

export const Settings = z.object({
  platformUrl: z.string().default(''),
  pollIntervalSeconds: z.number().min(1).max(300).default(5),
  /** How long a feed may fail while I am on call before the alarm (the e2e tests set 1 s). */
  feedAlarmSeconds: z.number().min(1).max(3600).default(60),
  /** How often a page that still rings is notified again (the tests set 1 s). */
  ringResendSeconds: z.number().min(1).max(600).default(60),
  alertVolume: z.number().min(0).max(1).default(1),
  launchAtLogin: z.boolean().default(true),
  playbookPath: z.string().default(''),
  firstRunDone: z.boolean().default(false),
  /** Slack Web API base (GovSlack and Enterprise Grid use other hosts; tests use loopback). */
  slackApiUrl: z.string().default(''),
  statuspagePageId: z.string().default(''),
  statuspageApiUrl: z.string().default(''),
  linearTeam: z.string().default(''),
  linearApiUrl: z.string().default(''),
  pagerdutyApiUrl: z.string().default(''),
  /** Quiet hours for low-urgency pages, local `HH:MM` (both empty: none). */
  quietHoursStart: QuietTime.default(''),
  quietHoursEnd: QuietTime.default(''),
  /** Local checkout of the platform repo: team templates are read from it, post-mortems pushed. */
  platformRepoPath: z.string().default(''),
});
export type Settings = z.infer<typeof Settings>;

/**
 * A settings change: only the fields sent. (`Settings.partial()` would fill every absent field with
 * its default, so a one-field patch would silently reset all the others.)
 */
export const SettingsPatch = z.object(
  Object.fromEntries(
    Object.entries(Settings.shape).map(([key, field]) => [key, field.unwrap().optional()]),
  ) as {
    [K in keyof typeof Settings.shape]: z.ZodOptional<
      ReturnType<(typeof Settings.shape)[K]['unwrap']>
    >;
  },
);

/** Names of the secrets main keeps; the renderer only ever learns whether each is set. */
export const SecretName = z.enum([
  'platformToken',
  'slackToken',
  'statuspageToken',
  'linearToken',
  'pagerdutyToken',
]);
export type SecretName = z.infer<typeof SecretName>;

/** Where a setting's value comes from. `env` means managed by deployment tooling. */
export const ValueOrigin = z.enum(['default', 'settings', 'env']);

export const SettingsView = z.object({
  values: Settings,
  origins: z.record(z.string(), ValueOrigin),
  secrets: z.record(z.string(), z.object({ set: z.boolean(), managed: z.boolean() })),
  /** The environment variable that manages each setting or secret. */
  envNames: z.record(z.string(), z.string()),
  /** Problems with the settings file, each naming the field (that field fell back to its default). */
  errors: z.array(z.string()),
});
export type SettingsView = z.infer<typeof SettingsView>;

/** What `platform:test` answers: who the token belongs to, or what is wrong and at which field. */
export const PlatformTestResult = z.object({
  ok: z.boolean(),
  message: z.string(),
  problem: z
    .enum(['bad-url', 'no-token', 'unauthorized', 'rate-limited', 'unreachable', 'unexpected'])
    .optional(),
  /** The form field the problem is about. */
  field: z.enum(['url', 'token']).optional(),
  person: z.object({ name: z.string(), email: z.string() }).optional(),
});
export type PlatformTestResult = z.infer<typeof PlatformTestResult>;

const Empty = z.object({}).strict();
/** A rotation or person "Escalate now" may page; `detail` says which rotations or what kind. */
const EscalationChoice = z.object({ id: z.string(), name: z.string(), detail: z.string() });
const AftercareId = z.string().min(1).max(200);
const AftercareIncidentRef = z.object({ incidentId: AftercareId }).strict();
/** A person of the rotation feed, by id: main looks them up (a name or email is never taken). */
const RosterPersonId = z.string().min(1).max(200);
const AftercareEmail = z
  .object({
    incidentId: AftercareId,
    to: z.string().max(2000),
    subject: z.string().min(1).max(1000),
    body: z.string().min(1).max(100_000),
  })
  .strict();

/** Renderer → main commands: `input` is parsed before the handler; `output` is what it answers. */
export const commands = {
  'app:get-state': { input: Empty, output: AppState },
  'app:dismiss-first-run': { input: Empty, output: z.object({}) },
  /** Brings the main window forward at a route (Electron); `shown: false` where there is none. */
  'app:show-main': {
    input: z
      .object({
        route: z.enum(['/now', '/incidents', '/settings', '/declare', '/handoff']),
        pageKey: z.string().min(1).max(300).optional(),
      })
      .strict(),
    output: z.object({ shown: z.boolean() }),
  },
  'pages:acknowledge': {
    input: z.object({ key: z.string().min(1).max(300) }).strict(),
    output: z.object({ state: z.enum(['pending', 'confirmed', 'failed']) }),
  },
  'pages:send-test': { input: Empty, output: z.object({ pageId: z.string() }) },
  /** Resolves an open page at its source (`unsupported` where the source cannot). */
  'pages:resolve': {
    input: z.object({ key: z.string().min(1).max(300) }).strict(),
    output: z.object({ status: PageStatus }),
  },
  /** "Escalate now": the chain's next step, or a rotation or person I pick (by id). */
  'pages:escalate': {
    input: z
      .object({
        key: z.string().min(1).max(300),
        to: z
          .union([
            z.object({ rotation: z.string().min(1).max(200) }).strict(),
            z.object({ person: z.string().min(1).max(200) }).strict(),
          ])
          .optional(),
      })
      .strict(),
    output: z.object({ status: PageStatus, targetName: z.string() }),
  },
  /** Whom "Escalate now" may page instead of the next step: the page's source's roster. */
  'pages:escalation-targets': {
    input: z.object({ key: z.string().min(1).max(300) }).strict(),
    output: z.object({ rotations: z.array(EscalationChoice), people: z.array(EscalationChoice) }),
  },
  /** Dismisses a pager notice (readiness, shift start or end, digest) by its tag. */
  'app:dismiss-notice': {
    input: z.object({ tag: z.string().min(1).max(300) }).strict(),
    output: z.object({ dismissed: z.boolean() }),
  },
  /** Re-acknowledges an acknowledged page (the ack-timeout reminder) and restarts its timer. */
  'pages:reacknowledge': {
    input: z.object({ key: z.string().min(1).max(300) }).strict(),
    output: z.object({ state: z.enum(['pending', 'confirmed', 'failed']) }),
  },
  'alerts:open-external': {
    input: z.object({ url: z.string().url().max(2000) }).strict(),
    output: z.object({ opened: z.boolean() }),
  },
  'settings:get': { input: Empty, output: SettingsView },
  'settings:update': {
    input: z.object({ patch: SettingsPatch }).strict(),
    output: SettingsView,
  },
  'settings:clear-secret': {
    input: z.object({ name: SecretName }).strict(),
    output: SettingsView,
  },
  'alerts:test': {
    input: Empty,
    output: z.object({ pageId: z.string(), problems: z.array(z.string()) }),
  },
  'settings:set-secret': {
    input: z.object({ name: SecretName, value: z.string().min(1).max(4096) }).strict(),
    output: SettingsView,
  },
  'playbook:get': {
    input: Empty,
    output: z.object({ playbook: Playbook, origin: z.string(), error: z.string().optional() }),
  },
  // --- aftercare: incident console, status updates, resolution, customer email, post-mortem
  'incidents:list': { input: Empty, output: ConsoleView },
  'incidents:get': { input: AftercareIncidentRef, output: IncidentDetail },
  'updates:post': {
    input: z
      .object({
        incidentId: AftercareId,
        status: IncidentStatus.exclude(['resolved']),
        message: z.string().trim().min(1).max(4000),
      })
      .strict(),
    output: UpdatePost,
  },
  'updates:retry': {
    input: z.object({ incidentId: AftercareId, updateId: AftercareId }).strict(),
    output: UpdatePost,
  },
  'incidents:resolve': {
    input: z
      .object({ incidentId: AftercareId, message: z.string().trim().min(1).max(4000) })
      .strict(),
    output: UpdatePost,
  },
  'incidents:announce': {
    input: z.object({ incidentId: AftercareId, text: z.string().trim().min(1).max(4000) }).strict(),
    output: AnnouncementState,
  },
  /**
   * Changes an open incident's severity on the platform. Raising it pages whoever the new
   * severity adds (the paging group keeps anyone already notified from a second notification);
   * lowering it pages no one. Sent again at the same severity, it retries the pages that failed.
   */
  'incidents:change-severity': {
    input: z.object({ incidentId: AftercareId, severity: Severity }).strict(),
    output: ChangeResult,
  },
  /** Hands a role to people of the rotation feed; new holders are invited to the Slack channel. */
  'incidents:change-role': {
    input: z.discriminatedUnion('role', [
      z
        .object({ incidentId: AftercareId, role: z.literal('commander'), personId: RosterPersonId })
        .strict(),
      z
        .object({ incidentId: AftercareId, role: z.literal('comms'), personId: RosterPersonId })
        .strict(),
      z
        .object({
          incidentId: AftercareId,
          role: z.literal('investigators'),
          personIds: z.array(RosterPersonId).max(20),
        })
        .strict(),
    ]),
    output: ChangeResult,
  },
  /**
   * Runs one follow-up of a severity change again (the Slack message, the channel topic, the
   * status page, the PagerDuty urgency): one that failed, was skipped or was interrupted. Nothing
   * is made twice: a message or status page entry an earlier attempt made is found first.
   */
  'incidents:retry-change-action': {
    input: z
      .object({ incidentId: AftercareId, changeId: AftercareId, action: FollowUpAction })
      .strict(),
    output: SeverityChange,
  },
  'emails:get': { input: AftercareIncidentRef, output: EmailDraftView },
  'emails:save': {
    input: z.object({ incidentId: AftercareId, facts: EmailFactsInput }).strict(),
    output: EmailDraftView,
  },
  'emails:open-mail-client': { input: AftercareEmail, output: z.object({ opened: z.boolean() }) },
  'emails:save-eml': { input: AftercareEmail, output: SavedFile },
  'emails:mark-sent': { input: AftercareIncidentRef, output: EmailDraftView },
  'postmortems:get': { input: AftercareIncidentRef, output: PostMortemView },
  'postmortems:save': {
    input: z.object({ incidentId: AftercareId, draft: PostMortemInput }).strict(),
    output: PostMortemView,
  },
  'postmortems:export': {
    input: z.object({ incidentId: AftercareId, markdown: z.string().min(1).max(200_000) }).strict(),
    output: SavedFile,
  },
  'postmortems:request-review': {
    input: z.object({ incidentId: AftercareId, markdown: z.string().min(1).max(200_000) }).strict(),
    output: PostMortemView,
  },
  'postmortems:record-review': {
    input: z
      .object({ incidentId: AftercareId, reviewer: z.string().trim().min(1).max(200) })
      .strict(),
    output: PostMortemView,
  },
  'postmortems:create-tickets': { input: AftercareIncidentRef, output: PostMortemView },
  /** Commits the post-mortem on a new branch of the platform repo checkout and pushes it. */
  'postmortems:publish': {
    input: z.object({ incidentId: AftercareId, markdown: z.string().min(1).max(200_000) }).strict(),
    output: PostMortemView,
  },
  'postmortems:set-item-status': {
    input: z
      .object({ incidentId: AftercareId, itemId: AftercareId, status: ActionItemStatus })
      .strict(),
    output: PostMortemView,
  },
  'postmortems:action-items': { input: Empty, output: ActionItemsView },
  // --- hand-off brief and calendar export (issue 13)
  'handoff:get': { input: Empty, output: HandoffView },
  'handoff:add-note': {
    input: z.object({ text: z.string().trim().min(1).max(2000) }).strict(),
    output: HandoffView,
  },
  /** Deletes one note; without `id`, every note (after the hand-off). */
  'handoff:delete-note': {
    input: z.object({ id: z.string().min(1).max(100).optional() }).strict(),
    output: HandoffView,
  },
  'handoff:post-slack': {
    input: Empty,
    output: z.object({ channel: z.string(), ts: z.string() }),
  },
  'shifts:export-ics': {
    input: Empty,
    output: z.object({ path: z.string(), count: z.number().int() }),
  },
  // --- pagerduty
  /**
   * Checks a PagerDuty connection (`GET /users/me`): with `token`/`apiUrl` when given (a form not
   * saved yet), else with what is configured. A bad connection is not an error: `message` says
   * what is wrong and `problem` names the kind.
   */
  'sources:test': {
    input: z
      .object({
        source: z.literal('pagerduty'),
        token: z.string().min(1).max(4096).optional(),
        apiUrl: z.string().max(2000).optional(),
      })
      .strict(),
    output: z.object({
      ok: z.boolean(),
      message: z.string(),
      problem: z
        .enum([
          'not-configured',
          'bad-url',
          'unauthorized',
          'wrong-region',
          'rate-limited',
          'unreachable',
          'unexpected',
        ])
        .optional(),
      person: z.object({ name: z.string(), email: z.string() }).optional(),
      /** With `wrong-region`: the API host the token belongs to. */
      suggestedApiUrl: z.string().optional(),
    }),
  },
  // --- the Zephyr platform
  /**
   * Checks a Zephyr platform before it is saved (`GET /v1/me`) on `url` with `token` (typed in a
   * form), else with the token in force. `url` must be `https://` (or `http://` to loopback).
   * A bad connection is not an error: `message` says what is wrong, `field` which field it is
   * about; nothing is saved either way.
   */
  'platform:test': {
    input: z
      .object({
        url: z.string().max(2000),
        token: z.string().min(1).max(4096).optional(),
      })
      .strict(),
    output: PlatformTestResult,
  },
  // --- declare an incident
  /** Who I am, the suggested roles (for `service`), the rotation's people and the severity hint. */
  'declarations:defaults': {
    input: z.object({ service: z.string().max(100).optional(), answers: SeverityAnswers }).strict(),
    output: DeclarationDefaults,
  },
  /** The Review step: every action (or why it is skipped), who is paged, the CLI command. */
  'declarations:plan': {
    input: z.object({ input: DeclarationInput }).strict(),
    output: DeclarationPlan,
  },
  /** Saves the declaration, then runs it in the background; progress comes as `declarations:changed`. */
  'declarations:start': {
    input: z.object({ input: DeclarationInput }).strict(),
    output: z.object({ id: z.string() }),
  },
  'declarations:list': { input: Empty, output: z.object({ declarations: z.array(Declaration) }) },
  'declarations:get': { input: z.object({ id: z.string().uuid() }).strict(), output: Declaration },
  /** Runs a failed or skipped action again (with the actions it blocked). */
  'declarations:retry-action': {
    input: z.object({ id: z.string().uuid(), actionId: ActionId }).strict(),
    output: z.object({ accepted: z.boolean() }),
  },
  /** Checks one integration with the saved settings: "connected as …" or what is wrong. */
  'integrations:test': {
    input: z.object({ integration: IntegrationName }).strict(),
    output: IntegrationTestResult,
  },
  /** PagerDuty services to page through (`GET /services?query=`), the first 100 by name. */
  'declarations:pagerduty-services': {
    input: z.object({ query: z.string().max(100).optional() }).strict(),
    output: z.object({ services: z.array(PagerDutyServiceOption), more: z.boolean() }),
  },
} as const;

/** Main → renderer events. */
export const events = {
  'app:state-changed': AppState,
  // --- aftercare
  'incidents:changed': ConsoleView,
  // --- declare an incident
  /** A declaration after any change of one of its actions (the Run screen's live state). */
  'declarations:changed': z.object({ declaration: Declaration }),
} as const;

export type CommandName = keyof typeof commands;
export type EventName = keyof typeof events;
export type CommandInput<N extends CommandName> = z.input<(typeof commands)[N]['input']>;
export type CommandOutput<N extends CommandName> = z.infer<(typeof commands)[N]['output']>;
export type EventPayload<N extends EventName> = z.infer<(typeof events)[N]>;

export const COMMAND_NAMES = Object.keys(commands) as CommandName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

/** Error codes every transport uses. */
export const IpcErrorCode = z.enum([
  'unknown-channel',
  'invalid-payload',
  'untrusted-sender',
  'handler-failed',
  'not-found',
  'conflict',
  'unavailable',
]);
export type IpcErrorCode = z.infer<typeof IpcErrorCode>;

export type IpcResult<T> =
  { ok: true; value: T } | { ok: false; error: { code: IpcErrorCode; message: string } };

/** The API the preload exposes as `window.zephyr` and the WebSocket client mirrors. */
export interface ZephyrApi {
  invoke<N extends CommandName>(
    name: N,
    input: CommandInput<N>,
  ): Promise<IpcResult<CommandOutput<N>>>;
  on<N extends EventName>(name: N, listener: (payload: EventPayload<N>) => void): () => void;
}

/** An error a handler throws to answer with a specific code and a message meant for the user. */
export class IpcError extends Error {
  constructor(
    readonly code: IpcErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'IpcError';
  }
}

/** Formats a zod error as "field: what was expected; …" for humans. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}
