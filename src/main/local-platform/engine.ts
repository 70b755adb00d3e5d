/**
 * The reference implementation of the Zephyr platform API v1 as a pure engine: requests in,
 * responses out. Time comes from an injected `Clock` plus an offset the control API advances;
 * every change goes out through the `persist` callback. The HTTP front is `http-server.ts`; the
 * pages, incidents and roster logic live in `engine/`.
 */
import type { Incident, IncidentUpdate, Page, Rotation } from '../../shared/domain.js';
import type { Playbook } from '../../shared/playbook.js';
import type { Clock, TimerHandle } from '../core/ports.js';
import { nextEscalationMs } from './escalation.js';
import {
  ApiError,
  created,
  errorBody,
  etagMatches,
  etagOf,
  ok,
  parseInput,
  type EngineContext,
  type PlatformRequest,
  type PlatformResponse,
  type Result,
} from './engine/api.js';
import * as incidents from './engine/incidents.js';
import {
  CreatePageInput,
  EscalatePageInput,
  PageStatusFilter,
  type SetShiftsInput,
} from './engine/inputs.js';
import * as pages from './engine/pages.js';
import { wireRotations } from './engine/roster.js';
import {
  publicPerson,
  type NotificationRecord,
  type PlatformState,
  type StoredPerson,
} from './state.js';

export { ApiError, errorBody, parseInput } from './engine/api.js';
export type { PlatformRequest, PlatformResponse } from './engine/api.js';
export { CreatePageInput } from './engine/inputs.js';

/** Longest long poll a client may ask for (`wait`), in seconds. */
export const MAX_WAIT_SECONDS = 30;
/** How long an `Idempotency-Key` is remembered. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
// Node timers overflow above 2^31-1 ms; a longer wait is re-armed when it fires.
const MAX_TIMER_MS = 2 ** 31 - 1;

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

type Ctx = { req: PlatformRequest; me: StoredPerson; params: string[] };
type Route = { method: string; pattern: RegExp; run: (ctx: Ctx) => Result | Promise<Result> };

/** The Zephyr platform API over a `PlatformState`. */
export class PlatformEngine {
  private readonly state: PlatformState;
  private readonly clock: Clock;
  private readonly playbook: Playbook;
  private readonly persist: (state: PlatformState) => void;
  /** Held long polls; `force` answers one even though its pages did not change. */
  private readonly waiters = new Set<(force: boolean) => void>();
  private timer: TimerHandle | undefined;
  private stopped = false;
  private readonly routes: Route[];
  private readonly ctx: EngineContext;

  constructor(options: PlatformEngineOptions) {
    this.state = structuredClone(options.state);
    this.clock = options.clock;
    this.playbook = options.playbook;
    this.ctx = { state: this.state, playbook: this.playbook, now: () => this.now() };
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
      {
        method: 'POST',
        pattern: /^\/v1\/pages\/([^/]+)\/escalate$/,
        run: ({ req, params }) =>
          ok(this.escalateNow(params[0] ?? '', parseInput(EscalatePageInput, req.body ?? {}))),
      },
      {
        method: 'GET',
        pattern: /^\/v1\/incidents$/,
        run: ({ req }) => incidents.listIncidents(this.ctx, req.query?.['status'] ?? 'open'),
      },
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
        run: ({ params }) => incidents.listUpdates(this.ctx, params[0] ?? ''),
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
    for (const wake of [...this.waiters]) wake(true);
  }

