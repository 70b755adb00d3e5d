/**
 * The acknowledge outbox over the real `PagerDutySource` and the PagerDuty fake: an acknowledgement
 * made while PagerDuty is failing is kept, survives a restart (a new outbox on the same store),
 * and lands once PagerDuty answers again, routed by source id and never to another source.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  ACK_TOO_LATE,
  AckOutbox,
  type OutboxEvent,
  type OutboxSnapshot,
} from '../../../../src/main/core/paging/outbox.js';
import type { PageSource } from '../../../../src/main/core/ports.js';
import { FakeSource, person } from '../../../fakes/fake-source.js';
import { InMemoryStores } from '../../../fakes/in-memory-store.js';
import { RecordingLogger } from '../../../fakes/recording-logger.js';
import { setup } from './world.js';

type Ctx = Awaited<ReturnType<typeof setup>>;
let ctx: Ctx | undefined;

afterEach(async () => {
  await ctx?.close();
  ctx = undefined;
});

/** Real HTTP under a fake clock: advance the clock in small steps and let the sockets answer. */
async function until(clock: Ctx['clock'], done: () => boolean, stepMs = 250): Promise<void> {
  for (let i = 0; i < 400 && !done(); i += 1) {
    await clock.advanceAsync(stepMs);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  expect(done()).toBe(true);
}

describe('acknowledge outbox with PagerDuty', () => {
  it('keeps an acknowledgement through an outage and a restart, and routes it to PagerDuty only', async () => {
    ctx = await setup();
    const { clock, fake, source } = ctx;
    const incidentId = fake.trigger({ serviceId: 'PCHECKO', title: 'Checkout 5xx' });
    const zephyr = new FakeSource(clock, person('Mara Quinn'));
    const sources: PageSource[] = [zephyr, source];
    const stores = new InMemoryStores();
    const events: OutboxEvent[] = [];
    const logger = new RecordingLogger();
    const outboxOn = () =>
      new AckOutbox({
        store: stores.factory<OutboxSnapshot>('outbox'),
        clock,
        logger,
        source: (id) => sources.find((s) => s.id === id),
        onEvent: (event) => events.push(event),
        random: () => 0.5,
      });

    // PagerDuty is down: every request fails for a while.
    fake.failNext(1000, 503);
    const first = outboxOn();
    first.start();
    first.enqueue(`pagerduty:${incidentId}`, 'pagerduty', incidentId);
    await until(clock, () => events.filter((e) => e.kind === 'retrying').length >= 2);
    first.stop();
    expect(fake.get(incidentId).status).toBe('triggered');
    const stored = stores.factory<OutboxSnapshot>('outbox').read();
    expect(stored?.entries).toMatchObject([
      { key: `pagerduty:${incidentId}`, sourceId: 'pagerduty', state: 'pending' },
    ]);

    // Restart while PagerDuty is back.
    fake.failNext(0, 503);
    const second = outboxOn();
    second.start();
    await until(clock, () => events.some((e) => e.kind === 'confirmed'));
    second.stop();

    const incident = fake.get(incidentId);
    expect(incident.status).toBe('acknowledged');
    expect(incident.acknowledgements.map((a) => a.userId)).toEqual(['PME0001']);
    expect(fake.requestsTo(`/incidents/${incidentId}`, 'PUT')).toHaveLength(1);
    expect(zephyr.callsOf('acknowledge')).toHaveLength(0);
    expect(second.get(`pagerduty:${incidentId}`)?.state).toBe('confirmed');
  });

  it('an incident resolved between our GET and our PUT ends the acknowledgement quietly: no retry, no reopened incident', async () => {
    ctx = await setup();
    const { clock, fake, source } = ctx;
    const incidentId = fake.trigger({ serviceId: 'PCHECKO', title: 'Checkout 5xx' });
    fake.beforeNext('PUT', `/incidents/${incidentId}`, () => fake.resolve(incidentId, 'PNOOR01'));
    const events: OutboxEvent[] = [];
    const outbox = new AckOutbox({
      store: new InMemoryStores().factory<OutboxSnapshot>('outbox'),
      clock,
      logger: new RecordingLogger(),
      source: (id) => (id === source.id ? source : undefined),
      onEvent: (event) => events.push(event),
      random: () => 0.5,
    });
    outbox.start();
    outbox.enqueue(`pagerduty:${incidentId}`, 'pagerduty', incidentId);
    await until(clock, () => events.length > 0);
    outbox.stop();
    expect(events.map((e) => e.kind)).toEqual(['gone']);
    expect(outbox.get(`pagerduty:${incidentId}`)).toMatchObject({
      state: 'failed',
      message: ACK_TOO_LATE,
    });
    expect(fake.state().incidents.map((i) => [i.id, i.status])).toEqual([[incidentId, 'resolved']]);
  });
});
