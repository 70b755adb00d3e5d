import { afterEach, describe, expect, it } from 'vitest';
import {
  PAGERDUTY_REQUESTS_PER_POLL,
  PAGERDUTY_REQUESTS_PER_ROTATIONS,
  PAGERDUTY_REST_LIMIT_PER_MINUTE,
  pagerDutyRequestsPerHour,
} from '../../../../src/main/core/pagerduty/request-budget.js';
import { setup } from './world.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe('pagerDutyRequestsPerHour', () => {
  it('at the default 5 s poll and 5 min rotations: 720 polls × 2 + 12 × 2 = 1464 requests per hour', () => {
    expect(pagerDutyRequestsPerHour(5)).toBe(720 * 2 + 12 * 2);
    expect(pagerDutyRequestsPerHour(5, { headsUp: false })).toBe(720 + 24);
    expect(pagerDutyRequestsPerHour(30, { rotationsSeconds: 600 })).toBe(120 * 2 + 6 * 2);
  });

  it('stays well inside the assumed limit of 960 requests per minute (under 3 %)', () => {
    const perHourLimit = PAGERDUTY_REST_LIMIT_PER_MINUTE * 60;
    expect(pagerDutyRequestsPerHour(5) / perHourLimit).toBeLessThan(0.03);
    // Even a 1 s poll would be under 15 %.
    expect(pagerDutyRequestsPerHour(1) / perHourLimit).toBeLessThan(0.15);
  });

  it('refuses a non-positive interval', () => {
    expect(() => pagerDutyRequestsPerHour(0)).toThrow(/positive/);
    expect(() => pagerDutyRequestsPerHour(5, { rotationsSeconds: -1 })).toThrow(/positive/);
  });

  it('matches what the source really sends per poll and per rotations fetch', async () => {
    const env = await setup();
    cleanup = env.close;
    const { source, signal, fake } = env;
    await source.me(signal);
    env.fake.trigger({ serviceId: 'PCHECKO' });

    let before = fake.requests.length;
    await source.rotations(signal);
    expect(fake.requests.length - before).toBe(PAGERDUTY_REQUESTS_PER_ROTATIONS);

    for (let i = 0; i < 3; i += 1) {
      before = fake.requests.length;
      await source.pollPages({}, signal);
      expect(fake.requests.length - before).toBe(PAGERDUTY_REQUESTS_PER_POLL);
    }
  });
});
