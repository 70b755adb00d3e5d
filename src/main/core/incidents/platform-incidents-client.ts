/**
 * The two Zephyr platform calls a declaration makes: open the incident and page one person.
 * Both send an `Idempotency-Key`, so repeating a call after a crash changes nothing again.
 * (The feed client lives in `../zephyr-client.ts`; this one only declares.)
 */
import { z } from 'zod';
import { Incident, Page, type Person, type Severity } from '../../../shared/domain.js';
import { commonVendorMessage, requestJson, type HttpDeps } from './http-json.js';
import { IntegrationError } from './integration-error.js';

/** Where the platform is and who we are. */
export interface PlatformIncidentsOptions extends HttpDeps {
  baseUrl: string;
  token: string;
}

/** Body of `POST /v1/incidents`. */
export interface CreateIncidentBody {
  severity: Severity;
  summary: string;
  service?: string;
  region?: string;
  roles: { commander?: Person; comms?: Person; investigators: Person[] };
}

/** Body of `POST /v1/pages` for one person. */
export interface CreatePersonPageBody {
  title: string;
  severity: Severity;
  service?: string;
  incidentId?: string;
  target: { person: string };
}

/** The declaration's view of the platform (a fake implements it in tests). */
export interface PlatformIncidentsClient {
  /** Opens the incident; the same `idempotencyKey` answers the first incident again. */
  createIncident(body: CreateIncidentBody, idempotencyKey: string): Promise<Incident>;
  /** Pages one person; the same `idempotencyKey` answers the first page again. */
  createPage(body: CreatePersonPageBody, idempotencyKey: string): Promise<Page>;
}

/** The HTTP client of `PlatformIncidentsClient`. */
export function createPlatformIncidentsClient(
  options: PlatformIncidentsOptions,
): PlatformIncidentsClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const post = async <T>(
    path: string,
    body: unknown,
    key: string,
    schema: z.ZodType<T>,
    what: string,
  ): Promise<T> => {
    const json = await requestJson(
      {
        integration: 'platform',
        method: 'POST',
        url: `${base}${path}`,
        headers: { Authorization: `Bearer ${options.token}`, 'Idempotency-Key': key },
        body,
        what,
        vendorMessage: commonVendorMessage,
      },
      options,
    );
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new IntegrationError(
        'platform',
        'invalid-response',
        `the Zephyr platform answered ${what} with an unexpected body: ${parsed.error.issues
          .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
          .join('; ')}`,
      );
    }
    return parsed.data;
  };
  return {
    createIncident: (body, key) =>
      post('/v1/incidents', body, key, Incident, 'opening the incident'),
    createPage: (body, key) =>
      post('/v1/pages', body, key, Page, `paging person '${body.target.person}'`),
  };
}
