/**
 * `platform-links`: the last action; puts the channel, status page, ticket and runbook links on
 * the platform incident (`PATCH /v1/incidents/{id}`), whichever of them exist.
 */
import type { DeclarationAction } from './action.js';

/** Sets the platform incident's links; setting them again is harmless. */
export const platformLinksAction: DeclarationAction = {
  id: 'platform-links',
  async perform(ctx) {
    const platform = ctx.integrations.platform;
    const r = ctx.declaration.results;
    if (!platform || !r.incidentId) throw new Error('The Zephyr platform is not connected');
    const links = {
      ...(r.channelUrl ? { channel: r.channelUrl } : {}),
      ...(r.statusPageUrl ? { statusPage: r.statusPageUrl } : {}),
      ...(r.linearIssueUrl ? { ticket: r.linearIssueUrl } : {}),
      runbook: ctx.playbook.runbookUrl,
    };
    await platform.updateIncidentLinks(r.incidentId, links);
    const names = [
      links.channel ? 'channel' : undefined,
      links.statusPage ? 'status page' : undefined,
      links.ticket ? 'ticket' : undefined,
      'runbook',
    ].filter((n): n is string => n !== undefined);
    return { detail: `Incident ${r.incidentId} links: ${names.join(', ')}` };
  },
};
