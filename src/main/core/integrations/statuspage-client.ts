/**
 * Statuspage (Atlassian) REST client: the calls a declaration and its later updates make.
 * `Authorization: OAuth <key>`; base `https://api.statuspage.io/v1` unless configured.
 * Statuspage has no idempotency key, so each incident carries the declaration id in its
 * `metadata` and a resumed declaration looks for it before creating another.
 */
import { commonVendorMessage, requestJson, type HttpDeps } from './http-json.js';
import { IntegrationError } from './integration-error.js';

/** The default API base. */
const STATUSPAGE_API_URL = 'https://api.statuspage.io/v1';

/** What the client needs. */
export interface StatuspageOptions extends HttpDeps {
  apiKey: string;
  pageId: string;
  /** API base (default `STATUSPAGE_API_URL`). */
  apiUrl?: string;
}

/** The realtime statuses of a Statuspage incident. */
export type StatuspageStatus = 'investigating' | 'identified' | 'monitoring' | 'resolved';

/** The playbook's impact levels, as Statuspage's `impact_override`. */
export type StatuspageImpact = 'none' | 'minor' | 'major' | 'critical';

/** The fields of a Statuspage incident the app uses. */
export interface StatuspageIncident {
  id: string;
  name: string;
  status: string;
  /** Public link to the incident when Statuspage gives one, else the management page. */
  url: string;
  declarationId?: string;
}

/** The Statuspage operations of a declaration (a fake implements it in tests). */
export interface StatuspageClient {
  /** "Test connection": the page's name, or an error naming what is wrong. */
  testConnection(): Promise<{ pageName: string }>;
  /** Creates an `investigating` incident tagged with `declarationId` in its metadata. */
  createIncident(input: {
    name: string;
    body: string;
    impact: StatuspageImpact;
    declarationId: string;
  }): Promise<StatuspageIncident>;
  /** The unresolved incident made for `declarationId`, if one exists (resume). */
  findIncidentForDeclaration(declarationId: string): Promise<StatuspageIncident | undefined>;
  /** Posts a status update on an incident. */
  updateIncident(
    incidentId: string,
    update: { status: StatuspageStatus; body: string },
  ): Promise<StatuspageIncident>;
  /** Sets an incident's impact (`impact_override`) alone: no update text, no notification. */
  setImpact(incidentId: string, impact: StatuspageImpact): Promise<StatuspageIncident>;
}

interface WireIncident {
  id?: unknown;
  name?: unknown;
  status?: unknown;
  shortlink?: unknown;
  metadata?: unknown;
}

/** A Statuspage answer as an incident; `page` is the encoded page id (for the management link). */
function toIncident(raw: unknown, what: string, page: string): StatuspageIncident {
  const w = (raw ?? {}) as WireIncident;
  if (typeof w.id !== 'string' || typeof w.name !== 'string') {
    throw new IntegrationError(
      'statuspage',
      'invalid-response',
      `Statuspage answered ${what} without an incident id and name`,
    );
  }
  const meta = w.metadata as { zephyr?: { declaration_id?: unknown } } | undefined;
  const declarationId = meta?.zephyr?.declaration_id;
  return {
    id: w.id,
    name: w.name,
    status: typeof w.status === 'string' ? w.status : 'investigating',
    url:
      typeof w.shortlink === 'string' && w.shortlink.startsWith('http')
        ? w.shortlink
        : `https://manage.statuspage.io/pages/${page}/incidents/${encodeURIComponent(w.id)}`,
    ...(typeof declarationId === 'string' ? { declarationId } : {}),
  };
}

/** The HTTP implementation of `StatuspageClient`. */
export function createStatuspageClient(options: StatuspageOptions): StatuspageClient {
  const base = (options.apiUrl || STATUSPAGE_API_URL).replace(/\/+$/, '');
  const page = encodeURIComponent(options.pageId);
  if (!options.pageId.trim()) {
    throw new IntegrationError(
      'statuspage',
      'not-found',
      'no Statuspage page id is set in Settings',
    );
  }
  const call = async (
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    what: string,
    body?: unknown,
    notFound = `Statuspage has no page with id '${options.pageId}' (or the key cannot see it): check the page id in Settings`,
  ): Promise<unknown> => {
    try {
      return await requestJson(
        {
          integration: 'statuspage',
          method,
          url: `${base}${path}`,
          headers: { Authorization: `OAuth ${options.apiKey}` },
          body,
          what,
          vendorMessage: commonVendorMessage,
        },
        options,
      );
    } catch (err) {
      if (err instanceof IntegrationError && err.kind === 'not-found') {
        throw new IntegrationError('statuspage', 'not-found', notFound, err.status);
      }
      throw err;
    }
  };
  const pageWhat = `page id '${options.pageId}'`;
  /** `PATCH` of one incident with the fields of `change`. */
  const patch = async (
    incidentId: string,
    change: Record<string, unknown>,
    verb: string,
  ): Promise<StatuspageIncident> => {
    const what = `${verb} incident '${incidentId}' on ${pageWhat}`;
    const body = await call(
      'PATCH',
      `/pages/${page}/incidents/${encodeURIComponent(incidentId)}`,
      what,
      { incident: change },
      `Statuspage has no incident '${incidentId}' on page '${options.pageId}'`,
    );
    return toIncident(body, what, page);
  };
  return {
    async testConnection() {
      const body = (await call('GET', `/pages/${page}`, pageWhat)) as
        { name?: unknown } | undefined;
      return { pageName: typeof body?.name === 'string' ? body.name : options.pageId };
    },
    async createIncident(input) {
      const what = `creating an incident on ${pageWhat}`;
      const body = await call('POST', `/pages/${page}/incidents`, what, {
        incident: {
          name: input.name.slice(0, 255),
          status: 'investigating',
          impact_override: input.impact,
          body: input.body,
          deliver_notifications: true,
          // Statuspage requires every top-level metadata value to be an object.
          metadata: { zephyr: { declaration_id: input.declarationId } },
        },
      });
      return toIncident(body, what, page);
    },
    async findIncidentForDeclaration(declarationId) {
      const what = `listing unresolved incidents of ${pageWhat}`;
      const body = await call('GET', `/pages/${page}/incidents/unresolved?per_page=100`, what);
      if (!Array.isArray(body)) {
        throw new IntegrationError(
          'statuspage',
          'invalid-response',
          `Statuspage answered ${what} without a list`,
        );
      }
      for (const raw of body) {
        const meta = (raw as WireIncident | null)?.metadata as
          { zephyr?: { declaration_id?: unknown } } | undefined;
        if (meta?.zephyr?.declaration_id === declarationId) return toIncident(raw, what, page);
      }
      return undefined;
    },
    async updateIncident(incidentId, update) {
      return patch(incidentId, { status: update.status, body: update.body }, 'updating');
    },
    async setImpact(incidentId, impact) {
      return patch(
        incidentId,
        { impact_override: impact, deliver_notifications: false },
        'setting the impact of',
      );
    },
  };
}
