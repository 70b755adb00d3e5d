import { describe, expect, it } from 'vitest';
import { FeedPoller } from '../../../../src/main/core/feeds/poller.js';
import { backoffCeiling, backoffDelay } from '../../../../src/main/core/feeds/backoff.js';
import { SourceError, type PagePoll } from '../../../../src/main/core/ports.js';
import { FakeClock } from '../../../fakes/fake-clock.js';
import { FakeSource, person } from '../../../fakes/fake-source.js';
import { RecordingLogger } from '../../../fakes/recording-logger.js';

const policy = { baseMs: 1_000, capMs: 15_000, minMs: 250 };

function setup(options: { random?: () => number; timeoutMs?: number; spacingMs?: number } = {}) {
  const clock = new FakeClock();
  const source = new FakeSource(clock, person('Ann Example'));
  const results: PagePoll[] = [];
  const failures: { error: SourceError; count: number }[] = [];
  let etag: string | undefined;
  const poller = new FeedPoller<PagePoll>({
    name: 'test/pages',
    clock,
    logger: new RecordingLogger(),
    run: (signal) => source.pollPages({ etag }, signal),
    onSuccess: (r) => {
      results.push(r);
      if (r.changed) etag = r.etag;
    },
    onFailure: (error, count) => failures.push({ error, count }),
    spacingMs: () => options.spacingMs ?? 5_000,
    timeoutMs: () => options.timeoutMs ?? 10_000,
    backoff: () => policy,
    random: options.random ?? (() => 1),
  });
  return { clock, source, poller, results, failures };
}

describe('backoff', () => {
  it('grows exponentially up to the cap and stays within [min, ceiling]', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map((n) => backoffCeiling(n, policy))).toEqual([
      1_000, 2_000, 4_000, 8_000, 15_000, 15_000, 15_000,
    ]);
    for (const n of [1, 3, 8, 50]) {
      expect(backoffDelay(n, policy, undefined, () => 0)).toBe(250);
      expect(backoffDelay(n, policy, undefined, () => 0.999999)).toBeLessThanOrEqual(
        backoffCeiling(n, policy),
      );
    }
    expect(backoffDelay(2000, policy, undefined, () => 1)).toBe(15_000);
  });

  it('never waits less than Retry-After, even past the cap', () => {
    expect(backoffDelay(1, policy, { retryAfterMs: 40_000 }, () => 0)).toBe(40_000);
  });
});

