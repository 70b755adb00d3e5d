/**
 * A stateful Statuspage REST fake behind a `fetch` function: one page, its incidents (with
 * metadata) and `Authorization: OAuth <key>`. Answers 404 for an unknown page, 401 for a wrong key.
 * `start()` also serves it over HTTP on 127.0.0.1, for a separate process (the Node host in e2e).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkStatuspageAnswer } from '../helpers/vendor-contracts.js';

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
  /** Every update posted (status and text), oldest first (not sent on the wire). */
  updates: { status: string; body: string }[];
}

/** The fake's state and its `fetch`. */
export class StatuspageFake {
  readonly incidents: FakeStatuspageIncident[] = [];
  /** Answers the next incident creation with HTTP 502 after creating it (lost answer). */
  loseNextCreateAnswer = false;
  /**
   * Answers the next `count` requests with Statuspage's rate limit: HTTP 420 and
   * `Retry-After` (seconds), as Statuspage documents (1 request per second per token).
   */
  rateLimit: { count: number; retryAfterSeconds: number } | undefined;

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
    const answer = this.answer(url, method, init);
    checkStatuspageAnswer(method, url.pathname, answer.status, await answer.clone().json());
    return answer;
  };

  private answer(url: URL, method: string, init: RequestInit | undefined): Response {
    if (this.rateLimit && this.rateLimit.count > 0) {
      this.rateLimit.count -= 1;
      return json(
        420,
        { message: 'Rate limit exceeded' },
        { 'Retry-After': String(this.rateLimit.retryAfterSeconds) },
      );
    }
    if (new Headers(init?.headers).get('authorization') !== `OAuth ${this.apiKey}`) {
      return json(401, { message: 'Could not authenticate' });
    }
    const m = /^\/v1\/pages\/([^/]+)(\/incidents(?:\/([^/]+))?)?$/.exec(url.pathname);
    if (!m || m[1] !== this.pageId)
      return json(404, { message: 'The requested resource could not be found.' });
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
        updates: [],
      };
      this.incidents.push(incident);
      if (this.loseNextCreateAnswer) {
        this.loseNextCreateAnswer = false;
        return json(502, { message: 'Bad gateway' });
      }
      return json(201, wire(incident));
    }
    if (m[3] === 'unresolved' && method === 'GET') {
      return json(200, this.incidents.filter((i) => i.status !== 'resolved').map(wire));
    }
    const incident = this.incidents.find((i) => i.id === m[3]);
    if (incident && method === 'PATCH') {
      // An update's text goes into `body` as on Statuspage, so tests can read what was said.
      Object.assign(incident, {
        status: body?.incident.status ?? incident.status,
        body: body?.incident.body ?? incident.body,
        impact_override: body?.incident.impact_override ?? incident.impact_override,
      });
      // An impact set alone posts no update (no text reaches the page's readers).
      if (body?.incident.status !== undefined || body?.incident.body !== undefined) {
        incident.updates.push({ status: incident.status, body: body?.incident.body ?? '' });
      }
      return json(200, wire(incident));
    }
    return json(404, { message: 'The requested resource could not be found.' });
  }
}

function wire(incident: FakeStatuspageIncident): Omit<FakeStatuspageIncident, 'updates'> {
  const { updates: _updates, ...rest } = incident;
  return rest;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}
