/**
 * The playbook: the company's incident policy (`shared/policy/incident-response.md`) as data.
 * `DEFAULT_PLAYBOOK` encodes every rule of the policy; a team overrides it with a JSON or YAML
 * file that is validated against `Playbook`.
 */
import { z } from 'zod';
import { EscalationRole, Severity } from './domain.js';

/**
 * Who a severity pages; each entry is resolved against the rotation feed into platform pages.
 * Pages target rotations, so each escalates through its own rotation (level 1, then level 2),
 * then the EM on-call and the founder on-call.
 */
export const PageTargetRole = z.enum([
  'platform-all', // one page per person on shift now in the platform rotation, every level
  'platform-oncall', // one page to the platform rotation
  'service-owner', // one page to the affected service's rotation
  'em', // one page to the EM on-call rotation
  'founder', // one page to the founder on-call rotation
]);
export type PageTargetRole = z.infer<typeof PageTargetRole>;

export const SeverityRule = z.object({
  level: Severity,
  name: z.string().min(1),
  summary: z.string().min(1),
  examples: z.array(z.string().min(1)).min(1),
  /** The policy's "who pages, who joins" column, as written. */
  whoJoins: z.string().min(1),
  pages: z.array(PageTargetRole).min(1),
  statusPage: z.boolean(),
  statusPageImpact: z.enum(['none', 'minor', 'major', 'critical']),
  customerEmail: z.boolean(),
});
export type SeverityRule = z.infer<typeof SeverityRule>;

/** The pager's reminders and hold rules; every field has the default shown in `DEFAULT_PAGER_RULES`. */
export const PagerRules = z.object({
  /** Minutes before a shift starts that the readiness check runs (0: at the start itself). */
  readinessLeadMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(15),
  /** An acknowledged page still open this long rings again softly; `null` or 0: never. */
  ackTimeoutMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .nullable()
    .default(30),
  /** Low-urgency pages outside my shift or in my quiet hours wait for a digest at shift start. */
  holdLowUrgency: z.boolean().default(true),
});
export type PagerRules = z.infer<typeof PagerRules>;

/** The pager rules when a playbook says nothing about them. */
export const DEFAULT_PAGER_RULES: PagerRules = {
  readinessLeadMinutes: 15,
  ackTimeoutMinutes: 30,
  holdLowUrgency: true,
};

const httpsUrl = z
  .string()
  .url()
  .refine((u) => u.startsWith('https://'), { message: 'expected a full https:// link' });

