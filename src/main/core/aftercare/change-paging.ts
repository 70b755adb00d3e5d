/**
 * Who a raised severity pages: the targets of the new severity's rule (the declaration's own
 * planner, `../incidents/paging-plan.ts`) that are not paged yet, each page carrying the
 * incident's `incidentId` so the platform's paging group keeps anyone already notified from a
 * second notification. "Paged yet": the declaration's page targets (or, for an incident not
 * declared here, the targets of the severity it had), plus the pages earlier changes sent; a page
 * that failed is tried again. Through PagerDuty (a declaration that paged through it), the
 * ladder's escalation policies are added as responders instead. Everyone newly paged is invited
 * to the Slack channel.
 */
import { IpcError } from '../../../shared/contract.js';
import type { ChangePage } from '../../../shared/aftercare/timeline.js';
import type { Declaration } from '../../../shared/declaration.js';
import type { Incident, Person, Severity } from '../../../shared/domain.js';
import { errorMessage } from '../integrations/integration-error.js';
import { pageTargetsOf, targetKey } from '../incidents/actions/keys.js';
import { topicLine } from '../incidents/actions/texts.js';
import { pagerdutyLadder, pagerdutyLadderWarning } from '../incidents/pagerduty-ladder.js';
import { planPaging, ruleFor } from '../incidents/paging-plan.js';
import type { IncidentRecord } from './aftercare-store.js';
import { targetsOf } from './console.js';
import { iso, type AftercareContext } from './context.js';

/** What a raised severity paged. */
export interface SeverityPaging {
  /** Platform pages sent or tried now (`failed` ones say why). */
  pages: ChangePage[];
  /** PagerDuty escalation policies added as responders now, by name. */
  responders: string[];
  /** Everyone the new pages notify at once (invited to the channel). */
  reached: Person[];
  /** What the user should know: warnings of the plan, failures. */
  notes: string[];
  /** Pages and responders attempted (0: the severity adds nobody not paged yet). */
  attempted: number;
}

/** The Idempotency-Key of a change's page to one target: one page per incident and target. */
export function changePageKey(incidentId: string, key: string): string {
  return `zephyr-change:${incidentId}:page:${key}`;
}

/**
 * Throws `unavailable` when a raise could not page anyone through the platform (the rotation feed
 * not read yet): checked before the severity changes, so a change never goes half-way.
 */
export function assertCanPage(ctx: AftercareContext, incidentId: string): void {
  if (ctx.deps.declaration?.(incidentId)?.input.paging?.via === 'pagerduty') return;
  if (!ctx.deps.integrations().changes) return;
  if ((ctx.deps.rotations?.()?.rotations.length ?? 0) === 0) {
    throw new IpcError(
      'unavailable',
      'The rotation feed has not been read yet, so nobody could be paged: try again in a moment.',
    );
  }
}

/** Replaces (by key) or adds `page` in the record's change pages, and saves. */
function savePage(ctx: AftercareContext, incidentId: string, page: ChangePage): void {
  const r = ctx.record(incidentId);
  const others = r.changePages.filter((p) => p.key !== page.key);
  ctx.save({ ...r, changePages: [...others, page] });
}

/** Pages the targets `severity` adds on the platform, once each; see the module comment. */
async function throughPlatform(
  ctx: AftercareContext,
  r: IncidentRecord,
  declaration: Declaration | undefined,
  severity: Severity,
  from: Severity,
): Promise<SeverityPaging> {
  const out: SeverityPaging = { pages: [], responders: [], reached: [], notes: [], attempted: 0 };
  const client = ctx.deps.integrations().changes;
  const feed = ctx.deps.rotations?.();
  if (!client || !feed) return out;
  const playbook = ctx.deps.playbook();
  const me = ctx.me() ?? feed.me;
  const service = declaration?.input.service ?? r.incident.service;
  const serviceRotationId = declaration?.input.serviceRotationId;
  const plan = (level: Severity) =>
    planPaging({
      playbook,
      rotations: feed.rotations,
      severity: level,
      now: ctx.deps.clock.now() + feed.skewMs,
      ...(me ? { me } : {}),
      ...(service ? { service } : {}),
      ...(serviceRotationId ? { serviceRotationId } : {}),
    });
  const failed = new Set(r.changePages.filter((p) => p.status === 'failed').map((p) => p.key));
  const baseline = declaration ? pageTargetsOf(declaration) : plan(from).targets;
  const covered = new Set([
    ...baseline.map(targetKey).filter((k) => !failed.has(k)),
    ...r.changePages.filter((p) => p.status === 'paged').map((p) => p.key),
  ]);
  const wanted = plan(severity);
  out.notes.push(...wanted.warnings.filter((w) => !w.startsWith('Your own phone')));
  const rule = ruleFor(playbook, severity);
  for (const t of wanted.targets) {
    const key = targetKey(t);
    if (covered.has(key)) continue;
    out.attempted += 1;
    const base = {
      key,
      label: t.label,
      reaches: t.reachesNow.map((p) => p.name),
      severity,
      at: iso(ctx.platformNow(r.sourceId)),
    };
    let page: ChangePage;
    try {
      const sent = await client.createPage(
        {
          title: `${rule.name}: ${r.incident.summary}`,
          severity,
          ...(r.incident.service ? { service: r.incident.service } : {}),
          incidentId: r.incidentId,
          target: t.target,
        },
        changePageKey(r.incidentId, key),
      );
      page = { ...base, status: 'paged', pageId: sent.id };
      out.reached.push(...t.reachesNow);
    } catch (error) {
      page = { ...base, status: 'failed', message: errorMessage(error) };
    }
    savePage(ctx, r.incidentId, page);
    out.pages.push(page);
  }
  if (out.attempted === 0 && severity < from) {
    out.notes.push(`Everyone SEV-${severity} pages was already paged for this incident.`);
  }
  return out;
}

