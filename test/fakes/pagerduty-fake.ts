/**
 * A stateful PagerDuty REST API v2 fake on 127.0.0.1 (node:http): users, schedules, escalation
 * policies (levels with delays, loops), services (with acknowledgement timeouts) and incidents
 * that escalate, time out of acknowledgement and resolve over a driven clock. It answers the
 * endpoints `PagerDutySource` uses (incidents, searched by `incident_key` too, and their log
 * entries; services by `query`), in PagerDuty's shapes, checks the token, the versioned `Accept`
 * and the `From` header, and has a control surface for tests (`beforeNext` lets something happen
 * between two requests of ours, e.g. a resolve between our `GET` and our `PUT`).
 *
 * Time is evaluated lazily: every request and control call first applies whatever fell due
 * (`tick`), so the fake needs no timers and follows any clock the test drives.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkPagerDutyAnswer } from '../helpers/vendor-contracts.js';

const MONTH_MS = 30 * 24 * 3600_000;

/** A PagerDuty user. */
export interface FakePdUser {
  id: string;
  name: string;
  email: string;
  time_zone?: string;
}

/** One escalation level: who is assigned, and after how many minutes it escalates on. */
export interface FakePdRule {
  delayMinutes: number;
  targets: { type: 'user' | 'schedule'; id: string }[];
}

/** An escalation policy. */
export interface FakePdPolicy {
  id: string;
  name: string;
  rules: FakePdRule[];
  /** Times the policy repeats after its last level (PagerDuty `num_loops`). */
  numLoops?: number;
}

/** A service: incidents on it follow its policy; acknowledgements time out after the timeout. */
export interface FakePdService {
  id: string;
  name: string;
  policyId: string;
  /** Seconds after which an acknowledged incident returns to triggered (`null`: never). */
  ackTimeoutSeconds?: number | null;
}

/** A schedule: who is on call when (ms since the epoch). */
export interface FakePdSchedule {
  id: string;
  name: string;
  shifts: { userId: string; start: number; end: number }[];
}

/** The account the fake serves. */
export interface FakePdWorld {
  token: string;
  /** The token's owner (`/users/me`). */
  meId: string;
  users: FakePdUser[];
  policies: FakePdPolicy[];
  services: FakePdService[];
  schedules?: FakePdSchedule[];
}

/** The fake's view of one incident. */
export interface FakePdIncident {
  id: string;
  number: number;
  title: string;
  serviceId: string;
  policyId: string;
  urgency: 'high' | 'low';
  priority?: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  createdAt: number;
  updatedAt: number;
  lastStatusChangeAt: number;
  /** 1-based escalation level. */
  level: number;
  levelStartedAt: number;
  loopsDone: number;
  /** How many times it escalated (to check that acknowledging stops escalation). */
  escalations: number;
  direct: boolean;
  assignees: { userId: string; at: number }[];
  acknowledgements: { userId: string; at: number }[];
  ackedAt?: number;
  resolvedAt?: number;
  incidentKey?: string;
  /** Keys carried by the incident's alerts (PagerDuty's `incident_key` search matches them too). */
  alertKeys?: string[];
  /** Its log (`GET /incidents/{id}/log_entries`), oldest first. */
  log: FakePdLogEntry[];
}

/** One entry of an incident's log; `userId` is the agent when a user did it. */
export interface FakePdLogEntry {
  type:
    | 'trigger_log_entry'
    | 'acknowledge_log_entry'
    | 'unacknowledge_log_entry'
    | 'escalate_log_entry'
    | 'resolve_log_entry';
  at: number;
  userId?: string;
  note?: string;
}

/** One request the fake received. */
export interface FakePdRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body?: unknown;
}

/** A clock the fake reads; `advance` is used by `PagerDutyFake.advance` when present. */
export interface FakePdClock {
  now(): number;
  advance?(ms: number): void;
}

/** Behaviour switches. */
export interface FakePdOptions {
  clock: FakePdClock;
  /** Send `pending_actions` (escalate/unacknowledge times) like PagerDuty does (default true). */
  pendingActions?: boolean;
  /** Send ETags on `GET /incidents` and honour `If-None-Match` (PagerDuty usually does not). */
  etags?: boolean;
  /** The fake's clock minus the test clock, as sent in `Date`. */
  dateSkewMs?: number;
}

