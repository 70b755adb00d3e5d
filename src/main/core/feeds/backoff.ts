/**
 * Back-off delays for feed polls and acknowledgement retries: exponential with "full jitter"
 * (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/), capped, and never
 * shorter than a server's `Retry-After`.
 *
 * Why not a library: `p-retry` (installed) and `exponential-backoff` wrap a call and sleep with the
 * real `setTimeout`, and neither exports its delay computation. The poller and the outbox must run
 * on the injected `Clock` (tests drive a fake one) and must be cancellable by `pollNow()`, so they
 * schedule their own timers and only need this one formula.
 */
import type { SourceError } from '../ports.js';

/** How a back-off grows: `baseMs · 2^(failures-1)`, capped at `capMs`, floor `minMs`. */
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
  /** Lower bound of every delay, so a zero draw never turns into a tight retry loop. */
  minMs?: number;
}

/** Default for feed polls while on call: retries within 15 s at worst. */
export const ON_CALL_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 15_000, minMs: 250 };
/** Default for feed polls while off call: gentler on the platform, 60 s at worst. */
export const OFF_CALL_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 60_000, minMs: 250 };

/**
 * The upper bound of the delay after `failures` consecutive failures (1 = first failure):
 * `min(capMs, baseMs · 2^(failures-1))`.
 */
export function backoffCeiling(failures: number, policy: BackoffPolicy): number {
  const exponent = Math.max(0, failures - 1);
  // 2^exponent overflows to Infinity long after it passed any cap; min() handles that.
  return Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
}

/**
 * A full-jitter delay after `failures` consecutive failures: uniform in
 * `[minMs, backoffCeiling(failures)]`, and at least `error.retryAfterMs` when the server said so
 * (a `Retry-After` may exceed the cap: the server's word wins).
 */
export function backoffDelay(
  failures: number,
  policy: BackoffPolicy,
  error?: Pick<SourceError, 'retryAfterMs'>,
  random: () => number = Math.random,
): number {
  const ceiling = backoffCeiling(failures, policy);
  const floor = Math.min(policy.minMs ?? 0, ceiling);
  const jittered = floor + random() * (ceiling - floor);
  return Math.max(Math.round(jittered), error?.retryAfterMs ?? 0);
}
