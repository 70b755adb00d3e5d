/**
 * `statuspage`: opens the public status page incident as "investigating" (or, on a resume, finds
 * the one an earlier attempt opened for this declaration).
 */
import type { DeclarationAction } from './action.js';
import { STATUSPAGE_FIRST_BODY } from './texts.js';

/** Opens the status page incident once. */
export const statuspageAction: DeclarationAction = {
  id: 'statuspage',
  async perform(ctx) {
    const statuspage = ctx.integrations.statuspage;
    if (!statuspage) throw new Error('Statuspage is not connected');
    const d = ctx.declaration;
    const r = d.results;
    if (!r.statusPageIncidentId && ctx.resumed) {
      const found = await statuspage.findIncidentForDeclaration(d.id);
      if (found) {
        r.statusPageIncidentId = found.id;
        r.statusPageUrl = found.url;
      }
    }
    if (!r.statusPageIncidentId) {
      const created = await statuspage.createIncident({
        name: d.input.summary,
        body: STATUSPAGE_FIRST_BODY,
        impact: ctx.rule.statusPageImpact,
        declarationId: d.id,
      });
      r.statusPageIncidentId = created.id;
      r.statusPageUrl = created.url;
    }
    return {
      detail: 'Status page says "investigating"',
      ...(r.statusPageUrl ? { link: r.statusPageUrl } : {}),
    };
  },
};
