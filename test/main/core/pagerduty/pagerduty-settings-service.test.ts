import { afterEach, describe, expect, it } from 'vitest';
import { createPagerDutySettingsService } from '../../../../src/main/core/pagerduty/pagerduty-settings-service.js';
import { FakeClock } from '../../../fakes/fake-clock.js';
import { PagerDutyFake } from '../../../fakes/pagerduty-fake.js';
import { RecordingLogger } from '../../../fakes/recording-logger.js';
import { T0, TOKEN, world } from './world.js';

const EU_TOKEN = 'pd-eu-token-5c21aa';
const fakes: PagerDutyFake[] = [];

afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

/** A US and an EU account (each its own fake), and the service with those two as regions. */
async function setup(configured: { token?: string; apiUrl?: string } = {}) {
  const clock = new FakeClock(T0);
  const us = new PagerDutyFake(world(), { clock });
  const eu = new PagerDutyFake({ ...world(), token: EU_TOKEN }, { clock });
  fakes.push(us, eu);
  const usUrl = await us.start();
  const euUrl = await eu.start();
  const logger = new RecordingLogger();
  const service = createPagerDutySettingsService({
    current: () => ({ token: configured.token, apiUrl: configured.apiUrl ?? usUrl }),
    clock,
    logger,
    regions: [
      { name: 'US', apiUrl: usUrl },
      { name: 'EU', apiUrl: euUrl },
    ],
  });
  const test = (input: { token?: string; apiUrl?: string } = {}) =>
    service.handlers['sources:test']({ source: 'pagerduty', ...input });
  return { us, eu, usUrl, euUrl, test, logger };
}

describe('PagerDuty "Test connection"', () => {
  it('says who the configured token belongs to', async () => {
    const { test, us } = await setup({ token: TOKEN });
    expect(await test()).toEqual({
      ok: true,
      person: { name: 'Mara Quinn', email: 'mara@example.com' },
      message: 'Connected as Mara Quinn <mara@example.com>',
    });
    expect(us.requestsTo('/users/me')).toHaveLength(1);
  });

  it('tests a typed token and host over the configured ones', async () => {
    const { test, eu, euUrl } = await setup({ token: 'stale-token' });
    const result = await test({ token: EU_TOKEN, apiUrl: euUrl });
    expect(result).toMatchObject({ ok: true, person: { name: 'Mara Quinn' } });
    expect(eu.requestsTo('/users/me')[0]?.headers.authorization).toBe(`Token token=${EU_TOKEN}`);
  });

  it('without a token, says to paste one and sends nothing', async () => {
    const { test, us, eu } = await setup();
    expect(await test()).toMatchObject({ ok: false, problem: 'not-configured' });
    expect(us.requests.length + eu.requests.length).toBe(0);
  });

  it('a refused token (401 in every region) is named as such', async () => {
    const { test } = await setup({ token: 'revoked-token' });
    const result = await test();
    expect(result).toMatchObject({ ok: false, problem: 'unauthorized' });
    expect(result.message).toMatch(/refused the token \(401\)/);
    expect(result.message).not.toContain('revoked-token');
  });

  it('a token of the other region says which region to choose', async () => {
    const { test, euUrl, us, eu } = await setup({ token: EU_TOKEN });
    const result = await test();
    expect(result).toMatchObject({ ok: false, problem: 'wrong-region', suggestedApiUrl: euUrl });
    expect(result.message).toContain("PagerDuty's EU service region: choose EU");
    expect(us.requestsTo('/users/me')).toHaveLength(1);
    expect(eu.requestsTo('/users/me')).toHaveLength(1);
  });

  it('never sends the token to a region when a custom host refused it', async () => {
    const clock = new FakeClock(T0);
    const custom = new PagerDutyFake(world(), { clock });
    fakes.push(custom);
    const { test, eu } = await setup({ token: EU_TOKEN, apiUrl: await custom.start() });
    expect(await test()).toMatchObject({ ok: false, problem: 'unauthorized' });
    expect(eu.requests).toHaveLength(0);
  });

  it('a rate limit says when to try again', async () => {
    const { test, us } = await setup({ token: TOKEN });
    us.rateLimitNext(1, 30);
    expect(await test()).toEqual({
      ok: false,
      problem: 'rate-limited',
      message: 'PagerDuty is rate limiting this token. Try again in 30 s.',
    });
  });

  it('an unreachable host and a bad host are told apart', async () => {
    const { test, us, usUrl } = await setup({ token: TOKEN });
    await us.close();
    const down = await test();
    expect(down).toMatchObject({ ok: false, problem: 'unreachable' });
    expect(down.message).toContain(`Could not reach PagerDuty at ${usUrl}`);
    expect(await test({ apiUrl: 'http://pagerduty.example.com' })).toMatchObject({
      ok: false,
      problem: 'bad-url',
      message: expect.stringMatching(/must use https/),
    });
  });

  it('a server error is reported with what PagerDuty said', async () => {
    const { test, us } = await setup({ token: TOKEN });
    us.failNext(1, 500, { error: { message: 'Internal error', code: 2000 } });
    const result = await test();
    expect(result).toMatchObject({ ok: false, problem: 'unexpected' });
    expect(result.message).toMatch(/failed with 500: Internal error/);
  });
});
