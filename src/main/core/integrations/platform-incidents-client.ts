/**
 * The Zephyr platform calls a declaration makes: open the incident, page one person, and set the
 * incident's links once they are known (plus `GET /v1/me` for "Test connection"). Creations send
 * an `Idempotency-Key` and the links PATCH is idempotent, so repeating a call after a crash
 * changes nothing again.
 * (The feed client lives in `../zephyr-client.ts`; this one only declares.)
 */
import { z } from 'zod';
import { Incident, Page, Person, type Severity } from '../../../shared/domain.js';
import { commonVendorMessage, requestJson, type HttpDeps } from './http-json.js';
import { IntegrationError } from './integration-error.js';

const MeAnswer = z.object({ person: Person });

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
  /** A rotation (level 1 first, then its escalation) or one person. */
  target: { rotation: string } | { person: string };
}

/** The links `PATCH /v1/incidents/{id}` sets (absent fields are left as they are). */
export interface IncidentLinks {
  channel?: string;
  statusPage?: string;
  ticket?: string;
  runbook?: string;
}

/** The declaration's view of the platform (a fake implements it in tests). */
export interface PlatformIncidentsClient {
  /** "Test connection": the token's owner (`GET /v1/me`). */
  whoAmI(): Promise<Person>;
  /** Opens the incident; the same `idempotencyKey` answers the first incident again. */
  createIncident(body: CreateIncidentBody, idempotencyKey: string): Promise<Incident>;
  /** Pages a rotation or one person; the same `idempotencyKey` answers the first page again. */
  createPage(body: CreatePersonPageBody, idempotencyKey: string): Promise<Page>;
  /** Sets the incident's links; repeating it changes nothing more. */
  updateIncidentLinks(incidentId: string, links: IncidentLinks): Promise<Incident>;
}

/**
 * One authenticated JSON call to the Zephyr platform, answer checked with `schema`; shared by the
 * declaration's and the aftercare's platform clients.
 */
export function platformSender(options: { baseUrl: string; token: string } & HttpDeps) {
  const base = options.baseUrl.replace(/\/+$/, '');
  return async <T>(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    body: unknown,
    key: string | undefined,
    schema: z.ZodType<T>,
    what: string,
  ): Promise<T> => {
    const json = await requestJson(
      {
        integration: 'platform',
        method,
        url: `${base}${path}`,
        headers: {
          Authorization: `Bearer ${options.token}`,
          ...(key !== undefined ? { 'Idempotency-Key': key } : {}),
        },
        ...(body !== undefined ? { body } : {}),
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
}

/** The HTTP client of `PlatformIncidentsClient`. */
export function createPlatformIncidentsClient(
  options: PlatformIncidentsOptions,
): PlatformIncidentsClient {
  const send = platformSender(options);
  return {
    whoAmI: async () =>
      (await send('GET', '/v1/me', undefined, undefined, MeAnswer, 'who am I (/v1/me)')).person,
    createIncident: (body, key) =>
      send('POST', '/v1/incidents', body, key, Incident, 'opening the incident'),
    createPage: (body, key) =>
      send(
        'POST',
        '/v1/pages',
        body,
        key,
        Page,
        'rotation' in body.target
          ? `paging rotation '${body.target.rotation}'`
          : `paging person '${body.target.person}'`,
      ),
    updateIncidentLinks: (incidentId, links) =>
      send(
        'PATCH',
        `/v1/incidents/${encodeURIComponent(incidentId)}`,
        { links },
        undefined,
        Incident,
        `setting the links of incident '${incidentId}'`,
      ),
  };
}
