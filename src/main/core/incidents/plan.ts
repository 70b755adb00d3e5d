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
import type { PageTargetRole, Playbook, SeverityRule } from '../../../shared/playbook.js';

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
 * Resolves the playbook's `pages` roles for `severity` against the rotation feed at `now`.
 * A person reached by several roles is listed once, with every reason. When no service rotation
 * matches, the platform on-call is paged instead and a warning says so. `me` (the declarer) is
 * not paged: they are already here, and a warning says so.
 */
export function whoIsPaged(args: {
  playbook: Playbook;
  rotations: Rotation[];
  severity: Severity;
  service?: string;
  now: number;
  me?: Person;
}): PagingResult {
  const { rotations, now } = args;
  const rule = severityRule(args.playbook, args.severity);
  const byId = new Map<string, PagedPerson>();
  const warnings: string[] = [];
  const add = (person: Person | undefined, why: string) => {
    if (!person) return;
    const seen = byId.get(person.id);
    if (seen) {
      if (!seen.why.includes(why)) seen.why = `${seen.why}; ${why}`;
    } else byId.set(person.id, { person, why });
  };
  const missing = (what: string) =>
    warnings.push(`Nobody is on shift now as ${what}: nobody is paged for it.`);
  for (const role of rule.pages as PageTargetRole[]) {
    if (role === 'platform-all') {
      const shifts = onShift(rotations, now, (r) => r.kind === 'platform');
      if (shifts.length === 0) missing('platform on-call');
      for (const s of shifts) add(s.person, `platform on-call (level ${s.level})`);
    } else if (role === 'platform-oncall') {
      const p = platformOnCall(rotations, now);
      if (!p) missing('platform on-call');
      add(p, 'platform on-call');
    } else if (role === 'service-owner') {
      const owner = serviceOwner(rotations, args.service, now);
      if (owner) {
        add(owner, `owner of ${args.service ?? ''}`);
      } else {
        const fallback = platformOnCall(rotations, now);
        warnings.push(
          args.service
            ? `No rotation owns the service '${args.service}' right now: paging the platform on-call instead.`
            : `No service was given, so there is no service owner: paging the platform on-call instead.`,
        );
        add(fallback, 'platform on-call, standing in for the service owner');
      }
    } else {
      const p = roleOnCall(rotations, role, now);
      if (!p) missing(role === 'em' ? 'EM on-call' : 'founder on-call');
      add(p, role === 'em' ? 'EM on-call' : 'founder on-call');
    }
  }
  if (args.me && byId.has(args.me.id)) {
    const mine = byId.get(args.me.id);
    byId.delete(args.me.id);
    warnings.push(`You are ${mine?.why ?? 'on call'}: you are not paged, since you are declaring.`);
  }
  return { paged: [...byId.values()], warnings };
}

/** The playbook's rule for `severity`. */
export function severityRule(playbook: Playbook, severity: Severity): SeverityRule {
  const rule = playbook.severities.find((s) => s.level === severity);
  if (!rule) throw new Error(`the playbook has no rule for SEV-${severity}`);
  return rule;
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
 * The severity the policy suggests. "When in doubt, the higher one": an unanswered question
 * counts as yes. Data lost or exposed, or multi-tenant/region down → SEV-1; customer-visible →
 * SEV-2; otherwise SEV-3.
 */
export function suggestSeverity(answers: SeverityAnswers): { severity: Severity; reason: string } {
  const yes = (v: boolean | undefined) => v !== false;
  if (yes(answers.dataLostOrExposed))
    return {
      severity: 1,
      reason:
        answers.dataLostOrExposed === undefined
          ? 'Data loss or exposure is not ruled out: when in doubt, the higher one.'
          : 'Data was lost or exposed.',
    };
  if (yes(answers.multiTenantOrRegionDown))
    return {
      severity: 1,
      reason:
        answers.multiTenantOrRegionDown === undefined
          ? 'A multi-tenant or region outage is not ruled out: when in doubt, the higher one.'
          : 'Several tenants or a whole region are down.',
    };
  if (yes(answers.customerVisible))
    return {
      severity: 2,
      reason:
        answers.customerVisible === undefined
          ? 'Customer impact is not ruled out: when in doubt, the higher one.'
          : 'Customers can see it.',
    };
  return { severity: 3, reason: 'Internal only: no customer impact, no data loss.' };
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
    return `Page through PagerDuty: one ${urgency}-urgency incident on ${args.paging.serviceName} (no platform pages)`;
  }
  switch (id) {
    case 'platform-incident':
      return `Open a ${args.rule.name} incident on the Zephyr platform`;
    case 'pages':
      return `Page ${args.pagedCount} ${args.pagedCount === 1 ? 'person' : 'people'}`;
    case 'slack-channel':
      return `Create #${args.channelName}`;
    case 'slack-topic':
      return 'Set the channel topic and purpose';
    case 'slack-invite':
      return 'Invite the commander, comms and investigators';
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
  const viaPlatform = whoIsPaged({
    playbook: ctx.playbook,
    rotations: ctx.rotations,
    severity: input.severity,
    now: ctx.now,
    ...(input.service ? { service: input.service } : {}),
    ...(ctx.me ? { me: ctx.me } : {}),
  });
  // Through PagerDuty, the service's escalation policy decides who is paged, not the rotation feed.
  const { paged, warnings } =
    paging.via === 'pagerduty' ? { paged: [], warnings: [] as string[] } : viaPlatform;
  if (paging.via === 'pagerduty' && !ctx.connected.pagerduty) {
    warnings.push(
      'PagerDuty is not connected: nobody is paged. Add a PagerDuty token in Settings or page through the platform.',
    );
  }
  const name = channelName(ctx.playbook.slack.channelNameTemplate, ctx.now, input.summary);
  const actions: PlannedAction[] = ACTION_IDS.map((id) => {
    const reason = skipReason(id, {
      connected: ctx.connected,
      rule,
      pagedCount: paged.length,
      paging,
    });
    return {
      id,
      label: actionLabel(id, {
        rule,
        channelName: name,
        pagedCount: paged.length,
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
    warnings,
    channelName: name,
    cliCommand: cliCommand(input),
    ...(paging.via === 'pagerduty'
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
