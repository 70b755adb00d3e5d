/**
 * A stateful Statuspage REST fake behind a `fetch` function: one page, its incidents (with
 * metadata) and `Authorization: OAuth <key>`. Answers 404 for an unknown page, 401 for a wrong key.
 * `start()` also serves it over HTTP on 127.0.0.1, for a separate process (the Node host in e2e).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A `fetch`-shaped handler served over HTTP on a free loopback port. */
export interface ServedFetch {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  origin: string;
  close(): Promise<void>;
}

/**
 * Serves `handler` (a fake's `fetch`) over node:http on 127.0.0.1: each request becomes a
 * `Request`-like call to `handler` with the same path, method, headers and body.
 */
export async function serveFetch(handler: typeof fetch): Promise<ServedFetch> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) {
        if (typeof v === 'string') headers.set(k, v);
      }
      const body = Buffer.concat(chunks).toString('utf8');
      void handler(`http://127.0.0.1${req.url ?? '/'}`, {
        method: req.method ?? 'GET',
        headers,
        ...(body ? { body } : {}),
      }).then(async (answer) => {
        res.writeHead(answer.status, Object.fromEntries(answer.headers.entries()));
        res.end(await answer.text());
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

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

  private served: ServedFetch | undefined;
  /** The API base (`…/v1`) once `start()` has run. */
  apiUrl = '';

  constructor(
    readonly pageId = 'kctbh9vrtdwd',
    readonly apiKey = 'sp-fake-key',
  ) {}

  /** Serves the fake over HTTP on a free loopback port; `apiUrl` is then its base. */
  async start(): Promise<this> {
    this.served = await serveFetch(this.fetch);
    this.apiUrl = `${this.served.origin}/v1`;
    return this;
  }

  async close(): Promise<void> {
    await this.served?.close();
  }

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
