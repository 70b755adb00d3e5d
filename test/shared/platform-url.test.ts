import { describe, expect, it } from 'vitest';
import { isLoopbackHost, platformUrlProblem } from '../../src/shared/platform-url.js';

describe('where the platform token may go', () => {
  it('allows https anywhere and plain http to loopback only', () => {
    for (const ok of [
      'https://zephyr.example.com',
      'https://zephyr.example.com:8443/base/',
      '  https://zephyr.example.com  ',
      'http://127.0.0.1:4010',
      'http://127.8.9.10',
      'http://localhost:3000',
      'http://LOCALHOST:3000',
      'http://[::1]:8080',
    ]) {
      expect(platformUrlProblem(ok), ok).toBeUndefined();
    }
  });

  it('refuses plain http to any other host, naming it and saying why', () => {
    expect(platformUrlProblem('http://example.com')).toBe(
      'Refusing plain http:// to example.com: your token would travel unencrypted. ' +
        'Use https:// (plain http:// is allowed only for localhost, 127.0.0.1 and ::1).',
    );
    for (const bad of [
      'http://0.0.0.0:4010',
      'http://10.0.0.5',
      'http://127.0.0.1.example.com',
      'http://localhost.example.com',
      'http://[::2]',
    ]) {
      expect(platformUrlProblem(bad), bad).toMatch(/^Refusing plain http:\/\//);
    }
  });

  it('refuses what is not a web address, other schemes and credentials in the URL', () => {
    expect(platformUrlProblem('')).toBe("Enter your platform's URL, starting with https://");
    expect(platformUrlProblem('zephyr.example.com')).toMatch(/is not a web address/);
    expect(platformUrlProblem('ftp://zephyr.example.com')).toMatch(/must start with https:\/\//);
    expect(platformUrlProblem('javascript:alert(1)')).toMatch(/must start with https:\/\//);
    expect(platformUrlProblem('https://me:pw@zephyr.example.com')).toMatch(/user name or password/);
  });

  it('knows loopback hosts', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('0.0.0.0')).toBe(false);
    expect(isLoopbackHost('example.com')).toBe(false);
  });
});