  /** Moves platform time forward by `seconds` and escalates whatever became due. */
  advance(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) {
      throw new ApiError(400, 'invalid_request', 'seconds must be a number >= 0');
    }
    this.state.clockOffsetMs += Math.round(seconds * 1000);
    this.commit(false);
    // Clients learn platform time from every answer's Date header: held long polls answer now,
    // so a client sees the clock move at once rather than after its wait.
    if (seconds > 0) for (const wake of [...this.waiters]) wake(true);
  }

  /**
   * Replaces the schedule of rotation `rotationId` with `input.shifts` (control API): the feed
   * sends exactly them and pages to the rotation reach whoever holds one. Answers the rotation.
   */
  setShifts(rotationId: string, input: SetShiftsInput): Rotation {
    const rotation = this.state.rotations.find((r) => r.id === rotationId);
    if (!rotation) throw new ApiError(404, 'not_found', `no rotation with id '${rotationId}'`);
    const unknown = input.shifts.find((s) => !this.state.people.some((p) => p.id === s.person));
    if (unknown) throw new ApiError(404, 'not_found', `no person with id '${unknown.person}'`);
    rotation.shifts = input.shifts.map((s) => ({
      personId: s.person,
      level: s.level,
      start: new Date(s.start).toISOString(),
      end: new Date(s.end).toISOString(),
    }));
    this.commit(false);
    const wire = this.rotations().find((r) => r.id === rotationId);
    if (!wire) throw new ApiError(404, 'not_found', `no rotation with id '${rotationId}'`);
    return wire;
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

  /** The rotations as sent on the wire (see `wireRotations`). */
  rotations(): Rotation[] {
    return wireRotations(this.state, this.now());
  }

  private getOncall(): Result {
    // The ETag covers the rotations only: `generatedAt` changes on every call.
    return {
      status: 200,
      body: { generatedAt: new Date(this.now()).toISOString(), rotations: this.rotations() },
      etag: true,
    };
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

  /**
   * Holds until `done()`, or `ms` of platform time: real time, or an `advance` past the end (a
   * poll held across a jump of the platform clock answers at once, as its wait is over).
   */
  private waitFor(done: () => boolean, ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (this.stopped || signal?.aborted) return resolve();
      const until = this.now() + ms;
      const finish = () => {
        this.waiters.delete(check);
        this.clock.clearTimeout(timer);
        signal?.removeEventListener('abort', finish);
        resolve();
      };
      const check = (force: boolean) => {
        if (force || this.stopped || done() || this.now() >= until) finish();
      };
      const timer = this.clock.setTimeout(finish, ms);
      signal?.addEventListener('abort', finish);
      this.waiters.add(check);
    });
  }

  /** Creates a page; its first step is reached now. Throws `ApiError` on a bad target. */
  createPage(input: CreatePageInput): Page {
    const page = pages.createPage(this.ctx, input);
    this.commit(true);
    return page;
  }

  /** `personId` acknowledges page `id`: stops its chain. Repeats are harmless; resolved is `409`. */
  acknowledge(id: string, personId: string): Page {
    const { page, changed } = pages.acknowledge(this.ctx, id, personId);
    this.commit(changed);
    return page;
  }

  /** Resolves page `id` (stops its chain); resolving again returns it unchanged. */
  resolve(id: string): Page {
    const { page, changed } = pages.resolve(this.ctx, id);
    if (changed) this.commit(true);
    return page;
  }

  /** "Escalate now": pages the next step (or `input.to`) of page `id` at once. */
  escalateNow(id: string, input: EscalatePageInput): Page {
    const page = pages.escalateNow(this.ctx, id, input);
    this.commit(true);
    return page;
  }

  /** Re-triggers page `id` as its source would: rings its first step again, chain from now. */
  retrigger(id: string): Page {
    const page = pages.retrigger(this.ctx, id);
    this.commit(true);
    return page;
  }

  private createIncident(input: unknown): Incident {
    const incident = incidents.createIncident(this.ctx, input);
    this.commit(false);
    return incident;
  }

  private patchIncident(id: string, input: unknown): Incident {
    const incident = incidents.patchIncident(this.ctx, id, input);
    this.commit(false);
    return incident;
  }

  private postUpdate(id: string, me: StoredPerson, input: unknown): IncidentUpdate {
    const update = incidents.postUpdate(this.ctx, id, me, input);
    this.commit(false);
    return update;
  }

  // ---- time and changes --------------------------------------------------------------------

  /**
   * The one place every change goes through: page whatever is due, bump the cursor when pages
   * changed, persist, wake long polls, re-arm the escalation timer.
   */
  private commit(pagesChanged: boolean): void {
    const escalated = pages.escalateDue(this.ctx);
    const changed = pagesChanged || escalated;
    if (changed) this.state.pagesVersion += 1;
    this.persist(this.state);
    for (const wake of [...this.waiters]) wake(false);
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
