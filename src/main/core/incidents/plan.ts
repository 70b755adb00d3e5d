/**
 * The declaration planner: who the policy pages for a severity (from the rotation feed), the
 * default roles, the severity suggestion, the Slack channel name, the equivalent CLI command,
 * and which actions will run. Pure functions: no I/O, time passed in.
 */
import type { Person, Rotation, Severity, Shift } from '../../../shared/domain.js';
import {
  ACTION_IDS,
  type ActionId,
  type DeclarationInput,
  type DeclarationPaging,
  type DeclarationPlan,
  type PagedPerson,
  type PlannedAction,
  type SeverityAnswers,
} from '../../../shared/declaration.js';
import type { Playbook, SeverityRule } from '../../../shared/playbook.js';
import { pagerdutyLadder, pagerdutyLadderWarning } from './pagerduty-ladder.js';
import { inviteList, planPaging, roleBlockers, ruleFor } from './paging-plan.js';

/** Which integrations are configured (a token and the settings each needs). */
export interface ConnectedIntegrations {
  platform: boolean;
  slack: boolean;
  statuspage: boolean;
  linear: boolean;
  /** A PagerDuty token is set: a declaration may page through PagerDuty. */
  pagerduty?: boolean;
}

/** Where a declaration pages; an absent `paging` (older declarations) is the platform. */
export function pagingOf(input: Pick<DeclarationInput, 'paging'>): DeclarationPaging {
  return input.paging ?? { via: 'platform' };
}

/** The PagerDuty urgency of a severity: high (phones ring) for SEV-1 and SEV-2, low for SEV-3. */
export function pagerdutyUrgency(severity: Severity): 'high' | 'low' {
  return severity === 3 ? 'low' : 'high';
}

/** People on shift now in every rotation of `kind` (all levels, or only `level`). */
function onShift(
  rotations: Rotation[],
  now: number,
  filter: (r: Rotation) => boolean,
  level?: number,
): Shift[] {
  return rotations
    .filter(filter)
    .flatMap((r) => r.shifts)
    .filter((s) => Date.parse(s.start) <= now && now < Date.parse(s.end))
    .filter((s) => level === undefined || s.level === level)
    .sort((a, b) => a.level - b.level);
}

/** Level 1 of the rotation of kind `service` whose `service` is `service` (case-insensitive). */
export function serviceOwner(
  rotations: Rotation[],
  service: string | undefined,
  now: number,
): Person | undefined {
  if (!service) return undefined;
  const wanted = service.trim().toLowerCase();
  return onShift(
    rotations,
    now,
    (r) => r.kind === 'service' && r.service?.toLowerCase() === wanted,
    1,
  )[0]?.person;
}

/** Level 1 of the platform rotation now. */
export function platformOnCall(rotations: Rotation[], now: number): Person | undefined {
  return onShift(rotations, now, (r) => r.kind === 'platform', 1)[0]?.person;
}

/** Level 1 of the `em` or `founder` rotation now. */
export function roleOnCall(
  rotations: Rotation[],
  kind: 'em' | 'founder',
  now: number,
): Person | undefined {
  return onShift(rotations, now, (r) => r.kind === kind, 1)[0]?.person;
}

/** Who a severity pages and why, plus warnings the Review step must show. */
export interface PagingResult {
  paged: PagedPerson[];
  warnings: string[];
}

/**
 * Who the pages of `severity` notify at once (see `planPaging`): level 1 of each paged
 * rotation, and for SEV-1 every platform on-call person but the declarer. Each person once,
 * with every reason.
 */
export function whoIsPaged(args: {
  playbook: Playbook;
  rotations: Rotation[];
  severity: Severity;
  service?: string;
  now: number;
  me?: Person;
}): PagingResult {
  const { paged, warnings } = planPaging(args);
  return { paged, warnings };
}

/** The playbook's rule for `severity`. */
export function severityRule(playbook: Playbook, severity: Severity): SeverityRule {
  return ruleFor(playbook, severity);
}

/** Default roles: I command, the EM on-call does comms, the service owner and platform on-call investigate. */
export function defaultRoles(args: {
  rotations: Rotation[];
  me: Person;
  service?: string;
  now: number;
}): DeclarationInput['roles'] {
  const comms = roleOnCall(args.rotations, 'em', args.now);
  const investigators: Person[] = [];
  for (const p of [
    serviceOwner(args.rotations, args.service, args.now),
    platformOnCall(args.rotations, args.now),
  ]) {
    if (p && p.id !== args.me.id && !investigators.some((i) => i.id === p.id))
      investigators.push(p);
  }
  return { commander: args.me, ...(comms ? { comms } : {}), investigators };
}

