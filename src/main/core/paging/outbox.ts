/**
 * The acknowledge outbox: every acknowledgement is written down before it is sent, with a stable
 * Idempotency-Key chosen at enqueue, and retried with back-off until the platform confirms it.
 * It survives a restart (pending entries resume at `start()`, same key). 404/409 end it
 * ("the page was resolved (or removed) before your acknowledgement"); 401/403 stop the retries
 * and report it as unauthorized. States: pending → confirmed | failed.
 */
import type { Page } from '../../../shared/domain.js';
import { backoffDelay, type BackoffPolicy } from '../feeds/backoff.js';
import { toSourceError } from '../feeds/poller.js';
import {
  SourceError,
  type Clock,
  type KeyValueStore,
  type Logger,
  type PageSource,
  type TimerHandle,
} from '../ports.js';

/** Message of an acknowledgement that ended with 404/409. */
export const ACK_TOO_LATE = 'the page was resolved (or removed) before your acknowledgement';

/** One acknowledgement. */
export interface OutboxEntry {
  key: string;
  sourceId: string;
  pageId: string;
  idempotencyKey: string;
  state: 'pending' | 'confirmed' | 'failed';
  attempts: number;
  enqueuedAt: number;
  /** For the user: why it failed, or the last retry's error. */
  message?: string;
}

/** What the outbox persists. */
export interface OutboxSnapshot {
  version: 1;
  entries: OutboxEntry[];
}

/** How an entry settled, for the app service. */
export type OutboxEvent =
  | { kind: 'confirmed'; entry: OutboxEntry; page: Page }
  | { kind: 'gone'; entry: OutboxEntry; error: SourceError }
  | { kind: 'unauthorized'; entry: OutboxEntry; error: SourceError }
  | { kind: 'retrying'; entry: OutboxEntry; error: SourceError };

/** What the outbox needs. */
export interface OutboxOptions {
  store: KeyValueStore<OutboxSnapshot>;
  clock: Clock;
  logger: Logger;
  /** The source to send through now (sources are rebuilt when settings change). */
  source(sourceId: string): PageSource | undefined;
  onEvent(event: OutboxEvent): void;
  backoff?: BackoffPolicy;
  /** Per-attempt timeout. */
  attemptTimeoutMs?: number;
  newIdempotencyKey?: () => string;
  random?: () => number;
}

const KEEP_SETTLED_MS = 24 * 3600_000;

/** See the module comment. */
export class AckOutbox {
  private entries: OutboxEntry[] = [];
  private readonly timers = new Map<string, TimerHandle>();
  private readonly sending = new Set<string>();
  private running = false;

  constructor(private readonly options: OutboxOptions) {
    try {
      const stored = options.store.read();
      if (stored?.version === 1) this.entries = stored.entries;
    } catch (error) {
      options.logger.error('acknowledge outbox unreadable; starting empty', {
        error: String(error),
      });
    }
  }

  /** Resumes every pending entry (after a restart) and starts sending. */
  start(): void {
    this.running = true;
    this.dropOldSettled();
    this.save();
    for (const entry of this.entries) if (entry.state === 'pending') this.schedule(entry, 0);
  }

  /** Stops sending; pending entries stay written down for the next start. */
  stop(): void {
    this.running = false;
    for (const timer of this.timers.values()) this.options.clock.clearTimeout(timer);
    this.timers.clear();
  }

  /** The latest entry for `key`. */
  get(key: string): OutboxEntry | undefined {
    for (let i = this.entries.length - 1; i >= 0; i -= 1) {
      if (this.entries[i]?.key === key) return this.entries[i];
    }
    return undefined;
  }

  /**
   * Queues an acknowledgement of `key` and sends it at once. A pending entry for the same page is
   * returned as is (never two acknowledgements in flight for one page); a settled one is replaced
   * (a re-triggered page needs a new acknowledgement, with a new key).
   */
  enqueue(key: string, sourceId: string, pageId: string): OutboxEntry {
    const existing = this.get(key);
    if (existing?.state === 'pending') return existing;
    const entry: OutboxEntry = {
      key,
      sourceId,
      pageId,
      idempotencyKey: this.options.newIdempotencyKey?.() ?? crypto.randomUUID(),
      state: 'pending',
      attempts: 0,
      enqueuedAt: this.options.clock.now(),
    };
    // An app that runs for weeks must not keep every acknowledgement it ever made.
    this.dropOldSettled();
    this.entries.push(entry);
    this.save();
    if (this.running) this.schedule(entry, 0);
    return entry;
  }

