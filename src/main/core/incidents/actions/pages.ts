/**
 * `pages`: pages each target of the plan through the platform (`POST /v1/pages`, one per rotation
 * or person, each carrying the incident's id so the platform's paging group notifies nobody twice;
 * saved after each), or, when the declaration pages through PagerDuty, opens ONE PagerDuty
 * incident on the chosen service (its `incident_key` derived from the declaration id).
 */
import type { Declaration } from '../../../../shared/declaration.js';
import { errorMessage } from '../../integrations/integration-error.js';
import { pagerdutyLadder } from '../pagerduty-ladder.js';
import { pagerdutyUrgency, pagingOf } from '../plan.js';
import {
  DeclarationSaveError,
  type ActionContext,
  type ActionOutcome,
  type DeclarationAction,
} from './action.js';
import { pageKey, pagerdutyIncidentKey, pageTargetsOf, targetKey } from './keys.js';

/** Pages the plan's targets (or the PagerDuty service); a page already sent is not sent again. */
export const pagesAction: DeclarationAction = {
  id: 'pages',
  async perform(ctx) {
    const paging = pagingOf(ctx.declaration.input);
    if (paging.via === 'pagerduty') return pageThroughPagerDuty(ctx, paging);
    return pageThroughPlatform(ctx);
  },
};

async function pageThroughPlatform(ctx: ActionContext): Promise<ActionOutcome> {
  const { declaration: d, rule } = ctx;
  const platform = ctx.integrations.platform;
  if (!platform) throw new Error('The Zephyr platform is not connected');
  const r = d.results;
  const input = d.input;
  const failures: string[] = [];
  const targets = pageTargetsOf(d);
  for (const t of targets) {
    const key = targetKey(t);
    if (r.pagedIds[key]) continue;
    try {
      const page = await platform.createPage(
        {
          title: `${rule.name}: ${input.summary}`,
          severity: input.severity,
          ...(input.service ? { service: input.service } : {}),
          ...(r.incidentId ? { incidentId: r.incidentId } : {}),
          target: t.target,
        },
        pageKey(d.id, key),
      );
      r.pagedIds[key] = page.id;
      if (!r.pageIds.includes(page.id)) r.pageIds.push(page.id);
      ctx.save();
    } catch (err) {
      if (err instanceof DeclarationSaveError) throw err;
      failures.push(`${t.label}: ${errorMessage(err)}`);
    }
  }
  if (failures.length > 0) {
    throw new Error(`Could not page ${failures.join('; ')}`);
  }
  return { detail: `Paged ${targets.map((t) => t.label).join(', ')}` };
}

/** The `pages` action through PagerDuty: one incident on the service, never a second. */
async function pageThroughPagerDuty(
  ctx: ActionContext,
  paging: { serviceId: string; serviceName: string },
): Promise<ActionOutcome> {
  const pagerduty = ctx.integrations.pagerduty;
  if (!pagerduty) throw new Error('PagerDuty is not connected');
  const d: Declaration = ctx.declaration;
  const r = d.results;
  const key = pagerdutyIncidentKey(d.id);
  // The HTTP layer times out on the app clock; nothing else cancels a declaration's action.
  const signal = new AbortController().signal;
  if (!r.pagerdutyIncidentId) {
    let incident = ctx.resumed ? await pagerduty.findIncidentByKey(key, signal) : undefined;
    if (!incident) {
      try {
        incident = await pagerduty.createIncident(
          {
            serviceId: paging.serviceId,
            title: `${ctx.rule.name}: ${d.input.summary}`,
            urgency: pagerdutyUrgency(d.input.severity),
            incidentKey: key,
          },
          signal,
        );
      } catch (err) {
        // An earlier attempt may have opened it and lost the answer: PagerDuty refuses the key then.
        incident = await pagerduty.findIncidentByKey(key, signal).catch(() => undefined);
        if (!incident) throw err;
      }
    }
    r.pagerdutyIncidentId = incident.id;
    if (incident.links?.incident) r.pagerdutyIncidentUrl = incident.links.incident;
    ctx.save();
  }
  const responders = await addLadderResponders(ctx, pagerduty, r.pagerdutyIncidentId, signal);
  return {
    detail: `PagerDuty incident ${r.pagerdutyIncidentId} opened on ${paging.serviceName}${responders}; platform pages skipped: paged through PagerDuty`,
    ...(r.pagerdutyIncidentUrl ? { link: r.pagerdutyIncidentUrl } : {}),
  };
}

/**
 * The ladder through PagerDuty: where the severity pages the EM and the founder, their escalation
 * policies (from the playbook) are added as responders, once (saved before the next step).
 */
async function addLadderResponders(
  ctx: ActionContext,
  pagerduty: NonNullable<ActionContext['integrations']['pagerduty']>,
  incidentId: string,
  signal: AbortSignal,
): Promise<string> {
  const r = ctx.declaration.results;
  const ladder = pagerdutyLadder(ctx.playbook, ctx.rule);
  const todo = ladder.policyIds.filter((id) => !(r.pagerdutyResponders ?? []).includes(id));
  if (todo.length > 0) {
    await pagerduty.addResponders(
      incidentId,
      todo,
      `${ctx.rule.name}: ${ctx.declaration.input.summary} (the policy pages the EM and founder on-call)`,
      signal,
    );
    r.pagerdutyResponders = [...(r.pagerdutyResponders ?? []), ...todo];
    ctx.save();
  }
  const added = r.pagerdutyResponders?.length ?? 0;
  const missing =
    ladder.missing.length > 0
      ? `; no PagerDuty policy set for the ${ladder.missing.join(' and ')}`
      : '';
  return `${added > 0 ? `, ${added} escalation ${added === 1 ? 'policy' : 'policies'} added as responders` : ''}${missing}`;
}
