/**
 * The Zephyr platform calls of a change during an incident: the new severity or role holders
 * (`PATCH /v1/incidents/{id}`, which sets only the fields sent, so repeating it changes nothing
 * more) and the pages a raised severity adds (`POST /v1/pages` with the incident's `incidentId`
 * and an `Idempotency-Key`, the declaration's own call).
 */
import { Incident, type Person, type Severity } from '../../../shared/domain.js';
import type { HttpDeps } from './http-json.js';
import {
  createPlatformIncidentsClient,
  platformSender,
  type PlatformIncidentsClient,
} from './platform-incidents-client.js';

/** What a change sets on the incident (absent fields are left as they are). */
export interface IncidentChange {
  severity?: Severity;
  roles?: { commander?: Person; comms?: Person; investigators?: Person[] };
  /** Links to set (the status page entry a raised severity opened); the others are kept. */
  links?: { statusPage?: string };
}

/** The platform operations of a change (a fake implements it in tests). */
export interface PlatformChangesClient {
  /** Sets the severity or role holders; answers the incident as the platform now has it. */
  changeIncident(incidentId: string, change: IncidentChange): Promise<Incident>;
  /** Pages a rotation or one person; the same `idempotencyKey` answers the first page again. */
  createPage: PlatformIncidentsClient['createPage'];
}

/** The HTTP implementation of `PlatformChangesClient`. */
export function createPlatformChangesClient(
  options: { baseUrl: string; token: string } & HttpDeps,
): PlatformChangesClient {
  const send = platformSender(options);
  const declaring = createPlatformIncidentsClient(options);
  return {
    changeIncident: (incidentId, change) =>
      send(
        'PATCH',
        `/v1/incidents/${encodeURIComponent(incidentId)}`,
        change,
        undefined,
        Incident,
        `changing incident '${incidentId}'`,
      ),
    createPage: declaring.createPage,
  };
}
