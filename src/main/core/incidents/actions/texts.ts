/**
 * The words a declaration posts: the Slack channel's purpose and topic, the kick-off message and
 * the Linear ticket's description. Pure functions of the declaration.
 */
import type { Person } from '../../../../shared/domain.js';
import type { Declaration } from '../../../../shared/declaration.js';
import { pagingOf } from '../plan.js';

/** Everyone with a role (commander, comms, investigators), each once. */
export function rolePeople(d: Declaration): Person[] {
  const { commander, comms, investigators } = d.input.roles;
  const all = [commander, ...(comms ? [comms] : []), ...investigators];
  return all.filter((p, i) => all.findIndex((q) => q.id === p.id) === i);
}

function mention(p: Person): string {
  return p.slackUserId ? `<@${p.slackUserId}>` : p.name;
}

/** The channel purpose; it names the declaration so a resume finds the channel again. */
export function purposeText(d: Declaration, sev: string): string {
  const suffix = ` · Zephyr declaration ${d.id}`;
  return `${sev}: ${d.input.summary}`.slice(0, 250 - suffix.length) + suffix;
}

/** A channel topic: the severity, the state, the commander and the summary. */
export function topicLine(t: {
  sev: string;
  status: string;
  commander: string | undefined;
  summary: string;
}): string {
  return `${t.sev} · ${t.status} · IC ${t.commander ?? 'unassigned'} · ${t.summary}`;
}

/** The channel topic a declaration sets. */
export function topicText(d: Declaration, sev: string): string {
  return topicLine({
    sev,
    status: 'investigating',
    commander: d.input.roles.commander.name,
    summary: d.input.summary,
  });
}

/** The first text of a status page entry (a declaration's, or one a raised severity opens). */
export const STATUSPAGE_FIRST_BODY =
  'We are investigating this issue and will post an update within 15 minutes.';

function rolesLines(d: Declaration): string[] {
  const { commander, comms, investigators } = d.input.roles;
  return [
    `Commander: ${mention(commander)}`,
    `Comms: ${comms ? mention(comms) : 'not assigned'}`,
    `Investigators: ${investigators.map(mention).join(', ') || 'not assigned'}`,
  ];
}

function linkLines(d: Declaration): string[] {
  const r = d.results;
  return [
    r.incidentId ? `Platform incident: ${r.incidentId}` : undefined,
    r.statusPageUrl ? `Status page: ${r.statusPageUrl}` : undefined,
    r.linearIssueUrl ? `Ticket: ${r.linearIssueUrl}` : undefined,
  ].filter((l): l is string => l !== undefined);
}

/** The kick-off message; `marker` lets a resume find it instead of posting it twice. */
export function kickoffText(d: Declaration, sev: string, marker: string): string {
  const where = [d.input.service, d.input.region].filter(Boolean).join(' · ');
  return [
    `:rotating_light: *${sev}: ${d.input.summary}*${where ? ` (${where})` : ''}`,
    ...rolesLines(d),
    ...linkLines(d),
    pagedLine(d),
    `Updates here and on the status page every 15 minutes, even if nothing changed.`,
    `_${marker}_`,
  ].join('\n');
}

function pagedLine(d: Declaration): string {
  const paging = pagingOf(d.input);
  if (paging.via === 'pagerduty') {
    const link = d.results.pagerdutyIncidentUrl ? ` (${d.results.pagerdutyIncidentUrl})` : '';
    return `Paged through PagerDuty: service ${paging.serviceName}${link}`;
  }
  return `Paged: ${d.paged.map((p) => p.person.name).join(', ') || 'nobody'}`;
}

/** The Linear ticket's description (Markdown). */
export function ticketText(d: Declaration, sev: string): string {
  const where = [d.input.service, d.input.region].filter(Boolean).join(' · ');
  return [
    `**${sev}**: ${d.input.summary}${where ? ` (${where})` : ''}`,
    '',
    ...rolesLines(d).map((l) => `- ${l}`),
    ...linkLines(d).map((l) => `- ${l}`),
    d.results.channelUrl ? `- Channel: ${d.results.channelUrl}` : undefined,
    '',
    `Declared with Zephyr On-Call (declaration ${d.id}).`,
  ]
    .filter((l): l is string => l !== undefined)
    .join('\n');
}