export const Playbook = z
  .object({
    version: z.literal(1),
    name: z.string().min(1),
    reassurance: z.string().min(1),
    severities: z.array(SeverityRule).length(3),
    escalation: z.object({
      /** Cumulative from the page's creation: 0, 300, 600, 900 by default. */
      steps: z
        .array(z.object({ afterSeconds: z.number().int().min(0), role: EscalationRole }))
        .min(1),
    }),
    statusUpdates: z.object({
      cadenceMinutes: z.number().positive(),
      overdueRepeatMinutes: z.number().positive(),
      channels: z.array(z.enum(['slack', 'statuspage', 'platform'])).min(1),
    }),
    roles: z.object({
      commander: z.object({
        title: z.string(),
        description: z.string(),
        /** Must be named before the declaration runs. */
        required: z.boolean().default(true),
      }),
      comms: z.object({
        title: z.string(),
        description: z.string(),
        /** Must be named before the declaration runs. */
        required: z.boolean().default(true),
      }),
      investigators: z.object({
        title: z.string(),
        description: z.string(),
        /** "Usually two": fewer needs an explicit confirmation at review. */
        count: z.number().int().min(1),
      }),
    }),
    postMortem: z.object({
      dueHours: z.number().positive(),
      blameless: z.boolean(),
      owner: z.enum(['commander']),
      templatePath: z.string().min(1),
      repository: z.string().min(1),
      actionItemLabel: z.string().min(1),
      actionItemsRequireOwner: z.boolean(),
      /** Named reviewers a post-mortem needs before it counts as reviewed. */
      reviewersRequired: z.number().int().min(1).default(2),
      /** "If none ever ship, escalate": when every item of the last `lastPostMortems` is open. */
      unshipped: z
        .object({
          lastPostMortems: z.number().int().min(1).default(3),
          windowDays: z.number().positive().default(30),
          /** A Slack DM to the EM on-call, or a post in the incidents channel. */
          notify: z.enum(['em-dm', 'incidents-channel']).default('em-dm'),
        })
        .default({ lastPostMortems: 3, windowDays: 30, notify: 'em-dm' }),
    }),
    customerEmail: z.object({
      dueHours: z.number().positive(),
      severities: z.array(Severity),
      owner: z.enum(['comms']),
      templatePath: z.string().min(1),
      tone: z.array(z.string()),
      maxApologies: z.number().int().min(1),
      maxWords: z.number().int().positive(),
    }),
    runbookUrl: httpsUrl,
    slack: z.object({
      /** Tokens: `{yyyymmdd}` and `{slug}`. */
      channelNameTemplate: z.string().min(1),
      announcementChannel: z.string().min(1),
    }),
    linear: z.object({ incidentLabel: z.string().min(1) }),
    /**
     * Declarations that page through PagerDuty: the escalation policies added as responders
     * (`POST /incidents/{id}/responder_requests`) where the severity pages the EM or the founder
     * (SEV-1). Unset: only the service's own escalation policy is paged, and the review says so.
     */
    pagerduty: z
      .object({
        emEscalationPolicyId: z.string().trim().min(1).max(100).optional(),
        founderEscalationPolicyId: z.string().trim().min(1).max(100).optional(),
      })
      .optional(),
    /** The pager's own reminders (issue 13); a team file may leave it out or set any part. */
    pager: PagerRules.default(DEFAULT_PAGER_RULES),
    /** The hand-off brief and the calendar export (issue 13). */
    handoff: z
      .object({
        /** Slack channel (id or `#name`) the brief is posted to; `''`: Copy only. */
        slackChannel: z.string().default(''),
        /** Notify at the end of my shift with an action to open the brief. */
        notifyAtShiftEnd: z.boolean().default(true),
        /** How many days ahead "Export my shifts" covers. */
        calendarDays: z.number().int().min(1).max(365).default(30),
      })
      .default({ slackChannel: '', notifyAtShiftEnd: true, calendarDays: 30 }),
  })
  .superRefine((p, ctx) => {
    const levels = p.severities.map((s) => s.level).join(',');
    if (levels !== '1,2,3') {
      ctx.addIssue({
        code: 'custom',
        path: ['severities'],
        message: 'expected SEV-1, SEV-2 and SEV-3 in that order (levels 1, 2, 3)',
      });
    }
    const after = p.escalation.steps.map((s) => s.afterSeconds);
    if (after.some((a, i) => i > 0 && a <= (after[i - 1] ?? 0))) {
      ctx.addIssue({
        code: 'custom',
        path: ['escalation', 'steps'],
        message: 'expected afterSeconds to increase from step to step',
      });
    }
  });
export type Playbook = z.infer<typeof Playbook>;

