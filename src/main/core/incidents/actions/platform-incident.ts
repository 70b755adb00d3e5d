/** `platform-incident`: opens the incident on the Zephyr platform (`POST /v1/incidents`). */
import type { DeclarationAction } from './action.js';
import { incidentKey } from './keys.js';

/** Opens the platform incident once; the Idempotency-Key makes a repeat return the same one. */
export const platformIncidentAction: DeclarationAction = {
  id: 'platform-incident',
  async perform({ declaration: d, integrations }) {
    const platform = integrations.platform;
    if (!platform) throw new Error('The Zephyr platform is not connected');
    const r = d.results;
    const input = d.input;
    if (!r.incidentId) {
      const incident = await platform.createIncident(
        {
          severity: input.severity,
          summary: input.summary,
          ...(input.service ? { service: input.service } : {}),
          ...(input.region ? { region: input.region } : {}),
          roles: {
            commander: input.roles.commander,
            ...(input.roles.comms ? { comms: input.roles.comms } : {}),
            investigators: input.roles.investigators,
          },
        },
        incidentKey(d.id),
      );
      r.incidentId = incident.id;
    }
    return { detail: `Incident ${r.incidentId} opened` };
  },
};
