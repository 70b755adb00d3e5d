import { describe, expect, it } from 'vitest';
import {
  checkApiUrl,
  PAGERDUTY_REQUEST_TIMEOUT_MS,
  PagerDutyHttp,
  retryAfterMs,
} from '../../../../src/main/core/pagerduty/http.js';
import { SourceError } from '../../../../src/main/core/ports.js';
import { FakeClock } from '../../../fakes/fake-clock.js';
import { RecordingLogger } from '../../../fakes/recording-logger.js';

const NOW = Date.parse('2026-03-02T03:00:00Z');

describe('retryAfterMs', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '20' }), NOW)).toBe(20_000);
    expect(
      retryAfterMs(new Headers({ 'retry-after': new Date(NOW + 45_000).toUTCString() }), NOW),
    ).toBe(45_000);
  });

  it('falls back to ratelimit-reset, then x-ratelimit-reset (seconds, or epoch seconds)', () => {
    expect(retryAfterMs(new Headers({ 'ratelimit-reset': '31' }), NOW)).toBe(31_000);
    expect(retryAfterMs(new Headers({ 'x-ratelimit-reset': '7' }), NOW)).toBe(7_000);
    expect(retryAfterMs(new Headers({ 'x-ratelimit-reset': String(NOW / 1000 + 50) }), NOW)).toBe(
      50_000,
    );
    expect(retryAfterMs(new Headers({ 'retry-after': '2', 'ratelimit-reset': '31' }), NOW)).toBe(
      2_000,
    );
  });

  it('is undefined when no header says, or when they are garbage', () => {
    expect(retryAfterMs(new Headers(), NOW)).toBeUndefined();
    expect(retryAfterMs(new Headers({ 'ratelimit-reset': 'soon' }), NOW)).toBeUndefined();
  });
});

describe('checkApiUrl', () => {
  it('accepts https and loopback http, strips the trailing slash', () => {
    expect(checkApiUrl('https://api.pagerduty.com/')).toBe('https://api.pagerduty.com');
    expect(checkApiUrl('http://127.0.0.1:4010')).toBe('http://127.0.0.1:4010');
    expect(checkApiUrl('http://[::1]:4010/pd')).toBe('http://[::1]:4010/pd');
  });

  it('names what is wrong otherwise', () => {
    expect(() => checkApiUrl('api.pagerduty.com')).toThrow('is not a valid URL');
    expect(() => checkApiUrl('http://10.0.0.5')).toThrow('http is allowed for loopback only');
    expect(checkApiUrl('http://127.0.0.2:4010')).toBe('http://127.0.0.2:4010');
    expect(() => checkApiUrl('ftp://api.pagerduty.com')).toThrow('must use https');
    expect(() => checkApiUrl('https://u:p@api.pagerduty.com')).toThrow('user name or password');
  });
});

describe('PagerDutyHttp.send', () => {
  /** A fetch that never answers, but gives up when its signal aborts (like the real one). */
  const hangingFetch: typeof fetch = (_input, init) =>
    new Promise<Response>((_resolve, reject) => {
      init?.signal?.addEventListener('abort', () =>
        reject(Object.assign(new Error('aborted'), { name: 'AbortError' })),
      );
    });

  function client(clock: FakeClock) {
    return new PagerDutyHttp({
      apiUrl: 'https://api.pagerduty.com',
      token: 'secret-token',
      fetch: hangingFetch,
      clock,
      logger: new RecordingLogger(),
    });
  }

  it('abandons a request with no answer after the timeout, as a timeout', async () => {
    const clock = new FakeClock(NOW);
    const pending = client(clock).send('GET', '/users/me', {}, new AbortController().signal);
    const outcome = pending.then(
      () => undefined,
      (e: unknown) => e,
    );
    await clock.advanceAsync(PAGERDUTY_REQUEST_TIMEOUT_MS);
    const error = (await outcome) as SourceError;
    expect(error).toBeInstanceOf(SourceError);
    expect(error.kind).toBe('timeout');
    expect(error.message).toBe('PagerDuty GET /users/me: no answer in time');
  });

  it('a caller that gives up gets a network error, not a timeout', async () => {
    const clock = new FakeClock(NOW);
    const controller = new AbortController();
    const outcome = client(clock)
      .send('GET', '/incidents', {}, controller.signal)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    controller.abort();
    const error = (await outcome) as SourceError;
    expect(error.kind).toBe('network');
    expect(error.message).toContain('abandoned');
    expect(clock.pendingTimers()).toBe(0);
  });
});