/** The company policy, rule by rule. Each field cites the policy sentence it encodes. */
export const DEFAULT_PLAYBOOK: Playbook = {
  version: 1,
  name: 'Zephyr incident response (company policy)',
  // "You will not be punished for declaring an incident that turned out not to be one."
  reassurance:
    'You will not be punished for declaring an incident that turned out not to be one. ' +
    'The cost of false positives is small; the cost of false negatives is missed pages, ' +
    'frustrated customers, and unanswered status pages.',
  severities: [
    {
      level: 1,
      name: 'SEV-1',
      summary: 'Region down, multi-tenant outage or data breach',
      examples: ['Region down.', 'Payment provider down across multiple tenants.', 'Data breach.'],
      whoJoins: 'All platform on-call + EM on-call + founder on-call',
      pages: ['platform-all', 'em', 'founder'],
      statusPage: true,
      statusPageImpact: 'critical',
      customerEmail: true,
    },
    {
      level: 2,
      name: 'SEV-2',
      summary: 'One service unhealthy, customer-visible degradation, no data loss',
      examples: ['One service unhealthy, customer-visible degradation, no data loss.'],
      whoJoins: 'Service owner + platform on-call',
      pages: ['service-owner', 'platform-oncall'],
      statusPage: true,
      statusPageImpact: 'major',
      customerEmail: true,
    },
    {
      level: 3,
      name: 'SEV-3',
      summary: 'Internal degradation, no customer impact',
      examples: ['Internal degradation, no customer impact.'],
      whoJoins: 'Service owner only',
      pages: ['service-owner'],
      // "The CLI creates the Slack channel, the status page entry, and the Linear ticket": for
      // every severity. The declarer may untick it at review, with a reason.
      statusPage: true,
      statusPageImpact: 'none',
      customerEmail: false,
    },
  ],
  // "nobody answers within 5 minutes … next person in the rotation … 5 more … EM on-call …
  // they don't answer, the founder on-call is paged."
  escalation: {
    steps: [
      { afterSeconds: 0, role: 'rotation' },
      { afterSeconds: 300, role: 'rotation-next' },
      { afterSeconds: 600, role: 'em' },
      { afterSeconds: 900, role: 'founder' },
    ],
  },
  // "Status updates land in the channel and on the status page every 15 minutes minimum."
  statusUpdates: {
    cadenceMinutes: 15,
    overdueRepeatMinutes: 5,
    channels: ['slack', 'statuspage', 'platform'],
  },
  // "Three roles, even for a small SEV-2."
  roles: {
    commander: {
      required: true,
      title: 'Incident commander',
      description:
        'Owns the timeline, the decisions, the channel. Not necessarily the most technical person; the calmest one.',
    },
    comms: {
      required: true,
      title: 'Comms',
      description:
        'Owns the status page, the customer email, the after-action announcement. Often the EM.',
    },
    investigators: {
      title: 'Investigators',
      description: 'The people in the code. Usually two; one drives, one rubber-ducks.',
      count: 2,
    },
  },
  // "A blameless post-mortem within 72 hours, drafted by the IC … action items, each owned by a
  // named person and ticketed in Linear with a 'post-mortem' label."
  postMortem: {
    dueHours: 72,
    blameless: true,
    owner: 'commander',
    templatePath: 'runbooks/post-mortem-template.md',
    repository: 'platform',
    actionItemLabel: 'post-mortem',
    actionItemsRequireOwner: true,
    // "Reviewed by the team": at least two named reviewers.
    reviewersRequired: 2,
    // "If none ever ship, escalate that pattern": the last 3 post-mortems, 30 days, to the EM.
    unshipped: { lastPostMortems: 3, windowDays: 30, notify: 'em-dm' },
  },
  // "For SEV-1 and SEV-2 we send a customer email within 24 hours of resolution … factual,
  // brief, no marketing language. Apologise once."
  customerEmail: {
    dueHours: 24,
    severities: [1, 2],
    owner: 'comms',
    templatePath: 'comms/incident-email-template.md',
    tone: ['factual', 'brief', 'no marketing language'],
    maxApologies: 1,
    maxWords: 250,
  },
  // "The runbook lives in the platform repo at runbooks/incident.md."
  runbookUrl: 'https://github.com/zephyr-platform/platform/blob/main/runbooks/incident.md',
  slack: {
    channelNameTemplate: 'inc-{yyyymmdd}-{slug}',
    announcementChannel: '#incidents',
  },
  linear: { incidentLabel: 'incident' },
  // Not in the policy: the pager's own reminders (README "Shift readiness, ack timeout, quiet hours").
  pager: DEFAULT_PAGER_RULES,
  handoff: { slackChannel: '', notifyAtShiftEnd: true, calendarDays: 30 },
};
