/**
 * A scriptable `PageSource`: an in-memory platform whose answers tests change at will, with
 * failures and hanging requests on demand. Also builders for `Person`, `Page` and `Rotation`.
 */
import type { Page, Person, Rotation } from '../../src/shared/domain.js';
import { SourceError, type PagePoll, type PageSource } from '../../src/main/core/ports.js';
import type { Clock } from '../../src/main/core/ports.js';

/** A person with a stable id derived from the name. */
export function person(name: string): Person {
  const id = name.toLowerCase().replace(/[^a-z]+/g, '-');
  return { id, name, email: `${id}@example.com` };
}

/** A triggered page targeting `target`, created at `at`, escalating to `next` in 5 minutes. */
export function makePage(
  id: string,
  target: Person,
  at: number,
  overrides: Partial<Page> & { next?: Person | null } = {},
): Page {
  const { next = null, ...rest } = overrides;
  const created = new Date(at).toISOString();
  return {
    id,
    title: `Page ${id}`,
    status: 'triggered',
    createdAt: created,
    updatedAt: created,
    target,
    escalation: {
      step: 0,
      steps: [
        { afterSeconds: 0, role: 'rotation', person: target, notifiedAt: created },
        { afterSeconds: 300, role: 'rotation-next', ...(next ? { person: next } : {}) },
      ],
      nextAt: next ? new Date(at + 300_000).toISOString() : null,
      nextTarget: next,
    },
    ...rest,
  };
}

/** A rotation where each `[person, startMs, endMs]` is a level-1 shift. */
export function makeRotation(
  id: string,
  shifts: [Person, number, number][],
  kind: Rotation['kind'] = 'platform',
): Rotation {
  return {
    id,
    name: `${id} rotation`,
    kind,
    shifts: shifts.map(([p, start, end]) => ({
      person: p,
      level: 1,
      start: new Date(start).toISOString(),
      end: new Date(end).toISOString(),
    })),
  };
}

type Method = 'me' | 'rotations' | 'pollPages' | 'acknowledge' | 'sendTestPage';

/** One recorded call. */
export interface SourceCall {
  method: Method;
  at: number;
  args: unknown;
}

/** What a scripted step does instead of the default behaviour. */
export type Step = { error: SourceError } | { hang: true } | { hangIgnoringAbort: true };

/** The in-memory platform. Mutate `pages`/`rotationsList` (then `touch()`) to change answers. */
export class FakeSource implements PageSource {
  readonly kind = 'zephyr' as const;
  readonly calls: SourceCall[] = [];
  readonly inFlight: Record<Method, number> = {
    me: 0,
    rotations: 0,
    pollPages: 0,
    acknowledge: 0,
    sendTestPage: 0,
  };
  readonly maxInFlight: Record<Method, number> = { ...this.inFlight };
  pages: Page[] = [];
  rotationsList: Rotation[] = [];
  invalidPages: string[] = [];
  skewMs = 0;
  private version = 1;
  private readonly script: Record<Method, Step[]> = {
    me: [],
    rotations: [],
    pollPages: [],
    acknowledge: [],
    sendTestPage: [],
  };

  constructor(
    private readonly clock: Clock,
    readonly owner: Person,
    readonly id = 'zephyr',
    readonly label = 'Test platform',
    readonly demo = false,
    readonly supportsLongPoll = false,
  ) {}

  /** Marks the feed as changed (new ETag). */
  touch(): void {
    this.version += 1;
  }

  /** Queues steps for the next calls of `method`. */
  next(method: Method, ...steps: Step[]): void {
    this.script[method].push(...steps);
  }

  callsOf(method: Method): SourceCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  private async call<T>(
    method: Method,
    args: unknown,
    signal: AbortSignal,
    fn: () => T,
  ): Promise<T> {
    this.calls.push({ method, at: this.clock.now(), args });
    this.inFlight[method] += 1;
    this.maxInFlight[method] = Math.max(this.maxInFlight[method], this.inFlight[method]);
    try {
      const step = this.script[method].shift();
      if (step && 'error' in step) throw step.error;
      if (step && 'hangIgnoringAbort' in step) await new Promise<never>(() => {});
      if (step && 'hang' in step) {
        await new Promise<never>((_, reject) => {
          signal.addEventListener('abort', () => reject(new SourceError('network', 'aborted')));
        });
      }
      return fn();
    } finally {
      this.inFlight[method] -= 1;
    }
  }

  me(signal: AbortSignal): Promise<Person> {
    return this.call('me', {}, signal, () => this.owner);
  }

  rotations(signal: AbortSignal) {
    return this.call('rotations', {}, signal, () => ({
      rotations: structuredClone(this.rotationsList),
      invalid: [],
      skewMs: this.skewMs,
    }));
  }

  pollPages(
    request: { cursor?: string; etag?: string; waitSeconds?: number },
    signal: AbortSignal,
  ): Promise<PagePoll> {
    return this.call('pollPages', request, signal, (): PagePoll => {
      const etag = `"v${this.version}"`;
      if (request.etag === etag) return { changed: false, skewMs: this.skewMs };
      return {
        changed: true,
        pages: structuredClone(this.pages),
        etag,
        cursor: String(this.version),
        invalid: [...this.invalidPages],
        skewMs: this.skewMs,
      };
    });
  }

  acknowledge(pageId: string, idempotencyKey: string, signal: AbortSignal): Promise<Page> {
    return this.call('acknowledge', { pageId, idempotencyKey }, signal, () => {
      const page = this.pages.find((p) => p.id === pageId);
      if (!page) throw new SourceError('not-found', `page ${pageId} not found`, 404);
      if (page.status === 'resolved') throw new SourceError('conflict', 'resolved', 409);
      if (page.status === 'triggered') {
        const at = new Date(this.clock.now()).toISOString();
        page.status = 'acknowledged';
        page.acknowledgedBy = this.owner;
        page.acknowledgedAt = at;
        page.updatedAt = at;
        page.escalation = { ...page.escalation, nextAt: null, nextTarget: null };
        this.touch();
      }
      return structuredClone(page);
    });
  }

  sendTestPage(signal: AbortSignal): Promise<Page> {
    return this.call('sendTestPage', {}, signal, () => {
      const page = makePage(`t${this.pages.length + 1}`, this.owner, this.clock.now(), {
        title: 'Test page',
        test: true,
      });
      this.pages.push(page);
      this.touch();
      return structuredClone(page);
    });
  }
}
