/**
 * A stateful Statuspage REST fake behind a `fetch` function: one page, its incidents (with
 * metadata) and `Authorization: OAuth <key>`. Answers 404 for an unknown page, 401 for a wrong key.
 */

/** An incident as the fake keeps it. */
export interface FakeStatuspageIncident {
  id: string;
  name: string;
  status: string;
  impact_override: string;
  body: string;
  metadata: Record<string, unknown>;
  shortlink: string;
}

/** The fake's state and its `fetch`. */
export class StatuspageFake {
  readonly incidents: FakeStatuspageIncident[] = [];
  /** Answers the next incident creation with HTTP 502 after creating it (lost answer). */
  loseNextCreateAnswer = false;

  constructor(
    readonly pageId = 'kctbh9vrtdwd',
    readonly apiKey = 'sp-fake-key',
  ) {}

  readonly fetch: typeof fetch = async (input, init) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const method = init?.method ?? 'GET';
    if (new Headers(init?.headers).get('authorization') !== `OAuth ${this.apiKey}`) {
      return json(401, { error: 'Could not authenticate' });
    }
    const m = /^\/v1\/pages\/([^/]+)(\/incidents(?:\/([^/]+))?)?$/.exec(url.pathname);
    if (!m || m[1] !== this.pageId)
      return json(404, { error: 'The requested resource could not be found.' });
    const body = init?.body
      ? (JSON.parse(String(init.body)) as { incident: Partial<FakeStatuspageIncident> })
      : undefined;
    if (!m[2] && method === 'GET') return json(200, { id: this.pageId, name: 'Zephyr Status' });
    if (m[2] && !m[3] && method === 'POST') {
      const id = `inc${this.incidents.length + 1}`;
      const incident: FakeStatuspageIncident = {
        id,
        name: body?.incident.name ?? '',
        status: body?.incident.status ?? 'investigating',
        impact_override: body?.incident.impact_override ?? 'none',
        body: body?.incident.body ?? '',
        metadata: body?.incident.metadata ?? {},
        shortlink: `https://stspg.io/${id}`,
      };
      this.incidents.push(incident);
      if (this.loseNextCreateAnswer) {
        this.loseNextCreateAnswer = false;
        return json(502, { error: 'Bad gateway' });
      }
      return json(201, incident);
    }
    if (m[3] === 'unresolved' && method === 'GET') {
      return json(
        200,
        this.incidents.filter((i) => i.status !== 'resolved'),
      );
    }
    const incident = this.incidents.find((i) => i.id === m[3]);
    if (incident && method === 'PATCH') {
      Object.assign(incident, { status: body?.incident.status ?? incident.status });
      return json(200, incident);
    }
    return json(404, { error: 'The requested resource could not be found.' });
  };
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}
