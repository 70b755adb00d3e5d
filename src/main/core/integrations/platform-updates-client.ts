/**
 * The Zephyr platform calls of an incident in progress and after it: read and post status updates
 * (`GET`/`POST /v1/incidents/{id}/updates`, the post with an `Idempotency-Key` so a retry never
 * posts twice), resolve the incident (`PATCH /v1/incidents/{id}`) and read every incident
 * (`GET /v1/incidents?status=all`) to find one the open feed no longer shows. Every failure is an
 * `IntegrationError` naming what is wrong; the token is never logged.
 */
import { z } from 'zod';
import { Incident, IncidentUpdate, type IncidentStatus } from '../../../shared/domain.js';
import type { HttpDeps } from './http-json.js';
import { platformSender } from './platform-incidents-client.js';

/** Where the platform is and whose token to use. */
export interface PlatformUpdatesOptions extends HttpDeps {
  baseUrl: string;
  token: string;
}

/** The platform operations aftercare needs (a fake implements it in tests). */
export interface PlatformUpdatesClient {
  /** The incident's updates, oldest first. */
  listUpdates(incidentId: string): Promise<IncidentUpdate[]>;
  /** Posts one update; the same `idempotencyKey` answers the first update again. */
  postUpdate(
    incidentId: string,
    body: { status: IncidentStatus; message: string },
    idempotencyKey: string,
  ): Promise<IncidentUpdate>;
  /** Sets the incident's status (resolving it records `resolvedAt` on the platform). */
  setStatus(incidentId: string, status: IncidentStatus): Promise<Incident>;
  /** One incident, open or resolved, or `undefined` when the platform does not know it. */
  findIncident(incidentId: string): Promise<Incident | undefined>;
}

const UpdatesEnvelope = z.object({ updates: z.array(IncidentUpdate) });
const IncidentsEnvelope = z.object({ incidents: z.array(z.unknown()) });

/** The HTTP implementation of `PlatformUpdatesClient`. */
export function createPlatformUpdatesClient(
  options: PlatformUpdatesOptions,
): PlatformUpdatesClient {
  const call = platformSender(options);
  const send = <T>(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    schema: z.ZodType<T>,
    what: string,
    body?: unknown,
    key?: string,
  ): Promise<T> => call(method, path, body, key, schema, what);
  const id = (incidentId: string): string => encodeURIComponent(incidentId);
  return {
    async listUpdates(incidentId) {
      const answer = await send(
        'GET',
        `/v1/incidents/${id(incidentId)}/updates`,
        UpdatesEnvelope,
        `the updates of incident '${incidentId}'`,
      );
      return answer.updates;
    },
    postUpdate: (incidentId, body, key) =>
      send(
        'POST',
        `/v1/incidents/${id(incidentId)}/updates`,
        IncidentUpdate,
        `posting an update on incident '${incidentId}'`,
        body,
        key,
      ),
    setStatus: (incidentId, status) =>
      send(
        'PATCH',
        `/v1/incidents/${id(incidentId)}`,
        Incident,
        `setting incident '${incidentId}' to ${status}`,
        { status },
      ),
    async findIncident(incidentId) {
      const answer = await send(
        'GET',
        '/v1/incidents?status=all',
        IncidentsEnvelope,
        'the list of incidents',
      );
      for (const raw of answer.incidents) {
        const parsed = Incident.safeParse(raw);
        if (parsed.success && parsed.data.id === incidentId) return parsed.data;
      }
      return undefined;
    },
  };
}