type RateLimitHeader = 'ratelimit-reset' | 'x-ratelimit-reset' | 'retry-after';

const ACCEPT = 'application/vnd.pagerduty+json;version=2';
const WEB = 'https://fake.pagerduty.com';
const iso = (ms: number): string => new Date(ms).toISOString();

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code = 2001,
  ) {
    super(message);
  }
}

/** See the module comment. */
export class PagerDutyFake {
  /** Every request received, in order. */
  readonly requests: FakePdRequest[] = [];
  /** Every responder request made (`POST /incidents/{id}/responder_requests`). */
  readonly responderRequests: { incidentId: string; policyIds: string[]; message: string }[] = [];
  private readonly incidents = new Map<string, FakePdIncident>();
  private server: Server | undefined;
  private nextNumber = 1;
  private rateLimit: { count: number; resetSeconds: number; header: RateLimitHeader } | undefined;
  private failures:
    { count: number; status: number; body: unknown; method?: string; path?: string } | undefined;
  private transforms: { path: string; fn: (body: unknown) => unknown }[] = [];
  private hooks: { method: string; path: string; fn: () => void }[] = [];
  private nextLogId = 1;
  private baseUrl = '';

  constructor(
    readonly world: FakePdWorld,
    private readonly options: FakePdOptions,
  ) {}

