/**
 * `statuspage`: opens the public status page incident as "investigating", or takes the one already
 * tagged with this declaration's id: an earlier attempt's, or the one a severity raise opened
 * while this step was skipped (`../../aftercare/change-follow-ups.ts`, same key, same lookup).
 */
import type {
  StatuspageClient,
  StatuspageImpact,
  StatuspageIncident,
} from '../../integrations/statuspage-client.js';
import type { DeclarationAction } from './action.js';
import { STATUSPAGE_FIRST_BODY } from './texts.js';

/**
 * The unresolved entry tagged with `key` (a declaration's id) in its metadata, or else a new
 * "investigating" one tagged with it: the one lookup the declaration and a severity change share,
 * so neither opens a second entry for an incident.
 */
export async function findOrOpenEntry(
  client: StatuspageClient,
  entry: { key: string; name: string; impact: StatuspageImpact },
): Promise<{ entry: StatuspageIncident; opened: boolean }> {
  const found = await client.findIncidentForDeclaration(entry.key);
  if (found) return { entry: found, opened: false };
  const created = await client.createIncident({
    name: entry.name,
    body: STATUSPAGE_FIRST_BODY,
    impact: entry.impact,
    declarationId: entry.key,
  });
  return { entry: created, opened: true };
}

/** Opens the status page incident once. */
export const statuspageAction: DeclarationAction = {
  id: 'statuspage',
  async perform(ctx) {
    const statuspage = ctx.integrations.statuspage;
    if (!statuspage) throw new Error('Statuspage is not connected');
    const d = ctx.declaration;
    const r = d.results;
    if (!r.statusPageIncidentId) {
      const { entry } = await findOrOpenEntry(statuspage, {
        key: d.id,
        name: d.input.summary,
        impact: ctx.rule.statusPageImpact,
      });
      r.statusPageIncidentId = entry.id;
      r.statusPageUrl = entry.url;
    }
    return {
      detail: 'Status page says "investigating"',
      ...(r.statusPageUrl ? { link: r.statusPageUrl } : {}),
    };
  },
};
