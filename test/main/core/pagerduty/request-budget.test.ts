import { afterEach, describe, expect, it } from 'vitest';
import { ME_INTERVAL_MS, ROTATIONS_INTERVAL_MS } from '../../../../src/main/core/app-service.js';
import {
  PAGERDUTY_REQUESTS_PER_ME,
  PAGERDUTY_REQUESTS_PER_POLL,
  PAGERDUTY_REQUESTS_PER_ROTATIONS,
  PAGERDUTY_REST_LIMIT_PER_MINUTE,
  pagerDutyRequestsPerHour,
} from '../../../../src/main/core/pagerduty/request-budget.js';
import { Settings } from '../../../../src/shared/contract.js';
import { setup } from './world.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe('pagerDutyRequestsPerHour', () => {
  it('at a 5 s poll, rotations every minute and me every 15 min: 720 × 2 + 60 × 2 + 4 × 1 = 1564 per hour', () => {
    expect(pagerDutyRequestsPerHour(5)).toBe(1564);
    expect(pagerDutyRequestsPerHour(5, { headsUp: false })).toBe(720 + 120 + 4);
    expect(pagerDutyRequestsPerHour(30, { rotationsSeconds: 300, meSeconds: 3600 })).toBe(
      120 * 2 + 12 * 2 + 1,
    );
  });

  it('with the app’s own intervals and default poll, stays under 3 % of the assumed 960 per minute', () => {
    const perHour = pagerDutyRequestsPerHour(Settings.parse({}).pollIntervalSeconds, {
      rotationsSeconds: ROTATIONS_INTERVAL_MS / 1000,
      meSeconds: ME_INTERVAL_MS / 1000,
    });
    const perHourLimit = PAGERDUTY_REST_LIMIT_PER_MINUTE * 60;
    expect(perHour / perHourLimit).toBeLessThan(0.03);
    // Even the fastest poll the settings allow (1 s) would be under 15 %.
    expect(pagerDutyRequestsPerHour(1) / perHourLimit).toBeLessThan(0.15);
  });

  it('refuses a non-positive interval', () => {
    expect(() => pagerDutyRequestsPerHour(0)).toThrow(/positive/);
    expect(() => pagerDutyRequestsPerHour(5, { rotationsSeconds: -1 })).toThrow(/positive/);
    expect(() => pagerDutyRequestsPerHour(5, { meSeconds: 0 })).toThrow(/positive/);
  });

  it('matches what the source really sends per me, per rotations fetch and per poll', async () => {
    const env = await setup();
    cleanup = env.close;
    const { source, signal, fake } = env;
    await source.me(signal);
    env.fake.trigger({ serviceId: 'PCHECKO' });

    let before = fake.requests.length;
    await source.me(signal);
    expect(fake.requests.length - before).toBe(PAGERDUTY_REQUESTS_PER_ME);

    before = fake.requests.length;
    await source.rotations(signal);
    expect(fake.requests.length - before).toBe(PAGERDUTY_REQUESTS_PER_ROTATIONS);

    for (let i = 0; i < 3; i += 1) {
      before = fake.requests.length;
      await source.pollPages({}, signal);
      expect(fake.requests.length - before).toBe(PAGERDUTY_REQUESTS_PER_POLL);
    }
  });
});