  private dropOldSettled(): void {
    const now = this.options.clock.now();
    this.entries = this.entries.filter(
      (e) => e.state === 'pending' || now - e.enqueuedAt < KEEP_SETTLED_MS,
    );
  }

  /** Sends pending entries at once (network back, wake). */
  retryNow(): void {
    for (const entry of this.entries) {
      if (entry.state === 'pending' && !this.sending.has(entry.idempotencyKey))
        this.schedule(entry, 0);
    }
  }

  private schedule(entry: OutboxEntry, delayMs: number): void {
    const id = entry.idempotencyKey;
    const previous = this.timers.get(id);
    if (previous !== undefined) this.options.clock.clearTimeout(previous);
    this.timers.set(
      id,
      this.options.clock.setTimeout(() => {
        this.timers.delete(id);
        void this.attempt(entry);
      }, delayMs),
    );
  }

  private async attempt(entry: OutboxEntry): Promise<void> {
    const { clock, logger } = this.options;
    if (!this.running || entry.state !== 'pending' || this.sending.has(entry.idempotencyKey))
      return;
    this.sending.add(entry.idempotencyKey);
    entry.attempts += 1;
    this.save();
    const controller = new AbortController();
    const timeoutMs = this.options.attemptTimeoutMs ?? 10_000;
    let timedOut = false;
    const timer = clock.setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    try {
      const source = this.options.source(entry.sourceId);
      if (!source)
        throw new SourceError('network', `source ${entry.sourceId} is not available yet`);
      const page = await Promise.race([
        source.acknowledge(entry.pageId, entry.idempotencyKey, controller.signal),
        new Promise<never>((_, reject) =>
          controller.signal.addEventListener('abort', () =>
            reject(new SourceError('timeout', `no answer within ${timeoutMs / 1000} s`)),
          ),
        ),
      ]);
      entry.state = 'confirmed';
      delete entry.message;
      this.save();
      logger.info('acknowledgement confirmed', { key: entry.key, attempts: entry.attempts });
      this.options.onEvent({ kind: 'confirmed', entry, page });
    } catch (raw) {
      const error = timedOut
        ? new SourceError('timeout', `no answer within ${timeoutMs / 1000} s`)
        : toSourceError(raw);
      this.settleFailure(entry, error);
    } finally {
      clock.clearTimeout(timer);
      this.sending.delete(entry.idempotencyKey);
    }
  }

  private settleFailure(entry: OutboxEntry, error: SourceError): void {
    const { logger } = this.options;
    if (error.kind === 'not-found' || error.kind === 'conflict') {
      entry.state = 'failed';
      entry.message = ACK_TOO_LATE;
      this.save();
      logger.info('acknowledgement too late', { key: entry.key, status: error.status });
      this.options.onEvent({ kind: 'gone', entry, error });
      return;
    }
    if (error.kind === 'unauthorized') {
      entry.state = 'failed';
      entry.message = `the platform refused the token (${error.status ?? 'unauthorized'}): your acknowledgement was not recorded; set a new token in Settings`;
      this.save();
      logger.warn('acknowledgement refused: unauthorized', {
        key: entry.key,
        status: error.status,
      });
      this.options.onEvent({ kind: 'unauthorized', entry, error });
      return;
    }
    entry.message = `retrying: ${error.message}`;
    this.save();
    logger.warn('acknowledgement failed; retrying', {
      key: entry.key,
      kind: error.kind,
      attempts: entry.attempts,
    });
    this.options.onEvent({ kind: 'retrying', entry, error });
    const policy = this.options.backoff ?? { baseMs: 1_000, capMs: 30_000, minMs: 500 };
    if (this.running)
      this.schedule(entry, backoffDelay(entry.attempts, policy, error, this.options.random));
  }

  private save(): void {
    try {
      this.options.store.write({ version: 1, entries: this.entries });
    } catch (error) {
      this.options.logger.error('could not save the acknowledge outbox', { error: String(error) });
    }
  }
}
