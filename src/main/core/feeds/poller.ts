/**
 * One feed loop (pages, rotations or "me") for one source. It guarantees:
 * - never two requests in flight for the feed;
 * - a request that never answers is abandoned after `timeoutMs()` and counts as a failure;
 * - on failure, exponential back-off with full jitter (`backoff.ts`), at least `Retry-After`;
 * - `pollNow()` runs a poll at once, cancelling the pending wait, never overlapping a request.
 */
import { backoffDelay, type BackoffPolicy } from './backoff.js';
import { SourceError, type Clock, type Logger, type TimerHandle } from '../ports.js';

/** What a `FeedPoller` runs and whom it tells. */
export interface FeedPollerOptions<T> {
  /** For logs: `zephyr/pages`. */
  name: string;
  clock: Clock;
  logger: Logger;
  /** One request. Should honour `signal`; the poller stops waiting for it either way. */
  run(signal: AbortSignal): Promise<T>;
  onSuccess(result: T): void;
  /** Called after each failed request with the count of consecutive failures (1, 2, …). */
  onFailure(error: SourceError, failures: number): void;
  /** Minimum time between the starts of two successful polls (5 s interval; ~1 s for long polls). */
  spacingMs(): number;
  /** When a request is abandoned (long-poll wait + 10 s). */
  timeoutMs(): number;
  /** Back-off policy, read at each failure (the cap depends on whether I am on call). */
  backoff(): BackoffPolicy;
  random?: () => number;
}

/** Turns anything a request threw into a classified `SourceError`. */
export function toSourceError(error: unknown): SourceError {
  if (error instanceof SourceError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new SourceError('network', message);
}

/** Runs one feed loop on the injected clock; see the module comment for its guarantees. */
export class FeedPoller<T> {
  private running = false;
  private timer: TimerHandle | undefined;
  private inFlight:
    { controller: AbortController; settle: (outcome: Outcome<T>) => void } | undefined;
  private pollAgain = false;
  private failures = 0;
  private lastStart = 0;
  /** A server's `Retry-After` forbids any request before this time, even through `pollNow()`. */
  private notBefore = 0;

  constructor(private readonly options: FeedPollerOptions<T>) {}

  /** Consecutive failures so far (0 after a success). */
  get consecutiveFailures(): number {
    return this.failures;
  }

  /** True while a request is outstanding. */
  get busy(): boolean {
    return this.inFlight !== undefined;
  }

  /** Starts the loop with an immediate poll. Idempotent. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /** Stops the loop and abandons any request in flight. */
  stop(): void {
    this.running = false;
    this.clearTimer();
    const current = this.inFlight;
    if (current) current.settle({ kind: 'cancelled' });
  }

  /**
   * Polls at once. With a request in flight: `restart` abandons it (after sleep it is likely a dead
   * connection) and polls again; otherwise the next poll simply follows it without waiting.
   */
  pollNow(options: { restart?: boolean } = {}): void {
    if (!this.running) return;
    const current = this.inFlight;
    if (current) {
      this.pollAgain = true;
      if (options.restart) current.settle({ kind: 'cancelled' });
      return;
    }
    this.schedule(this.retryAfterWait());
  }

  private retryAfterWait(): number {
    return Math.max(0, this.notBefore - this.options.clock.now());
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(delayMs: number): void {
    this.clearTimer();
    if (!this.running) return;
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = undefined;
      this.fire();
    }, delayMs);
  }

  private fire(): void {
    if (!this.running || this.inFlight) return;
    const { clock } = this.options;
    const controller = new AbortController();
    const timeoutMs = this.options.timeoutMs();
    this.lastStart = clock.now();
    let done = false;
    const settle = (outcome: Outcome<T>): void => {
      if (done) return;
      done = true;
      clock.clearTimeout(timeout);
      this.inFlight = undefined;
      if (outcome.kind !== 'ok') controller.abort();
      this.finish(outcome);
    };
    const timeout = clock.setTimeout(() => {
      settle({
        kind: 'failed',
        error: new SourceError(
          'timeout',
          `no answer within ${Math.round(timeoutMs / 1000)} s; request abandoned`,
        ),
      });
    }, timeoutMs);
    this.inFlight = { controller, settle };
    this.pollAgain = false;
    let request: Promise<T>;
    try {
      request = this.options.run(controller.signal);
    } catch (error) {
      request = Promise.reject(error);
    }
    request.then(
      (value) => settle({ kind: 'ok', value }),
      (error: unknown) => settle({ kind: 'failed', error: toSourceError(error) }),
    );
  }

  private finish(outcome: Outcome<T>): void {
    const { clock, logger, name } = this.options;
    if (outcome.kind === 'cancelled') {
      if (this.running && this.pollAgain) this.schedule(this.retryAfterWait());
      return;
    }
    if (!this.running) return;
    if (outcome.kind === 'ok') {
      try {
        this.options.onSuccess(outcome.value);
      } catch (error) {
        // An answer we could not process is a failure of the feed, never a quiet success:
        // silence must not look like "no pages".
        logger.error('feed result handler failed', { feed: name, error: String(error) });
        const message = error instanceof Error ? error.message : String(error);
        this.finish({
          kind: 'failed',
          error: new SourceError(
            'invalid-response',
            `the answer could not be processed: ${message}`,
          ),
        });
        return;
      }
      this.failures = 0;
      const sinceStart = clock.now() - this.lastStart;
      const wait = this.pollAgain ? 0 : Math.max(0, this.options.spacingMs() - sinceStart);
      this.schedule(wait);
      return;
    }
    this.failures += 1;
    const error = outcome.error;
    logger.warn('feed request failed', {
      feed: name,
      kind: error.kind,
      status: error.status,
      failures: this.failures,
      error: error.message,
    });
    try {
      this.options.onFailure(error, this.failures);
    } catch (handlerError) {
      logger.error('feed failure handler failed', { feed: name, error: String(handlerError) });
    }
    if (error.retryAfterMs !== undefined) this.notBefore = clock.now() + error.retryAfterMs;
    const delay = backoffDelay(this.failures, this.options.backoff(), error, this.options.random);
    this.schedule(this.pollAgain ? this.retryAfterWait() : delay);
  }
}

type Outcome<T> =
  { kind: 'ok'; value: T } | { kind: 'failed'; error: SourceError } | { kind: 'cancelled' };
