/**
 * The reference implementation of the Zephyr platform API v1 as a pure engine: requests in,
 * responses out. Time comes from an injected `Clock` plus an offset the control API advances;
 * every change goes out through the `persist` callback. The HTTP front is `http-server.ts`.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  IncidentStatus,
  Person,
  Severity,
  type Incident,
  type IncidentUpdate,
  type Page,
  type Rotation,
} from '../../shared/domain.js';
import type { Playbook } from '../../shared/playbook.js';
import type { Clock, TimerHandle } from '../core/ports.js';
import { escalate, nextEscalationMs, planEscalation, withDerivedFields } from './escalation.js';
import {
  publicPerson,
  type NotificationRecord,
  type PlatformState,
  type StoredPerson,
} from './state.js';

/** Longest long poll a client may ask for (`wait`), in seconds. */
export const MAX_WAIT_SECONDS = 30;
/** How long an `Idempotency-Key` is remembered. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
// Node timers overflow above 2^31-1 ms; a longer wait is re-armed when it fires.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** An API failure with its HTTP status and machine code, sent as `{"error":{code,message}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** One API request, already taken apart by the transport. */
export interface PlatformRequest {
  method: string;
  /** Path without the query string, e.g. `/v1/pages/P1/acknowledge`. */
  path: string;
  query?: Record<string, string | undefined>;
  /** The bearer token, without `Bearer `. */
  token?: string;
  idempotencyKey?: string;
  ifNoneMatch?: string;
  /** Parsed JSON body, `undefined` when there was none. */
  body?: unknown;
  /** Aborts a long poll when the client goes away. */
  signal?: AbortSignal;
}

/** What the transport sends back. `body` is `undefined` for `304`. */
export interface PlatformResponse {
  status: number;
  body?: unknown;
  headers: Record<string, string>;
}

/** Everything the control API shows about the platform. Tokens included: control only. */
export interface ControlState {
  now: string;
  clockOffsetSeconds: number;
  userId: string;
  people: StoredPerson[];
  rotations: Rotation[];
  pages: Page[];
  /** Acknowledge requests processed per page id (repeats counted, idempotent replays not). */
  acknowledgements: Record<string, number>;
  incidents: Incident[];
  updates: IncidentUpdate[];
  notifications: NotificationRecord[];
}

/** What the engine needs from its host. */
export interface PlatformEngineOptions {
  /** Real time and timers; the engine adds the control offset on top. */
  clock: Clock;
  playbook: Playbook;
  /** Starting state (fresh from `sampleState` or read from the state file). */
  state: PlatformState;
  /** Called with the whole state after every change; throwing fails the request. */
  persist?: (state: PlatformState) => void;
}

const PersonRef = z.union([z.string().min(1), z.looseObject({ id: z.string().min(1) })]);
type PersonRef = z.infer<typeof PersonRef>;

/** Body of `POST /v1/pages` (and `POST /control/pages`). Unknown fields are ignored. */
export const CreatePageInput = z.object({
  title: z.string().min(1),
  severity: Severity.optional(),
  service: z.string().min(1).optional(),
  incidentId: z.string().min(1).optional(),
  test: z.boolean().optional(),
  target: z.union([
    z.object({ rotation: z.string().min(1) }),
    z.object({ person: z.string().min(1) }),
  ]),
});
export type CreatePageInput = z.infer<typeof CreatePageInput>;

const IncidentLinksInput = z.object({
  channel: z.string().nullable().optional(),
  statusPage: z.string().nullable().optional(),
  ticket: z.string().nullable().optional(),
  runbook: z.string().nullable().optional(),
});

const CreateIncidentInput = z.object({
  severity: Severity,
  summary: z.string().min(1),
  service: z.string().min(1).optional(),
  region: z.string().min(1).optional(),
  roles: z
    .object({
      commander: PersonRef.optional(),
      comms: PersonRef.optional(),
      investigators: z.array(PersonRef).optional(),
    })
    .default({}),
  links: IncidentLinksInput.optional(),
});

