/**
 * A small PagerDuty account for the flow tests: me on the primary schedule of "Platform" (level 1),
 * Noor at level 2, Eli at level 3; and "Payments", where Noor is level 1 and I am level 2 (for
 * heads-ups). Builds the fake and a `PagerDutySource` pointed at it.
 */
import {
  PagerDutySource,
  type PagerDutySourceOptions,
} from '../../../../src/main/core/pagerduty/pagerduty-source.js';
import { FakeClock } from '../../../fakes/fake-clock.js';
import {
  PagerDutyFake,
  type FakePdOptions,
  type FakePdWorld,
} from '../../../fakes/pagerduty-fake.js';
import { RecordingLogger } from '../../../fakes/recording-logger.js';

/** The token the fake accepts. */
export const TOKEN = 'pd-test-token-3b9f1c';
/** Test start: 2026-03-02T03:00:00Z (FakeClock's default). */
export const T0 = Date.parse('2026-03-02T03:00:00Z');
const HOUR = 3600_000;

/** The account: ids are stable so tests can name them. */
export function world(): FakePdWorld {
  return {
    token: TOKEN,
    meId: 'PME0001',
    users: [
      { id: 'PME0001', name: 'Mara Quinn', email: 'mara@example.com', time_zone: 'Europe/Berlin' },
      { id: 'PNOOR01', name: 'Noor Patel', email: 'noor@example.com' },
      { id: 'PELI001', name: 'Eli Moss', email: 'eli@example.com' },
    ],
    schedules: [
      {
        id: 'SPRIMARY',
        name: 'Platform primary',
        shifts: [
          { userId: 'PME0001', start: T0 - HOUR, end: T0 + 12 * HOUR },
          { userId: 'PNOOR01', start: T0 + 12 * HOUR, end: T0 + 36 * HOUR },
        ],
      },
    ],
    policies: [
      {
        id: 'PPLATFM',
        name: 'Platform',
        rules: [
          { delayMinutes: 5, targets: [{ type: 'schedule', id: 'SPRIMARY' }] },
          { delayMinutes: 5, targets: [{ type: 'user', id: 'PNOOR01' }] },
          { delayMinutes: 5, targets: [{ type: 'user', id: 'PELI001' }] },
        ],
      },
      {
        id: 'PPAYMNT',
        name: 'Payments',
        rules: [
          { delayMinutes: 10, targets: [{ type: 'user', id: 'PNOOR01' }] },
          { delayMinutes: 10, targets: [{ type: 'user', id: 'PME0001' }] },
        ],
      },
    ],
    services: [
      { id: 'PCHECKO', name: 'Checkout API', policyId: 'PPLATFM', ackTimeoutSeconds: 1800 },
      { id: 'PPAYSVC', name: 'Payments API', policyId: 'PPAYMNT', ackTimeoutSeconds: null },
      { id: 'PTESTSV', name: 'Zephyr test pages', policyId: 'PPLATFM', ackTimeoutSeconds: null },
    ],
  };
}

/** A running fake and a source for it; call `close()` after the test. */
export async function setup(
  options: { fake?: Partial<FakePdOptions>; source?: Partial<PagerDutySourceOptions> } = {},
) {
  const clock = new FakeClock(T0);
  const fake = new PagerDutyFake(world(), { clock, ...options.fake });
  const apiUrl = await fake.start();
  const logger = new RecordingLogger();
  const source = new PagerDutySource({ apiUrl, token: TOKEN, clock, logger, ...options.source });
  const signal = new AbortController().signal;
  return { clock, fake, source, logger, signal, close: () => fake.close() };
}
