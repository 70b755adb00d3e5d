/**
 * "Test before saving" (`platform:test`) against the project's local platform: who the token
 * belongs to, or what is wrong and at which field; the token never goes where the URL policy
 * refuses.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatformCheck } from '../../../../src/main/core/feeds/platform-check.js';
import { FakeClock } from '../../../fakes/fake-clock.js';
import { RecordingLogger } from '../../../fakes/recording-logger.js';
import { startTestPlatform, type TestPlatform } from '../../../helpers/platform-process.js';

let tp: TestPlatform;

beforeAll(async () => {
  tp = await startTestPlatform({ user: { name: 'Priya Raman', email: 'priya@example.com' } });
});
afterAll(async () => {
  await tp?.close();
});

/** The check with a configured token (and its environment variable when it is managed). */
function checker(configured: { token?: string; tokenEnvName?: string } = {}) {
  const requests: string[] = [];
  const logger = new RecordingLogger();
  const handlers = createPlatformCheck({
    current: () => ({ token: configured.token, tokenEnvName: configured.tokenEnvName }),
    clock: new FakeClock(),
    logger,
    fetch: async (input, init) => {
      requests.push(String(input instanceof Request ? input.url : input));
      return fetch(input, init);
    },
  });
  return { test: handlers['platform:test'], requests, logger };
}

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('platform:test', () => {
  it('says who the typed token belongs to', async () => {
    const { test, requests } = checker({ token: 'the-old-token' });
    expect(await test({ url: tp.url, token: tp.token })).toEqual({
      ok: true,
      person: { name: 'Priya Raman', email: 'priya@example.com' },
      message: 'Connected as Priya Raman',
    });
    expect(requests).toEqual([`${tp.url}/v1/me`]);
  });

  it('uses the configured token when none is typed', async () => {
    const { test } = checker({ token: tp.token });
    expect(await test({ url: tp.url })).toMatchObject({
      ok: true,
      message: 'Connected as Priya Raman',
    });
  });

  it('a refused token is said at the token field, without the token', async () => {
    const { test } = checker();
    const result = await test({ url: tp.url, token: 'wrong-token-123' });
    expect(result).toMatchObject({ ok: false, problem: 'unauthorized', field: 'token' });
    expect(result.message).toMatch(/^The platform at 127\.0\.0\.1:\d+ refused this token \(401\)/);
    expect(result.message).not.toContain('Settings');
    expect(JSON.stringify(result)).not.toContain('wrong-token-123');
  });

  it('a refused token from the environment names the variable to change, not Settings', async () => {
    const { test } = checker({ token: 'env-token-456', tokenEnvName: 'ZEPHYR_PLATFORM_TOKEN' });
    // A typed token cannot stand in for the environment's: the environment wins once saved.
    const result = await test({ url: tp.url, token: tp.token });
    expect(result).toMatchObject({ ok: false, problem: 'unauthorized', field: 'token' });
    expect(result.message).toContain(
      'refused the token from the environment variable ZEPHYR_PLATFORM_TOKEN (401). Change ZEPHYR_PLATFORM_TOKEN where Zephyr is started: Settings cannot override it.',
    );
  });

  it('an unreachable URL is said at the URL field', async () => {
    const port = await closedPort();
    const { test } = checker();
    const result = await test({ url: `http://127.0.0.1:${port}`, token: 'some-token' });
    expect(result).toMatchObject({ ok: false, problem: 'unreachable', field: 'url' });
    expect(result.message).toMatch(
      new RegExp(
        `^Could not reach the platform: cannot reach 127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)`,
      ),
    );
  });

  it('a site that is not a platform is said at the URL field', async () => {
    const { test } = checker();
    await tp.control.fault({ kind: 'status', status: 404, count: 1 });
    const missing = await test({ url: tp.url, token: tp.token });
    expect(missing).toMatchObject({ ok: false, problem: 'unexpected', field: 'url' });
    expect(missing.message).toMatch(
      /^127\.0\.0\.1:\d+ does not answer like a Zephyr platform \(GET \/v1\/me → 404/,
    );
    await tp.control.fault({ kind: 'malformed', count: 1 });
    const malformed = await test({ url: tp.url, token: tp.token });
    expect(malformed).toMatchObject({ ok: false, problem: 'unexpected', field: 'url' });
    expect(malformed.message).toMatch(/does not answer like a Zephyr platform/);
  });

  it('refuses plain http to a host that is not loopback, and an empty URL, sending nothing', async () => {
    const { test, requests } = checker({ token: 'saved-token' });
    const refused = await test({ url: 'http://0.0.0.0:9', token: 'typed-token' });
    expect(refused).toMatchObject({ ok: false, problem: 'bad-url', field: 'url' });
    expect(refused.message).toMatch(/^Refusing plain http:\/\/ to 0\.0\.0\.0/);
    expect(await test({ url: 'http://example.com' })).toMatchObject({ problem: 'bad-url' });
    expect(await test({ url: '  ' })).toMatchObject({ problem: 'bad-url', field: 'url' });
    expect(requests).toEqual([]);
  });

  it('without any token, asks for one at the token field and sends nothing', async () => {
    const { test, requests } = checker();
    expect(await test({ url: tp.url })).toMatchObject({
      ok: false,
      problem: 'no-token',
      field: 'token',
      message: 'Enter your platform token: none is saved yet.',
    });
    expect(requests).toEqual([]);
  });
});