const PatchIncidentInput = z.object({
  status: IncidentStatus.optional(),
  severity: Severity.optional(),
  summary: z.string().min(1).optional(),
  roles: z
    .object({
      commander: PersonRef.nullable().optional(),
      comms: PersonRef.nullable().optional(),
      investigators: z.array(PersonRef).optional(),
    })
    .optional(),
  links: IncidentLinksInput.optional(),
});

const CreateUpdateInput = z.object({ status: IncidentStatus, message: z.string().min(1) });

const PageStatusFilter = z.enum(['open', 'all', 'triggered', 'acknowledged', 'resolved']);

type Result = { status: number; body: unknown; etag?: boolean };
type Ctx = { req: PlatformRequest; me: StoredPerson; params: string[] };
type Route = { method: string; pattern: RegExp; run: (ctx: Ctx) => Result | Promise<Result> };

/** Parses `input` with `schema` or throws a `400` naming every wrong field. */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const detail = result.error.issues
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : 'body'}: ${i.message}`)
    .join('; ');
  throw new ApiError(400, 'invalid_request', `invalid request body: ${detail}`);
}

/** A strong ETag of a JSON value. */
export function etagOf(value: unknown): string {
  return `"${createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 27)}"`;
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((t) => {
    const tag = t.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

/** The Zephyr platform API over a `PlatformState`. */
export class PlatformEngine {
  private readonly state: PlatformState;
  private readonly clock: Clock;
  private readonly playbook: Playbook;
  private readonly persist: (state: PlatformState) => void;
  private readonly waiters = new Set<() => void>();
  private timer: TimerHandle | undefined;
  private stopped = false;
  private readonly routes: Route[];

  constructor(options: PlatformEngineOptions) {
    this.state = structuredClone(options.state);
    this.clock = options.clock;
    this.playbook = options.playbook;
    this.persist = options.persist ?? (() => undefined);
    this.routes = [
      { method: 'GET', pattern: /^\/v1\/me$/, run: ({ me }) => ok({ person: publicPerson(me) }) },
      { method: 'GET', pattern: /^\/v1\/oncall$/, run: () => this.getOncall() },
      { method: 'GET', pattern: /^\/v1\/pages$/, run: ({ req }) => this.listPages(req) },
      {
        method: 'POST',
        pattern: /^\/v1\/pages$/,
        run: ({ req }) => created(this.createPage(parseInput(CreatePageInput, req.body))),
      },
      {
        method: 'POST',
        pattern: /^\/v1\/pages\/([^/]+)\/acknowledge$/,
        run: ({ me, params }) => ok(this.acknowledge(params[0] ?? '', me.id)),
      },
      {
        method: 'POST',
        pattern: /^\/v1\/pages\/([^/]+)\/resolve$/,
        run: ({ params }) => ok(this.resolve(params[0] ?? '')),
      },
      { method: 'GET', pattern: /^\/v1\/incidents$/, run: ({ req }) => this.listIncidents(req) },
      {
        method: 'POST',
        pattern: /^\/v1\/incidents$/,
        run: ({ req }) => created(this.createIncident(req.body)),
      },
      {
        method: 'PATCH',
        pattern: /^\/v1\/incidents\/([^/]+)$/,
        run: ({ req, params }) => ok(this.patchIncident(params[0] ?? '', req.body)),
      },
      {
        method: 'POST',
        pattern: /^\/v1\/incidents\/([^/]+)\/updates$/,
        run: ({ req, me, params }) => created(this.postUpdate(params[0] ?? '', me, req.body)),
      },
      {
        method: 'GET',
        pattern: /^\/v1\/incidents\/([^/]+)\/updates$/,
        run: ({ params }) => this.listUpdates(params[0] ?? ''),
      },
    ];
  }

  /** Platform time in epoch milliseconds: real time plus the control offset. */
  now(): number {
    return this.clock.now() + this.state.clockOffsetMs;
  }

  /** Pages whatever is already due and arms the escalation timer. Call once after construction. */
  start(): void {
    this.commit(false);
  }

  /** Stops the escalation timer and answers every held long poll. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    for (const wake of [...this.waiters]) wake();
  }

  /** Moves platform time forward by `seconds` and escalates whatever became due. */
  advance(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) {
      throw new ApiError(400, 'invalid_request', 'seconds must be a number >= 0');
    }
    this.state.clockOffsetMs += Math.round(seconds * 1000);
    this.commit(false);
  }

  /** The person a bearer token belongs to, or `undefined`. */
  personForToken(token: string | undefined): StoredPerson | undefined {
    if (!token) return undefined;
    return this.state.people.find((p) => p.token === token);
  }

  /** The bearer token of `personId`, or `undefined` for an unknown person. */
  tokenFor(personId: string): string | undefined {
    return this.state.people.find((p) => p.id === personId)?.token;
  }

  /** A deep copy of the persisted state. */
  snapshot(): PlatformState {
    return structuredClone(this.state);
  }

  /** Everything the control API shows (a copy). */
  controlState(): ControlState {
    const s = structuredClone(this.state);
    return {
      now: new Date(this.now()).toISOString(),
      clockOffsetSeconds: s.clockOffsetMs / 1000,
      userId: s.userId,
      people: s.people,
      rotations: this.rotations(),
      pages: s.pages,
      acknowledgements: s.acknowledgements,
      incidents: s.incidents,
      updates: s.updates,
      notifications: s.notifications,
    };
  }

  /** Serves one API request: auth, idempotency, routing, ETag/304, long poll. */
  async handle(req: PlatformRequest): Promise<PlatformResponse> {
    try {
      return await this.route(req);
    } catch (err) {
      if (err instanceof ApiError) {
        return { status: err.status, body: errorBody(err.code, err.message), headers: {} };
      }
      throw err;
    }
  }

  private async route(req: PlatformRequest): Promise<PlatformResponse> {
    let params: string[] | undefined;
    const route = this.routes.find((r) => {
      const m = r.method === req.method ? r.pattern.exec(req.path) : null;
      if (m) params = m.slice(1).map((p) => decodeURIComponent(p));
      return m !== null;
    });
    if (!route || !params) {
      throw new ApiError(404, 'not_found', `no such endpoint: ${req.method} ${req.path}`);
    }
    const me = this.personForToken(req.token);
    if (!me) throw new ApiError(401, 'unauthorized', 'missing or unknown bearer token');

    const key = req.method === 'POST' ? req.idempotencyKey : undefined;
    const scope = `${me.id} ${req.method} ${req.path}`;
    if (key !== undefined) {
      const nowMs = this.now();
      const seen = this.state.idempotency.find(
        (r) => r.scope === scope && r.key === key && nowMs - r.atMs < IDEMPOTENCY_TTL_MS,
      );
      if (seen) {
        return {
          status: seen.status,
          body: structuredClone(seen.body),
          headers: { 'Idempotent-Replayed': 'true' },
        };
      }
    }

    const result = await route.run({ req, me, params });
    const headers: Record<string, string> = {};
    if (key !== undefined && result.status >= 200 && result.status < 300) {
      const nowMs = this.now();
      this.state.idempotency = this.state.idempotency.filter(
        (r) => nowMs - r.atMs < IDEMPOTENCY_TTL_MS,
      );
      this.state.idempotency.push({
        scope,
        key,
        atMs: nowMs,
        status: result.status,
        body: result.body,
      });
      this.commit(false);
    }
    if (result.etag) {
      const etag = etagOf(
        req.path === '/v1/oncall' ? (result.body as { rotations: unknown }).rotations : result.body,
      );
      headers['ETag'] = etag;
      if (etagMatches(req.ifNoneMatch, etag)) return { status: 304, headers };
    }
    return { status: result.status, body: result.body, headers };
  }

  // ---- rotations ---------------------------------------------------------------------------

  /**
   * The rotations as sent on the wire: this week's shifts (one per level, in the members' order,
   * which escalation uses) from today 00:00 UTC for 8 days, then the next week's hand-over with the
   * order rotated by one, so "who is next" and "my next shift" have something to show.
   */
  rotations(): Rotation[] {
    const dayMs = 24 * 60 * 60 * 1000;
    const start = Math.floor(this.now() / dayMs) * dayMs;
    const handover = start + 8 * dayMs;
    return this.state.rotations.map((r) => {
      const members = this.members(r.members);
      const next = [...members.slice(1), ...members.slice(0, 1)];
      const shifts = (people: typeof members, from: number, to: number) =>
        people.map((person, i) => ({
          person,
          level: i + 1,
          start: new Date(from).toISOString(),
          end: new Date(to).toISOString(),
        }));
      return {
        id: r.id,
        name: r.name,
        kind: r.kind,
        ...(r.service !== undefined ? { service: r.service } : {}),
        shifts: [
          ...shifts(members, start, handover),
          ...(members.length > 1 ? shifts(next, handover, handover + 7 * dayMs) : []),
        ],
      };
    });
  }

  private getOncall(): Result {
    // The ETag covers the rotations only: `generatedAt` changes on every call.
    return {
      status: 200,
      body: { generatedAt: new Date(this.now()).toISOString(), rotations: this.rotations() },
      etag: true,
    };
  }

  private members(ids: string[]) {
    return ids.flatMap((id) => {
      const p = this.state.people.find((x) => x.id === id);
      return p ? [publicPerson(p)] : [];
    });
  }

  private onCall(kind: 'em' | 'founder') {
    const rotation = this.state.rotations.find((r) => r.kind === kind);
    return rotation ? this.members(rotation.members)[0] : undefined;
  }

  // ---- pages -------------------------------------------------------------------------------

  private async listPages(req: PlatformRequest): Promise<Result> {
    const q = req.query ?? {};
    const filter = PageStatusFilter.safeParse(q['status'] ?? 'open');
    if (!filter.success) {
      throw new ApiError(
        400,
        'invalid_request',
        'status must be one of open, all, triggered, acknowledged, resolved',
      );
    }
    const wait = q['wait'] === undefined ? 0 : Number(q['wait']);
    if (!Number.isFinite(wait) || wait < 0) {
      throw new ApiError(400, 'invalid_request', 'wait must be a number of seconds from 0 to 30');
    }
    const cursorText = q['cursor'];
    if (cursorText !== undefined && !/^\d+$/.test(cursorText)) {
      throw new ApiError(400, 'invalid_request', 'cursor must be the cursor of a previous answer');
    }
    const body = () => ({
      pages: this.state.pages.filter((p) =>
        filter.data === 'all'
          ? true
          : filter.data === 'open'
            ? p.status !== 'resolved'
            : p.status === filter.data,
      ),
      cursor: String(this.state.pagesVersion),
    });
    const cursor = cursorText === undefined ? undefined : Number(cursorText);
    const changed = () =>
      cursor !== undefined
        ? this.state.pagesVersion !== cursor
        : req.ifNoneMatch !== undefined
          ? !etagMatches(req.ifNoneMatch, etagOf(body()))
          : true;
    if (wait > 0 && !changed()) {
      await this.waitFor(changed, Math.min(wait, MAX_WAIT_SECONDS) * 1000, req.signal);
    }
    return { status: 200, body: structuredClone(body()), etag: true };
  }

  private waitFor(done: () => boolean, ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (this.stopped || signal?.aborted) return resolve();
      const finish = () => {
        this.waiters.delete(check);
        this.clock.clearTimeout(timer);
        signal?.removeEventListener('abort', finish);
        resolve();
      };
      const check = () => {
        if (this.stopped || done()) finish();
      };
      const timer = this.clock.setTimeout(finish, ms);
      signal?.addEventListener('abort', finish);
      this.waiters.add(check);
    });
  }

  private findPage(id: string): { page: Page; index: number } {
    const index = this.state.pages.findIndex((p) => p.id === id);
    const page = this.state.pages[index];
    if (!page) throw new ApiError(404, 'not_found', `no page with id '${id}'`);
    return { page, index };
  }

  /** Creates and pages a new page (first step notified now). Throws `ApiError` on a bad target. */
  createPage(input: CreatePageInput): Page {
    const nowIso = new Date(this.now()).toISOString();
    let service = input.service;
    let rotationMembers: Person[] = [];
    let person: Person | undefined;
    if ('rotation' in input.target) {
      const id = input.target.rotation;
      const rotation = this.state.rotations.find((r) => r.id === id);
      if (!rotation) throw new ApiError(404, 'not_found', `no rotation with id '${id}'`);
      rotationMembers = this.members(rotation.members);
      service ??= rotation.service;
    } else {
      const id = input.target.person;
      const found = this.state.people.find((p) => p.id === id);
      if (!found) throw new ApiError(404, 'not_found', `no person with id '${id}'`);
      person = publicPerson(found);
    }
    const steps = planEscalation(
      this.playbook,
      { rotationMembers, person, em: this.onCall('em'), founder: this.onCall('founder') },
      { test: input.test === true },
    );
    const first = steps[0];
    if (!first?.person) {
      throw new ApiError(400, 'invalid_request', 'the target rotation has nobody on call');
    }
    first.notifiedAt = nowIso;
    this.state.counters.page += 1;
    const page = withDerivedFields({
      id: `P${this.state.counters.page}`,
      title: input.title,
      ...(input.severity !== undefined ? { severity: input.severity } : {}),
      ...(service !== undefined ? { service } : {}),
      ...(input.incidentId !== undefined ? { incidentId: input.incidentId } : {}),
      ...(input.test !== undefined ? { test: input.test } : {}),
      status: 'triggered',
      createdAt: nowIso,
      updatedAt: nowIso,
      target: first.person,
      escalation: { step: 0, steps, nextAt: null, nextTarget: null },
      links: {
        runbook: this.playbook.runbookUrl,
        ...(input.incidentId !== undefined ? { incident: input.incidentId } : {}),
      },
    });
    this.state.pages.push(page);
    this.notify(page, 0, 'triggered', nowIso);
    this.commit(true);
    return structuredClone(page);
  }

  /**
   * `personId` acknowledges page `id`: stops the chain at once. Repeating is harmless (the
   * page is returned unchanged); a resolved page is `409 resolved`.
   */
  acknowledge(id: string, personId: string): Page {
    const { page, index } = this.findPage(id);
    if (page.status === 'resolved') {
      throw new ApiError(409, 'resolved', `page '${id}' is already resolved`);
    }
    this.state.acknowledgements[id] = (this.state.acknowledgements[id] ?? 0) + 1;
    if (page.status === 'triggered') {
      const by = this.state.people.find((p) => p.id === personId);
      const nowIso = new Date(this.now()).toISOString();
      this.state.pages[index] = withDerivedFields({
        ...page,
        status: 'acknowledged',
        updatedAt: nowIso,
        acknowledgedAt: nowIso,
        ...(by ? { acknowledgedBy: publicPerson(by) } : {}),
      });
      this.commit(true);
    } else {
      this.commit(false);
    }
    return structuredClone(this.state.pages[index] as Page);
  }

  /** Resolves page `id` (stops the chain); resolving again returns it unchanged. */
  resolve(id: string): Page {
    const { page, index } = this.findPage(id);
    if (page.status !== 'resolved') {
      const nowIso = new Date(this.now()).toISOString();
      this.state.pages[index] = withDerivedFields({
        ...page,
        status: 'resolved',
        updatedAt: nowIso,
      });
      this.commit(true);
    }
    return structuredClone(this.state.pages[index] as Page);
  }

  /**
   * Re-triggers page `id` as its source would: it is `triggered` again, its first step is paged
   * now and the chain restarts on the playbook's timings from now.
   */
  retrigger(id: string): Page {
    const { page, index } = this.findPage(id);
    const nowMs = this.now();
    const nowIso = new Date(nowMs).toISOString();
    const offset = Math.ceil((nowMs - Date.parse(page.createdAt)) / 1000);
    const base = page.escalation.steps[0]?.afterSeconds ?? 0;
    const steps = page.escalation.steps.map((s, i) => {
      const { notifiedAt: _n, ...rest } = s;
      const step = { ...rest, afterSeconds: s.afterSeconds - base + offset };
      return i === 0 ? { ...step, notifiedAt: nowIso } : step;
    });
    const { acknowledgedBy: _by, acknowledgedAt: _at, ...rest } = page;
    const next = withDerivedFields({
      ...rest,
      status: 'triggered',
      updatedAt: nowIso,
      escalation: { ...page.escalation, step: 0, steps },
    });
    this.state.pages[index] = next;
    this.notify(next, 0, 'retriggered', nowIso);
    this.commit(true);
    return structuredClone(next);
  }

  private notify(page: Page, step: number, reason: NotificationRecord['reason'], at: string): void {
    const s = page.escalation.steps[step];
    if (!s?.person) return;
    this.state.notifications.push({
      pageId: page.id,
      personId: s.person.id,
      step,
      role: s.role,
      at,
      reason,
    });
  }

  // ---- incidents ---------------------------------------------------------------------------

  private listIncidents(req: PlatformRequest): Result {
    const status = req.query?.['status'] ?? 'open';
    if (status !== 'open' && status !== 'all') {
      throw new ApiError(400, 'invalid_request', 'status must be open or all');
    }
    const incidents = this.state.incidents.filter(
      (i) => status === 'all' || i.status !== 'resolved',
    );
    return { status: 200, body: structuredClone({ incidents }), etag: true };
  }

  private findIncident(id: string): { incident: Incident; index: number } {
    const index = this.state.incidents.findIndex((i) => i.id === id);
    const incident = this.state.incidents[index];
    if (!incident) throw new ApiError(404, 'not_found', `no incident with id '${id}'`);
    return { incident, index };
  }

  private personFromRef(ref: PersonRef, field: string): Person {
    const id = typeof ref === 'string' ? ref : ref.id;
    const known = this.state.people.find((p) => p.id === id);
    if (known) return publicPerson(known);
    const given = Person.safeParse(ref);
    if (given.success) return given.data;
    throw new ApiError(400, 'invalid_request', `${field}: no person with id '${id}'`);
  }

  private createIncident(input: unknown): Incident {
    const body = parseInput(CreateIncidentInput, input);
    const nowIso = new Date(this.now()).toISOString();
    this.state.counters.incident += 1;
    const { commander, comms, investigators } = body.roles;
    const incident: Incident = {
      id: `INC-${this.state.counters.incident}`,
      severity: body.severity,
      summary: body.summary,
      ...(body.service !== undefined ? { service: body.service } : {}),
      ...(body.region !== undefined ? { region: body.region } : {}),
      status: 'investigating',
      openedAt: nowIso,
      roles: {
        ...(commander ? { commander: this.personFromRef(commander, 'roles.commander') } : {}),
        ...(comms ? { comms: this.personFromRef(comms, 'roles.comms') } : {}),
        investigators: (investigators ?? []).map((r, i) =>
          this.personFromRef(r, `roles.investigators.${i}`),
        ),
      },
      links: mergeLinks({ runbook: this.playbook.runbookUrl }, body.links),
    };
    this.state.incidents.push(incident);
    this.commit(false);
    return structuredClone(incident);
  }

  private patchIncident(id: string, input: unknown): Incident {
    const body = parseInput(PatchIncidentInput, input);
    const { incident, index } = this.findIncident(id);
    const next: Incident = structuredClone(incident);
    if (body.severity !== undefined) next.severity = body.severity;
    if (body.summary !== undefined) next.summary = body.summary;
    if (body.status !== undefined) this.setStatus(next, body.status);
    const roles = body.roles;
    if (roles) {
      for (const role of ['commander', 'comms'] as const) {
        const ref = roles[role];
        if (ref === null) delete next.roles[role];
        else if (ref !== undefined) next.roles[role] = this.personFromRef(ref, `roles.${role}`);
      }
      if (roles.investigators) {
        next.roles.investigators = roles.investigators.map((r, i) =>
          this.personFromRef(r, `roles.investigators.${i}`),
        );
      }
    }
    next.links = mergeLinks(next.links, body.links);
    this.state.incidents[index] = next;
    this.commit(false);
    return structuredClone(next);
  }

  private setStatus(incident: Incident, status: IncidentStatus): void {
    if (status === 'resolved' && incident.status !== 'resolved') {
      incident.resolvedAt = new Date(this.now()).toISOString();
    }
    if (status !== 'resolved') delete incident.resolvedAt;
    incident.status = status;
  }

  private postUpdate(id: string, me: StoredPerson, input: unknown): IncidentUpdate {
    const body = parseInput(CreateUpdateInput, input);
    const { incident } = this.findIncident(id);
    const nowIso = new Date(this.now()).toISOString();
    this.state.counters.update += 1;
    const update: IncidentUpdate = {
      id: `U-${this.state.counters.update}`,
      incidentId: incident.id,
      status: body.status,
      message: body.message,
      postedAt: nowIso,
      author: publicPerson(me),
    };
    this.setStatus(incident, body.status);
    incident.lastUpdateAt = nowIso;
    this.state.updates.push(update);
    this.commit(false);
    return structuredClone(update);
  }

  private listUpdates(id: string): Result {
    const { incident } = this.findIncident(id);
    const updates = this.state.updates.filter((u) => u.incidentId === incident.id);
    return { status: 200, body: structuredClone({ updates }), etag: true };
  }

  // ---- time and changes --------------------------------------------------------------------

  /**
   * The one place every change goes through: page whatever is due, bump the cursor when pages
   * changed, persist, wake long polls, re-arm the escalation timer.
   */
  private commit(pagesChanged: boolean): void {
    const nowMs = this.now();
    const at = new Date(nowMs).toISOString();
    let changed = pagesChanged;
    this.state.pages = this.state.pages.map((page) => {
      const result = escalate(page, nowMs);
      for (const step of result.paged) this.notify(result.page, step, 'escalated', at);
      if (result.paged.length > 0) changed = true;
      return result.page;
    });
    if (changed) this.state.pagesVersion += 1;
    this.persist(this.state);
    for (const wake of [...this.waiters]) wake();
    this.arm();
  }

  private arm(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (this.stopped) return;
    const due = nextEscalationMs(this.state.pages);
    if (due === undefined) return;
    const delay = Math.min(Math.max(0, due - this.now()), MAX_TIMER_MS);
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.commit(false);
    }, delay);
  }
}

function ok(body: unknown): Result {
  return { status: 200, body };
}

function created(body: unknown): Result {
  return { status: 201, body };
}

/** The API's error shape. */
export function errorBody(
  code: string,
  message: string,
): { error: { code: string; message: string } } {
  return { error: { code, message } };
}

function mergeLinks(
  links: Incident['links'],
  patch: z.infer<typeof IncidentLinksInput> | undefined,
): Incident['links'] {
  const next: Incident['links'] = { ...links };
  for (const [k, v] of Object.entries(patch ?? {}) as [
    keyof Incident['links'],
    string | null | undefined,
  ][]) {
    if (v === null) delete next[k];
    else if (v !== undefined) next[k] = v;
  }
  return next;
}
