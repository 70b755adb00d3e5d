import { describe, expect, it } from 'vitest';
import { checkApiUrl, retryAfterMs } from '../../../../src/main/core/pagerduty/http.js';

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
    expect(() => checkApiUrl('ftp://api.pagerduty.com')).toThrow('must use https');
    expect(() => checkApiUrl('https://u:p@api.pagerduty.com')).toThrow('user name or password');
  });
});