  /** Listens on 127.0.0.1 (random port); resolves the base URL. */
  async start(): Promise<string> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.send(res, 500, { error: { message: String(error), code: 2000 } });
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.baseUrl;
  }

  /** The base URL (after `start`). */
  get url(): string {
    return this.baseUrl;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  // ------------------------------------------------------------------ control surface

  /** Triggers an incident on `serviceId` (assigned by its policy's level 1); returns its id. */
  trigger(input: {
    serviceId: string;
    title?: string;
    urgency?: 'high' | 'low';
    priority?: string;
    incidentKey?: string;
    alertKeys?: string[];
    assigneeId?: string;
  }): string {
    this.tick();
    const service = this.service(input.serviceId);
    const now = this.now();
    const id = `PINC${String(this.nextNumber).padStart(3, '0')}`;
    const incident: FakePdIncident = {
      id,
      number: this.nextNumber++,
      title: input.title ?? `Incident ${id}`,
      serviceId: service.id,
      policyId: service.policyId,
      urgency: input.urgency ?? 'high',
      ...(input.priority ? { priority: input.priority } : {}),
      status: 'triggered',
      createdAt: now,
      updatedAt: now,
      lastStatusChangeAt: now,
      level: 1,
      levelStartedAt: now,
      loopsDone: 0,
      escalations: 0,
      direct: input.assigneeId !== undefined,
      assignees: input.assigneeId
        ? [{ userId: input.assigneeId, at: now }]
        : this.targetsAt(service.policyId, 1, now).map((userId) => ({ userId, at: now })),
      acknowledgements: [],
      ...(input.incidentKey ? { incidentKey: input.incidentKey } : {}),
      ...(input.alertKeys ? { alertKeys: input.alertKeys } : {}),
      log: [{ type: 'trigger_log_entry', at: now }],
    };
    this.incidents.set(id, incident);
    return id;
  }

  /** Advances the clock (when it can) and applies what fell due. */
  advance(ms: number): void {
    if (!this.options.clock.advance)
      throw new Error('the fake was given a clock it cannot advance');
    this.options.clock.advance(ms);
    this.tick();
  }

  /** Someone else (`userId`) acknowledges, e.g. in the PagerDuty app. */
  ackElsewhere(incidentId: string, userId: string): void {
    this.tick();
    this.acknowledge(this.incident(incidentId), userId);
  }

  /** Resolves the incident (by `userId` when given, e.g. someone in the PagerDuty app). */
  resolve(incidentId: string, userId?: string, note?: string): void {
    this.tick();
    const incident = this.incident(incidentId);
    const now = this.now();
    incident.log.push({
      type: 'resolve_log_entry',
      at: now,
      ...(userId ? { userId } : {}),
      ...(note ? { note } : {}),
    });
    incident.status = 'resolved';
    incident.resolvedAt = now;
    incident.updatedAt = now;
    incident.lastStatusChangeAt = now;
    incident.assignees = [];
    incident.acknowledgements = [];
  }

  /** The next `count` requests get 429 with a reset of `resetSeconds` in `header`. */
  rateLimitNext(
    count: number,
    resetSeconds: number,
    header: RateLimitHeader = 'ratelimit-reset',
  ): void {
    this.rateLimit = { count, resetSeconds, header };
  }

  /**
   * The next `count` requests fail with `status` and `body`; with `only`, only the requests with
   * that method and path count (and fail), the others are answered as usual.
   */
  failNext(
    count: number,
    status: number,
    body: unknown = { error: { message: 'Internal error', code: 2000 } },
    only?: { method: string; path: string },
  ): void {
    this.failures = { count, status, body, ...(only ?? {}) };
  }

  /**
   * `fn` runs when the next `method` request to `path` arrives, before it is answered: what
   * happens in PagerDuty between two of our requests (e.g. someone resolves the incident between
   * our `GET` and our `PUT`).
   */
  beforeNext(method: string, path: string, fn: () => void): void {
    this.hooks.push({ method, path, fn });
  }

  /** The next answer for `path` (e.g. `/oncalls`) goes through `fn` first (to corrupt it). */
  transformNext(path: string, fn: (body: unknown) => unknown): void {
    this.transforms.push({ path, fn });
  }

  /** Snapshot of every incident (copies). */
  state(): { now: number; incidents: FakePdIncident[] } {
    this.tick();
    return {
      now: this.now(),
      incidents: [...this.incidents.values()].map((i) => structuredClone(i)),
    };
  }

  /** One incident (a copy). */
  get(incidentId: string): FakePdIncident {
    this.tick();
    return structuredClone(this.incident(incidentId));
  }

  /** Requests to `path` (exact path, any method unless given). */
  requestsTo(path: string, method?: string): FakePdRequest[] {
    return this.requests.filter((r) => r.path === path && (!method || r.method === method));
  }

  // ------------------------------------------------------------------ time

  private now(): number {
    return this.options.clock.now();
  }

  /** Applies escalations and acknowledgement timeouts that fell due by now. */
  tick(): void {
    const now = this.now();
    for (const incident of this.incidents.values()) {
      for (let guard = 0; guard < 1000; guard += 1) {
        if (!this.step(incident, now)) break;
      }
    }
  }

  private step(incident: FakePdIncident, now: number): boolean {
    const service = this.service(incident.serviceId);
    if (
      incident.status === 'acknowledged' &&
      incident.ackedAt !== undefined &&
      service.ackTimeoutSeconds
    ) {
      const due = incident.ackedAt + service.ackTimeoutSeconds * 1000;
      if (now < due) return false;
      incident.status = 'triggered';
      incident.acknowledgements = [];
      incident.log.push({ type: 'unacknowledge_log_entry', at: due });
      delete incident.ackedAt;
      incident.levelStartedAt = due;
      incident.updatedAt = due;
      incident.lastStatusChangeAt = due;
      return true;
    }
    if (incident.status !== 'triggered' || incident.direct) return false;
    const policy = this.policy(incident.policyId);
    const rule = policy.rules[incident.level - 1];
    if (!rule || rule.delayMinutes <= 0) return false;
    const due = incident.levelStartedAt + rule.delayMinutes * 60_000;
    if (now < due) return false;
    if (incident.level < policy.rules.length) {
      incident.level += 1;
    } else if (incident.loopsDone < (policy.numLoops ?? 0)) {
      incident.level = 1;
      incident.loopsDone += 1;
    } else {
      return false;
    }
    incident.levelStartedAt = due;
    incident.updatedAt = due;
    incident.escalations += 1;
    incident.log.push({ type: 'escalate_log_entry', at: due });
    incident.assignees = this.targetsAt(policy.id, incident.level, due).map((userId) => ({
      userId,
      at: due,
    }));
    return true;
  }

  private nextEscalationAt(incident: FakePdIncident): number | undefined {
    if (incident.status !== 'triggered' || incident.direct) return undefined;
    const policy = this.policy(incident.policyId);
    const rule = policy.rules[incident.level - 1];
    if (!rule) return undefined;
    const last = incident.level >= policy.rules.length;
    if (last && incident.loopsDone >= (policy.numLoops ?? 0)) return undefined;
    return incident.levelStartedAt + rule.delayMinutes * 60_000;
  }

  private acknowledge(incident: FakePdIncident, userId: string): void {
    const now = this.now();
    if (incident.status === 'resolved') {
      // PagerDuty reopens a resolved incident set to acknowledged, assigned to the caller.
      delete incident.resolvedAt;
      incident.assignees = [{ userId, at: now }];
    }
    if (incident.status !== 'acknowledged') incident.lastStatusChangeAt = now;
    incident.status = 'acknowledged';
    incident.acknowledgements.push({ userId, at: now });
    incident.log.push({ type: 'acknowledge_log_entry', at: now, userId });
    incident.ackedAt = now;
    incident.updatedAt = now;
  }

  /** Users a level pages at `at`: user targets, and whoever is on shift for schedule targets. */
  private targetsAt(policyId: string, level: number, at: number): string[] {
    const rule = this.policy(policyId).rules[level - 1];
    const users: string[] = [];
    for (const target of rule?.targets ?? []) {
      if (target.type === 'user') users.push(target.id);
      else {
        const schedule = this.schedule(target.id);
        for (const s of schedule.shifts) if (s.start <= at && at < s.end) users.push(s.userId);
      }
    }
    return [...new Set(users)];
  }

  // ------------------------------------------------------------------ lookups

  private user(id: string): FakePdUser {
    const user = this.world.users.find((u) => u.id === id);
    if (!user) throw new Error(`fake: unknown user ${id}`);
    return user;
  }
  private policy(id: string): FakePdPolicy {
    const policy = this.world.policies.find((p) => p.id === id);
    if (!policy) throw new Error(`fake: unknown policy ${id}`);
    return policy;
  }
  private service(id: string): FakePdService {
    const service = this.world.services.find((s) => s.id === id);
    if (!service) throw new Error(`fake: unknown service ${id}`);
    return service;
  }
  private schedule(id: string): FakePdSchedule {
    const schedule = (this.world.schedules ?? []).find((s) => s.id === id);
    if (!schedule) throw new Error(`fake: unknown schedule ${id}`);
    return schedule;
  }
  private incident(id: string): FakePdIncident {
    const incident = this.incidents.get(id);
    if (!incident) throw new HttpError(404, 'Incident Not Found', 2100);
    return incident;
  }

  // ------------------------------------------------------------------ JSON shapes

  private userRef(id: string): object {
    const user = this.user(id);
    return {
      id,
      type: 'user_reference',
      summary: user.name,
      self: null,
      html_url: `${WEB}/users/${id}`,
    };
  }
  private userJson(id: string): object {
    const user = this.user(id);
    return {
      id,
      type: 'user',
      summary: user.name,
      name: user.name,
      email: user.email,
      time_zone: user.time_zone ?? 'Etc/UTC',
      html_url: `${WEB}/users/${id}`,
    };
  }
  private policyRef(id: string): object {
    const policy = this.policy(id);
    return {
      id,
      type: 'escalation_policy_reference',
      summary: policy.name,
      html_url: `${WEB}/escalation_policies/${id}`,
    };
  }
  private policyJson(id: string): object {
    const policy = this.policy(id);
    return {
      id,
      type: 'escalation_policy',
      summary: policy.name,
      name: policy.name,
      num_loops: policy.numLoops ?? 0,
      escalation_rules: policy.rules.map((rule, i) => ({
        id: `${id}-R${i + 1}`,
        escalation_delay_in_minutes: rule.delayMinutes,
        targets: rule.targets.map((t) =>
          t.type === 'user'
            ? this.userRef(t.id)
            : { id: t.id, type: 'schedule_reference', summary: this.schedule(t.id).name },
        ),
      })),
      services: this.world.services
        .filter((s) => s.policyId === id)
        .map((s) => ({ id: s.id, type: 'service_reference', summary: s.name })),
      html_url: `${WEB}/escalation_policies/${id}`,
    };
  }

  private incidentJson(incident: FakePdIncident, include: Set<string>): object {
    const service = this.service(incident.serviceId);
    const pending: { type: string; at: string }[] = [];
    const escalateAt = this.nextEscalationAt(incident);
    if (escalateAt !== undefined) pending.push({ type: 'escalate', at: iso(escalateAt) });
    if (
      incident.status === 'acknowledged' &&
      incident.ackedAt !== undefined &&
      service.ackTimeoutSeconds
    ) {
      pending.push({
        type: 'unacknowledge',
        at: iso(incident.ackedAt + service.ackTimeoutSeconds * 1000),
      });
    }
    const person = (id: string, full: boolean): object =>
      full ? this.userJson(id) : this.userRef(id);
    return {
      id: incident.id,
      type: 'incident',
      summary: `[#${incident.number}] ${incident.title}`,
      self: `${this.baseUrl}/incidents/${incident.id}`,
      html_url: `${WEB}/incidents/${incident.id}`,
      incident_number: incident.number,
      title: incident.title,
      created_at: iso(incident.createdAt),
      updated_at: iso(incident.updatedAt),
      status: incident.status,
      incident_key: incident.incidentKey ?? null,
      service: { id: service.id, type: 'service_reference', summary: service.name },
      assignments: incident.assignees.map((a) => ({
        at: iso(a.at),
        assignee: person(a.userId, include.has('assignees')),
      })),
      assigned_via: incident.direct ? 'direct_assignment' : 'escalation_policy',
      last_status_change_at: iso(incident.lastStatusChangeAt),
      resolved_at: incident.resolvedAt !== undefined ? iso(incident.resolvedAt) : null,
      acknowledgements: incident.acknowledgements.map((a) => ({
        at: iso(a.at),
        acknowledger: person(a.userId, include.has('acknowledgers')),
      })),
      escalation_policy: include.has('escalation_policies')
        ? this.policyJson(incident.policyId)
        : this.policyRef(incident.policyId),
      pending_actions: this.options.pendingActions === false ? [] : pending,
      urgency: incident.urgency,
      priority: incident.priority
        ? {
            id: `PRI-${incident.priority}`,
            type: 'priority_reference',
            summary: incident.priority,
            name: incident.priority,
          }
        : null,
    };
  }

  // ------------------------------------------------------------------ HTTP

  private send(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
    checked = true,
  ): void {
    const text = body === undefined ? '' : JSON.stringify(body);
    // 304 answers a conditional GET (no body, not in the document); transformed answers are
    // corrupted on purpose.
    if (checked && status !== 304) {
      const path = new URL(res.req.url ?? '/', 'http://127.0.0.1').pathname;
      checkPagerDutyAnswer(res.req.method ?? 'GET', path, status, body);
    }
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      Date: new Date(this.now() + (this.options.dateSkewMs ?? 0)).toUTCString(),
      ...headers,
    });
    res.end(text);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      this.send(res, 400, { error: { message: 'Invalid JSON body', code: 2001 } });
      return;
    }
    const method = req.method ?? 'GET';
    this.requests.push({
      method,
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
    });

    if (this.rateLimit && this.rateLimit.count > 0) {
      this.rateLimit.count -= 1;
      const { resetSeconds, header } = this.rateLimit;
      this.send(
        res,
        429,
        { error: { message: 'Rate Limit Exceeded', code: 2020 } },
        {
          'ratelimit-limit': '960',
          'ratelimit-remaining': '0',
          [header]: String(resetSeconds),
        },
      );
      return;
    }
    if (
      this.failures &&
      this.failures.count > 0 &&
      (this.failures.path === undefined || this.failures.path === url.pathname) &&
      (this.failures.method === undefined || this.failures.method === method)
    ) {
      this.failures.count -= 1;
      this.send(res, this.failures.status, this.failures.body);
      return;
    }
    if (req.headers.authorization !== `Token token=${this.world.token}`) {
      this.send(res, 401, { error: { message: 'Unauthorized', code: 2006 } });
      return;
    }
    if (req.headers.accept !== ACCEPT) {
      this.send(res, 406, { error: { message: `Accept must be ${ACCEPT}`, code: 2001 } });
      return;
    }
    const hook = this.hooks.findIndex((h) => h.method === method && h.path === url.pathname);
    if (hook >= 0) this.hooks.splice(hook, 1)[0]?.fn();
    this.tick();
    try {
      const { status, payload, headers } = this.route(method, url, req, body);
      const transform = this.transforms.findIndex((t) => t.path === url.pathname);
      let out = payload;
      if (transform >= 0) {
        const [entry] = this.transforms.splice(transform, 1);
        if (entry) out = entry.fn(out);
      }
      this.send(res, status, out, headers, transform < 0);
    } catch (error) {
      if (error instanceof HttpError) {
        this.send(res, error.status, {
          error: { message: error.message, code: error.code, errors: [] },
        });
        return;
      }
      throw error;
    }
  }

  private route(
    method: string,
    url: URL,
    req: IncomingMessage,
    body: unknown,
  ): { status: number; payload: unknown; headers?: Record<string, string> } {
    const path = url.pathname;
    const q = url.searchParams;
    const include = new Set(q.getAll('include[]'));
    if (method === 'GET' && path === '/users/me') {
      return { status: 200, payload: { user: this.userJson(this.world.meId) } };
    }
    if (method === 'GET' && path === '/oncalls')
      return { status: 200, payload: this.oncalls(q, include) };
    if (method === 'GET' && path === '/incidents') return this.listIncidents(q, include, req);
    if (method === 'GET' && path === '/services')
      return { status: 200, payload: this.services(q, include) };
    if (method === 'POST' && path === '/incidents') return this.createIncident(req, body);
    const incidentMatch = /^\/incidents\/([^/]+)$/.exec(path);
    if (incidentMatch?.[1]) {
      const incident = this.incident(decodeURIComponent(incidentMatch[1]));
      if (method === 'GET')
        return { status: 200, payload: { incident: this.incidentJson(incident, include) } };
      if (method === 'PUT') return this.updateIncident(incident, req, body);
    }
    const logEntries = /^\/incidents\/([^/]+)\/log_entries$/.exec(path);
    if (method === 'GET' && logEntries?.[1]) {
      return {
        status: 200,
        payload: this.logEntries(this.incident(decodeURIComponent(logEntries[1])), q),
      };
    }
    const responders = /^\/incidents\/([^/]+)\/responder_requests$/.exec(path);
    if (method === 'POST' && responders?.[1]) {
      return this.requestResponders(this.incident(decodeURIComponent(responders[1])), body);
    }
    const policyMatch = /^\/escalation_policies\/([^/]+)$/.exec(path);
    if (method === 'GET' && policyMatch?.[1]) {
      const id = decodeURIComponent(policyMatch[1]);
      if (!this.world.policies.some((p) => p.id === id))
        throw new HttpError(404, 'Not Found', 2100);
      return { status: 200, payload: { escalation_policy: this.policyJson(id) } };
    }
    throw new HttpError(404, `fake: no route for ${method} ${path}`, 2100);
  }

  private fromUser(req: IncomingMessage): string {
    const from = req.headers.from;
    if (!from)
      throw new HttpError(400, 'You must specify a user\'s email address in the "From" header');
    const user = this.world.users.find((u) => u.email === from);
    if (!user) throw new HttpError(400, `The "From" header is not a user of this account: ${from}`);
    return user.id;
  }

  private paginate<T>(
    items: T[],
    q: URLSearchParams,
  ): { page: T[]; limit: number; offset: number; more: boolean } {
    const limit = Number(q.get('limit') ?? 25);
    const offset = Number(q.get('offset') ?? 0);
    const page = items.slice(offset, offset + limit);
    return { page, limit, offset, more: offset + limit < items.length };
  }

  private oncalls(q: URLSearchParams, include: Set<string>): object {
    const now = this.now();
    const since = q.get('since') ? Date.parse(q.get('since') as string) : now;
    const until = q.get('until') ? Date.parse(q.get('until') as string) : now;
    const userIds = q.getAll('user_ids[]');
    const policyIds = q.getAll('escalation_policy_ids[]');
    const entries: object[] = [];
    for (const policy of this.world.policies) {
      if (policyIds.length > 0 && !policyIds.includes(policy.id)) continue;
      const policyOut = include.has('escalation_policies')
        ? this.policyJson(policy.id)
        : this.policyRef(policy.id);
      policy.rules.forEach((rule, i) => {
        for (const target of rule.targets) {
          const shifts =
            target.type === 'user'
              ? [
                  {
                    userId: target.id,
                    start: null as number | null,
                    end: null as number | null,
                    schedule: null,
                  },
                ]
              : this.schedule(target.id)
                  .shifts.filter((s) => s.start < until && s.end > since)
                  .map((s) => ({ ...s, schedule: target.id }));
          for (const s of shifts) {
            if (userIds.length > 0 && !userIds.includes(s.userId)) continue;
            entries.push({
              user: include.has('users') ? this.userJson(s.userId) : this.userRef(s.userId),
              schedule: s.schedule
                ? {
                    id: s.schedule,
                    type: 'schedule_reference',
                    summary: this.schedule(s.schedule).name,
                  }
                : null,
              escalation_policy: policyOut,
              escalation_level: i + 1,
              start: s.start === null ? null : iso(s.start),
              end: s.end === null ? null : iso(s.end),
            });
          }
        }
      });
    }
    const { page, limit, offset, more } = this.paginate(entries, q);
    return { oncalls: page, limit, offset, more, total: null };
  }

  /** `GET /services`: `query` matches names case-insensitively; sorted by name. */
  private services(q: URLSearchParams, include: Set<string>): object {
    const wanted = (q.get('query') ?? '').toLowerCase();
    const matching = this.world.services
      .filter((s) => s.name.toLowerCase().includes(wanted))
      .sort((a, b) => a.name.localeCompare(b.name));
    const { page, limit, offset, more } = this.paginate(matching, q);
    return {
      services: page.map((s) => ({
        id: s.id,
        type: 'service',
        summary: s.name,
        name: s.name,
        status: 'active',
        html_url: `${WEB}/service-directory/${s.id}`,
        escalation_policy: include.has('escalation_policies')
          ? this.policyJson(s.policyId)
          : this.policyRef(s.policyId),
      })),
      limit,
      offset,
      more,
      total: null,
    };
  }

  private listIncidents(
    q: URLSearchParams,
    include: Set<string>,
    req: IncomingMessage,
  ): { status: number; payload: unknown; headers?: Record<string, string> } {
    const statuses = q.getAll('statuses[]');
    const userIds = q.getAll('user_ids[]');
    const serviceIds = q.getAll('service_ids[]');
    const key = q.get('incident_key');
    // PagerDuty's window: `date_range=all`, or `since`/`until` (default: the month before now).
    const now = this.now();
    const all = q.get('date_range') === 'all';
    const since = q.get('since') ? Date.parse(q.get('since') as string) : now - MONTH_MS;
    const until = q.get('until') ? Date.parse(q.get('until') as string) : now + 1;
    const keyed = (i: FakePdIncident) =>
      i.incidentKey === key || !!i.alertKeys?.includes(key ?? '');
    const matching = [...this.incidents.values()]
      .filter(
        (i) =>
          (key === null || keyed(i)) &&
          (all || (i.createdAt >= since && i.createdAt < until)) &&
          (statuses.length === 0 || statuses.includes(i.status)) &&
          (userIds.length === 0 || i.assignees.some((a) => userIds.includes(a.userId))) &&
          (serviceIds.length === 0 || serviceIds.includes(i.serviceId)),
      )
      // As PagerDuty does, incidents whose alerts carry the key may come before the exact one.
      .sort((a, b) =>
        key === null ? 0 : Number(a.incidentKey === key) - Number(b.incidentKey === key),
      );
    const { page, limit, offset, more } = this.paginate(matching, q);
    const payload = {
      incidents: page.map((i) => this.incidentJson(i, include)),
      limit,
      offset,
      more,
      total: null,
    };
    if (!this.options.etags) return { status: 200, payload };
    const etag = `W/"${createHash('sha256').update(JSON.stringify(payload)).digest('hex').slice(0, 16)}"`;
    if (req.headers['if-none-match'] === etag)
      return { status: 304, payload: undefined, headers: { ETag: etag } };
    return { status: 200, payload, headers: { ETag: etag } };
  }

  /** `POST /incidents/{id}/responder_requests`: recorded in `responderRequests`. */
  private requestResponders(
    incident: FakePdIncident,
    body: unknown,
  ): { status: number; payload: unknown } {
    const input = body as
      | {
          requester_id?: string;
          message?: string;
          responder_request_targets?: {
            responder_request_target?: { id?: string; type?: string };
          }[];
        }
      | undefined;
    const targets = (input?.responder_request_targets ?? []).map((t) => t.responder_request_target);
    if (!input?.requester_id || typeof input.message !== 'string' || targets.length === 0) {
      throw new HttpError(400, 'requester_id, message and responder_request_targets are required');
    }
    const policyIds = targets.map((t) => t?.id ?? '');
    this.responderRequests.push({ incidentId: incident.id, policyIds, message: input.message });
    const ref = { id: incident.id, type: 'incident_reference', summary: incident.title };
    return {
      status: 200,
      payload: {
        responder_request: {
          incident: ref,
          requester: { id: input.requester_id, type: 'user_reference' },
          requested_at: new Date(this.now()).toISOString(),
          message: input.message,
          responder_request_targets: targets.map((t) => ({
            responder_request_target: {
              id: t?.id,
              type: 'escalation_policy',
              incident_responders: [],
            },
          })),
        },
      },
    };
  }

  /**
   * `GET /incidents/{id}/log_entries`: newest first, within `since`/`until` when given, paged.
   * Every kind the fake logs is one `is_overview=true` keeps.
   */
  private logEntries(incident: FakePdIncident, q: URLSearchParams): object {
    const since = q.get('since') ? Date.parse(q.get('since') as string) : -Infinity;
    const until = q.get('until') ? Date.parse(q.get('until') as string) : Infinity;
    const service = this.service(incident.serviceId);
    const entries = incident.log
      .filter((e) => e.at >= since && e.at < until)
      .reverse()
      .map((e) => ({
        id: `RLOG${String(this.nextLogId++).padStart(6, '0')}`,
        type: e.type,
        summary: `${e.type.replace(/_log_entry$/, '')} of ${incident.title}`,
        created_at: iso(e.at),
        agent: e.userId ? this.userRef(e.userId) : null,
        channel: { type: e.userId ? 'website' : 'auto' },
        incident: { id: incident.id, type: 'incident_reference', summary: incident.title },
        service: { id: service.id, type: 'service_reference', summary: service.name },
        ...(e.note ? { note: e.note } : {}),
      }));
    const { page, limit, offset, more } = this.paginate(entries, q);
    return { log_entries: page, limit, offset, more, total: null };
  }

  private updateIncident(
    incident: FakePdIncident,
    req: IncomingMessage,
    body: unknown,
  ): { status: number; payload: unknown } {
    const userId = this.fromUser(req);
    const change = (
      body as { incident?: { type?: string; status?: string; urgency?: string } } | undefined
    )?.incident;
    if (!change || (change.type !== 'incident' && change.type !== 'incident_reference')) {
      throw new HttpError(400, 'incident.type must be incident or incident_reference');
    }
    if (change.urgency !== undefined) {
      if (change.urgency !== 'high' && change.urgency !== 'low') {
        throw new HttpError(400, `unsupported urgency ${change.urgency}`);
      }
      incident.urgency = change.urgency;
    }
    if (change.status === 'acknowledged') this.acknowledge(incident, userId);
    else if (change.status === 'resolved') {
      const resolution = (change as { resolution?: unknown }).resolution;
      this.resolve(incident.id, userId, typeof resolution === 'string' ? resolution : undefined);
    } else if (change.status !== undefined)
      throw new HttpError(400, `unsupported status ${change.status}`);
    return { status: 200, payload: { incident: this.incidentJson(incident, new Set()) } };
  }

  private createIncident(
    req: IncomingMessage,
    body: unknown,
  ): { status: number; payload: unknown } {
    this.fromUser(req);
    const input = (body as { incident?: Record<string, unknown> } | undefined)?.incident;
    const service = input?.service as { id?: string } | undefined;
    if (!input || input.type !== 'incident' || typeof input.title !== 'string' || !service?.id) {
      throw new HttpError(400, 'incident.type, incident.title and incident.service are required');
    }
    if (!this.world.services.some((s) => s.id === service.id)) {
      throw new HttpError(400, `Service ${service.id} not found`);
    }
    const key = typeof input.incident_key === 'string' ? input.incident_key : undefined;
    if (
      key &&
      [...this.incidents.values()].some((i) => i.incidentKey === key && i.status !== 'resolved')
    ) {
      throw new HttpError(400, 'Open incident with key already exists');
    }
    const assignments = input.assignments as { assignee?: { id?: string } }[] | undefined;
    const assigneeId = assignments?.[0]?.assignee?.id;
    const id = this.trigger({
      serviceId: service.id,
      title: input.title,
      urgency: input.urgency === 'low' ? 'low' : 'high',
      ...(key ? { incidentKey: key } : {}),
      ...(assigneeId ? { assigneeId } : {}),
    });
    return { status: 201, payload: { incident: this.incidentJson(this.incident(id), new Set()) } };
  }
}