describe('FeedPoller', () => {
  it('polls at once, then every interval, and a 304 is a success without new data', async () => {
    const { clock, source, poller, results } = setup();
    poller.start();
    await clock.advanceAsync(0);
    expect(source.callsOf('pollPages')).toHaveLength(1);
    expect(results[0]?.changed).toBe(true);
    await clock.advanceAsync(4_999);
    expect(source.callsOf('pollPages')).toHaveLength(1);
    await clock.advanceAsync(1);
    expect(source.callsOf('pollPages')).toHaveLength(2);
    expect(results[1]).toEqual({ changed: false, skewMs: 0 });
    source.touch();
    await clock.advanceAsync(5_000);
    expect(results[2]?.changed).toBe(true);
    poller.stop();
  });

  it('backs off exponentially on failure, capped, and resets after a success', async () => {
    const { clock, source, poller, failures } = setup();
    const err = () => ({ error: new SourceError('server', 'boom', 503) });
    source.next('pollPages', err(), err(), err(), err(), err(), err());
    poller.start();
    const starts: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      await clock.advanceAsync(clock.pendingDelays()[0] ?? 0);
      starts.push(clock.now());
    }
    const gaps = starts.slice(1).map((t, i) => t - (starts[i] ?? 0));
    // random() = 1 draws the ceiling: 1, 2, 4, 8, 15 (cap), 15 s.
    expect(gaps).toEqual([1_000, 2_000, 4_000, 8_000, 15_000, 15_000]);
    expect(failures.map((f) => f.count)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(poller.consecutiveFailures).toBe(0);
    expect(clock.pendingDelays()).toEqual([5_000]);
    poller.stop();
  });

  it('honours Retry-After, even when pollNow() is called meanwhile', async () => {
    const { clock, source, poller } = setup({ random: () => 0 });
    source.next('pollPages', { error: new SourceError('rate-limited', 'slow down', 429, 30_000) });
    poller.start();
    await clock.advanceAsync(0);
    expect(clock.pendingDelays()).toEqual([30_000]);
    poller.pollNow({ restart: true });
    await clock.advanceAsync(29_999);
    expect(source.callsOf('pollPages')).toHaveLength(1);
    await clock.advanceAsync(1);
    expect(source.callsOf('pollPages')).toHaveLength(2);
    poller.stop();
  });

  it('never has two requests in flight, even when pollNow() is called during one', async () => {
    const { clock, source, poller, results } = setup({ timeoutMs: 40_000 });
    source.next('pollPages', { hang: true });
    poller.start();
    await clock.advanceAsync(0);
    poller.pollNow();
    poller.pollNow();
    await clock.advanceAsync(5_000);
    expect(source.callsOf('pollPages')).toHaveLength(1);
    expect(source.maxInFlight.pollPages).toBe(1);
    poller.stop();
    expect(results).toHaveLength(0);
  });

  it('pollNow() cancels the pending wait and polls at once', async () => {
    const { clock, source, poller } = setup();
    poller.start();
    await clock.advanceAsync(1_000);
    expect(source.callsOf('pollPages')).toHaveLength(1);
    poller.pollNow();
    await clock.advanceAsync(0);
    expect(source.callsOf('pollPages')).toHaveLength(2);
    expect(clock.pendingDelays()).toEqual([5_000]);
    poller.stop();
  });

  it('on wake, abandons a stale request and polls again without overlap', async () => {
    const { clock, source, poller, failures } = setup({ timeoutMs: 35_000 });
    source.next('pollPages', { hang: true });
    poller.start();
    await clock.advanceAsync(1_000);
    poller.pollNow({ restart: true });
    await clock.advanceAsync(0);
    expect(source.callsOf('pollPages')).toHaveLength(2);
    expect(source.maxInFlight.pollPages).toBe(1);
    expect(failures).toHaveLength(0);
    poller.stop();
  });

  it('abandons a request that never answers after its timeout and counts a failure', async () => {
    const { clock, source, poller, failures, results } = setup({ timeoutMs: 35_000 });
    source.next('pollPages', { hangIgnoringAbort: true });
    poller.start();
    await clock.advanceAsync(34_999);
    expect(failures).toHaveLength(0);
    await clock.advanceAsync(1);
    expect(failures).toHaveLength(1);
    expect(failures[0]?.error.kind).toBe('timeout');
    await clock.advanceAsync(1_000);
    expect(source.callsOf('pollPages')).toHaveLength(2);
    expect(results).toHaveLength(1);
    poller.stop();
  });

  it('after a sleep polls once on wake (not once per missed interval), then on schedule', async () => {
    const { clock, source, poller } = setup();
    poller.start();
    await clock.advanceAsync(0);
    expect(source.callsOf('pollPages')).toHaveLength(1);
    await clock.suspend(3_600_000);
    expect(source.callsOf('pollPages')).toHaveLength(2);
    await clock.advanceAsync(4_999);
    expect(source.callsOf('pollPages')).toHaveLength(2);
    await clock.advanceAsync(1);
    expect(source.callsOf('pollPages')).toHaveLength(3);
    poller.stop();
  });

  it('a wall clock set back an hour or forward a day neither stalls nor floods the polls', async () => {
    const { clock, source, poller } = setup();
    poller.start();
    await clock.advanceAsync(0);
    clock.jump(-3_600_000);
    await clock.advanceAsync(5_000);
    expect(source.callsOf('pollPages')).toHaveLength(2);
    clock.jump(86_400_000);
    await clock.advanceAsync(0);
    expect(source.callsOf('pollPages')).toHaveLength(2);
    await clock.advanceAsync(5_000);
    expect(source.callsOf('pollPages')).toHaveLength(3);
    poller.stop();
  });

  it('stop() leaves no timer behind', async () => {
    const { clock, poller } = setup();
    poller.start();
    await clock.advanceAsync(0);
    poller.stop();
    expect(clock.pendingTimers()).toBe(0);
  });
});

describe('FeedPoller: an answer that cannot be processed', () => {
  it('is a failure of the feed, never a quiet success', async () => {
    const clock = new FakeClock();
    const source = new FakeSource(clock, person('Ann Example'));
    const failures: SourceError[] = [];
    let successes = 0;
    const poller = new FeedPoller<PagePoll>({
      name: 'test/pages',
      clock,
      logger: new RecordingLogger(),
      run: (signal) => source.pollPages({}, signal),
      onSuccess: () => {
        successes += 1;
        throw new Error('tracker store is read-only');
      },
      onFailure: (error) => failures.push(error),
      spacingMs: () => 5_000,
      timeoutMs: () => 10_000,
      backoff: () => policy,
      random: () => 1,
    });
    poller.start();
    await clock.advanceAsync(0);
    expect(successes).toBe(1);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ kind: 'invalid-response' });
    expect(failures[0]?.message).toContain('tracker store is read-only');
    expect(poller.consecutiveFailures).toBe(1);
    poller.stop();
  });
});