/** Adds the ladder's escalation policies `severity` needs as responders to the PagerDuty incident. */
async function throughPagerDuty(
  ctx: AftercareContext,
  r: IncidentRecord,
  declaration: Declaration,
  severity: Severity,
): Promise<SeverityPaging> {
  const out: SeverityPaging = { pages: [], responders: [], reached: [], notes: [], attempted: 0 };
  const playbook = ctx.deps.playbook();
  const rule = ruleFor(playbook, severity);
  const ladder = pagerdutyLadder(playbook, rule);
  const warning = pagerdutyLadderWarning(ladder, rule);
  if (warning) out.notes.push(warning);
  const incidentId = declaration.results.pagerdutyIncidentId;
  const done = new Set([
    ...(declaration.results.pagerdutyResponders ?? []),
    ...r.pagerdutyResponders,
  ]);
  const todo = ladder.policyIds.filter((id) => !done.has(id));
  if (todo.length === 0) return out;
  out.attempted = todo.length;
  const pagerduty = ctx.deps.integrations().pagerduty;
  const nameOf = (id: string) =>
    id === playbook.pagerduty?.emEscalationPolicyId
      ? 'the EM on-call policy'
      : 'the founder on-call policy';
  try {
    if (!incidentId) throw new Error('the declaration opened no PagerDuty incident');
    if (!pagerduty?.addResponders) throw new Error('PagerDuty is not connected');
    await pagerduty.addResponders(
      incidentId,
      todo,
      `${rule.name}: ${r.incident.summary} (severity raised: the policy pages the EM and founder on-call)`,
      new AbortController().signal,
    );
    const latest = ctx.record(r.incidentId);
    ctx.save({ ...latest, pagerdutyResponders: [...latest.pagerdutyResponders, ...todo] });
    out.responders = todo.map(nameOf);
  } catch (error) {
    out.notes.push(
      `Could not add ${todo.map(nameOf).join(' and ')} as responders through PagerDuty: ${errorMessage(error)}`,
    );
  }
  return out;
}

/** Pages whoever `severity` adds to what incident `incidentId` (which had `from`) paged. */
export async function pageWhatSeverityAdds(
  ctx: AftercareContext,
  incidentId: string,
  severity: Severity,
  from: Severity,
): Promise<SeverityPaging> {
  const r = ctx.record(incidentId);
  const declaration = ctx.deps.declaration?.(incidentId);
  if (declaration?.input.paging?.via === 'pagerduty') {
    return throughPagerDuty(ctx, r, declaration, severity);
  }
  return throughPlatform(ctx, r, declaration, severity, from);
}

/** Invites `people` to the incident's Slack channel, when there is one; never throws. */
export async function inviteToChannel(
  ctx: AftercareContext,
  incident: Incident,
  people: readonly Person[],
): Promise<{ entry?: string; notes: string[] }> {
  const unique = people.filter((p, i) => people.findIndex((q) => q.id === p.id) === i);
  const slack = ctx.deps.integrations().slack;
  const channel = targetsOf(ctx, incident).slackChannel;
  if (unique.length === 0 || !slack || !channel) return { notes: [] };
  try {
    const { found, missing } = await slack.lookupUsers(unique);
    if (found.length > 0)
      await slack.invite(
        channel,
        found.map((f) => f.userId),
      );
    const notes = missing.length
      ? [
          `Not found in Slack (not invited): ${missing.map((m) => `${m.name} <${m.email}>`).join(', ')}`,
        ]
      : [];
    return found.length > 0
      ? { entry: `Invited ${found.map((f) => f.person.name).join(', ')} to the channel`, notes }
      : { notes };
  } catch (error) {
    return {
      notes: [
        `Could not invite ${unique.map((p) => p.name).join(', ')} to the Slack channel: ${errorMessage(error)}`,
      ],
    };
  }
}

/** The channel topic of `incident` at `severity`: severity, state, IC and summary. */
export function incidentTopic(
  ctx: AftercareContext,
  incident: Incident,
  severity: Severity,
): string {
  return topicLine({
    sev: ruleFor(ctx.deps.playbook(), severity).name,
    status: incident.status,
    commander: incident.roles.commander?.name,
    summary: incident.summary,
  });
}

/**
 * Sets the channel's topic again after the commander changed (the topic names the IC, as the
 * declaration set it). Best effort: no Slack or no channel is nothing to do; a failure is a note.
 */
export async function retopicChannel(
  ctx: AftercareContext,
  incident: Incident,
): Promise<{ entry?: string; notes: string[] }> {
  const slack = ctx.deps.integrations().slack;
  const channel = targetsOf(ctx, incident).slackChannel;
  if (!slack || !channel) return { notes: [] };
  const topic = incidentTopic(ctx, incident, incident.severity);
  try {
    await slack.setTopic(channel, topic);
    return { entry: `Channel topic set to “${topic}”`, notes: [] };
  } catch (error) {
    return { notes: [`Could not update the channel topic: ${errorMessage(error)}`] };
  }
}