/**
 * The severity the answers point to, or `null` while they do not decide: an unanswered question
 * never counts as yes (the declarer answers or picks). Data lost or exposed, or multi-tenant /
 * region down → SEV-1; otherwise customer-visible → SEV-2; no to all three → SEV-3.
 */
export function suggestSeverity(
  answers: SeverityAnswers,
): { severity: Severity; reason: string } | null {
  if (answers.dataLostOrExposed === true)
    return { severity: 1, reason: 'Data was lost or exposed.' };
  if (answers.multiTenantOrRegionDown === true) {
    return { severity: 1, reason: 'Several tenants or a whole region are down.' };
  }
  if (answers.dataLostOrExposed !== false || answers.multiTenantOrRegionDown !== false) return null;
  if (answers.customerVisible === true) return { severity: 2, reason: 'Customers can see it.' };
  if (answers.customerVisible === false) {
    return { severity: 3, reason: 'Internal only: no customer impact, no data loss.' };
  }
  return null;
}

/** Longest Slack channel name. */
const CHANNEL_MAX = 80;

/** `summary` as a Slack-safe slug (`checkout-p99-elevated`); `incident` when nothing is left. */
export function slugify(summary: string): string {
  const slug = summary
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'incident';
}

/**
 * The channel name from the playbook's template (`{yyyymmdd}` in UTC, `{slug}` of the summary),
 * made Slack-valid: lowercase, only `a-z 0-9 - _`, at most 80 characters, no trailing dash.
 */
export function channelName(template: string, at: number, summary: string): string {
  const d = new Date(at);
  const yyyymmdd = `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
  const name = template
    .replaceAll('{yyyymmdd}', yyyymmdd)
    .replaceAll('{slug}', slugify(summary))
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .slice(0, CHANNEL_MAX)
    .replace(/^[-_]+|[-_]+$/g, '');
  return name || `inc-${yyyymmdd}`;
}

/** `value` quoted for a POSIX shell (single quotes; embedded quotes closed and escaped). */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

/** The same declaration as `zephyr incident open …` (the policy's CLI). */
export function cliCommand(
  input: Pick<DeclarationInput, 'severity' | 'summary' | 'service' | 'region'>,
): string {
  const parts = [
    'zephyr',
    'incident',
    'open',
    '--sev',
    String(input.severity),
    '--summary',
    shellQuote(input.summary),
  ];
  if (input.service) parts.push('--service', shellQuote(input.service));
  if (input.region) parts.push('--region', shellQuote(input.region));
  return parts.join(' ');
}

/** Why an action will not run, or `undefined` when it will. Shared by the planner and the runner. */
export function skipReason(
  id: ActionId,
  args: {
    connected: ConnectedIntegrations;
    rule: SeverityRule;
    pagedCount: number;
    paging?: DeclarationPaging;
    /** The status page entry unticked at review, with its reason. */
    statusPageOptOut?: { reason: string };
  },
): string | undefined {
  const { connected, rule } = args;
  if (id === 'pages' && args.paging?.via === 'pagerduty') {
    return connected.pagerduty ? undefined : 'PagerDuty is not connected';
  }
  if (id === 'platform-incident')
    return connected.platform ? undefined : 'The Zephyr platform is not connected';
  if (id === 'platform-links')
    return connected.platform ? undefined : 'The Zephyr platform is not connected';
  if (id === 'pages') {
    if (!connected.platform) return 'The Zephyr platform is not connected';
    return args.pagedCount === 0 ? 'Nobody is on shift to page' : undefined;
  }
  if (id.startsWith('slack-')) return connected.slack ? undefined : 'Slack is not connected';
  if (id === 'statuspage') {
    if (!rule.statusPage) return `${rule.name} does not go on the status page (playbook)`;
    if (args.statusPageOptOut) return `Unticked at review: ${args.statusPageOptOut.reason}`;
    return connected.statuspage ? undefined : 'Statuspage is not connected';
  }
  return connected.linear ? undefined : 'Linear is not connected';
}

/** What each action does, in words for the Review and Run screens. */
export function actionLabel(
  id: ActionId,
  args: {
    rule: SeverityRule;
    channelName: string;
    pagedCount: number;
    playbook: Playbook;
    paging?: DeclarationPaging;
  },
): string {
  if (id === 'pages' && args.paging?.via === 'pagerduty') {
    const urgency = pagerdutyUrgency(args.rule.level);
    const responders = pagerdutyLadder(args.playbook, args.rule).policyIds.length;
    const adds =
      responders > 0
        ? `, with ${responders} escalation ${responders === 1 ? 'policy' : 'policies'} (EM, founder) added as responders`
        : '';
    return `Page through PagerDuty: one ${urgency}-urgency incident on ${args.paging.serviceName}${adds} (no platform pages)`;
  }
  switch (id) {
    case 'platform-incident':
      return `Open a ${args.rule.name} incident on the Zephyr platform`;
    case 'pages':
      return `Create ${args.pagedCount} ${args.pagedCount === 1 ? 'page' : 'pages'} (rotations escalate to level 2, the EM, the founder)`;
    case 'slack-channel':
      return `Create #${args.channelName}`;
    case 'slack-topic':
      return 'Set the channel topic and purpose';
    case 'slack-invite':
      return 'Invite everyone paged, the commander, comms and investigators';
    case 'statuspage':
      return `Post "investigating" on the status page (impact ${args.rule.statusPageImpact})`;
    case 'linear':
      return `Open a Linear ticket labelled ${args.playbook.linear.incidentLabel}, ${args.rule.name}`;
    case 'slack-kickoff':
      return 'Post the kick-off message';
    case 'slack-runbook':
      return 'Post and pin the runbook';
    case 'platform-links':
      return 'Link the channel, status page, ticket and runbook on the platform incident';
  }
}

/** Everything the Review step shows for `input`. */
export function planDeclaration(
  input: DeclarationInput,
  ctx: {
    playbook: Playbook;
    rotations: Rotation[];
    now: number;
    me?: Person;
    connected: ConnectedIntegrations;
  },
): DeclarationPlan {
  const rule = severityRule(ctx.playbook, input.severity);
  const paging = pagingOf(input);
  const viaPlatform = planPaging({
    playbook: ctx.playbook,
    rotations: ctx.rotations,
    severity: input.severity,
    now: ctx.now,
    ...(input.service ? { service: input.service } : {}),
    ...(input.serviceRotationId ? { serviceRotationId: input.serviceRotationId } : {}),
    ...(ctx.me ? { me: ctx.me } : {}),
  });
  // Through PagerDuty, the service's escalation policy decides who is paged, not the rotation feed.
  const viaPagerDuty = paging.via === 'pagerduty';
  const paged = viaPagerDuty ? [] : viaPlatform.paged;
  const targets = viaPagerDuty ? [] : viaPlatform.targets;
  const warnings = viaPagerDuty ? [] : [...viaPlatform.warnings];
  const blockers = [
    ...(viaPagerDuty ? [] : viaPlatform.blockers),
    ...roleBlockers(input, ctx.playbook),
  ];
  const ladder = pagerdutyLadder(ctx.playbook, rule);
  const ladderWarning = viaPagerDuty ? pagerdutyLadderWarning(ladder, rule) : undefined;
  if (ladderWarning) warnings.push(ladderWarning);
  if (viaPagerDuty && !ctx.connected.pagerduty) {
    warnings.push(
      'PagerDuty is not connected: nobody is paged. Add a PagerDuty token in Settings or page through the platform.',
    );
  }
  const name = channelName(ctx.playbook.slack.channelNameTemplate, ctx.now, input.summary);
  const actions: PlannedAction[] = ACTION_IDS.map((id) => {
    const reason = skipReason(id, {
      connected: ctx.connected,
      rule,
      pagedCount: targets.length,
      paging,
      ...(input.statusPageOptOut ? { statusPageOptOut: input.statusPageOptOut } : {}),
    });
    return {
      id,
      label: actionLabel(id, {
        rule,
        channelName: name,
        pagedCount: targets.length,
        playbook: ctx.playbook,
        paging,
      }),
      willRun: reason === undefined,
      ...(reason ? { skippedReason: reason } : {}),
    };
  });
  return {
    actions,
    pagedPeople: paged,
    pageTargets: targets,
    invitees: inviteList(targets, input.roles),
    needsRotationChoice: !viaPagerDuty && viaPlatform.needsRotationChoice,
    rotationChoices: viaPagerDuty ? [] : viaPlatform.rotationChoices,
    warnings,
    blockers,
    channelName: name,
    cliCommand: cliCommand(input),
    ...(viaPagerDuty
      ? {
          pagerduty: {
            serviceId: paging.serviceId,
            serviceName: paging.serviceName,
            urgency: pagerdutyUrgency(input.severity),
          },
          cliNote:
            'The CLI command pages through the Zephyr platform (the people the policy names), not through PagerDuty.',
        }
      : {}),
  };
}
