import { describe, expect, it } from 'vitest';
import {
  ACK_TOO_LATE,
  AckOutbox,
  type OutboxEvent,
  type OutboxSnapshot,
} from '../../../../src/main/core/paging/outbox.js';
import { SourceError } from '../../../../src/main/core/ports.js';
import { FakeClock } from '../../../fakes/fake-clock.js';
import { FakeSource, makePage, person } from '../../../fakes/fake-source.js';
import { InMemoryStore } from '../../../fakes/in-memory-store.js';
import { RecordingLogger } from '../../../fakes/recording-logger.js';

const me = person('Ann Example');

function setup(
  store = new InMemoryStore<OutboxSnapshot>(),
  clock = new FakeClock(),
  source?: FakeSource,
) {
  const src = source ?? new FakeSource(clock, me);
  if (!source) src.pages = [makePage('p1', me, clock.now())];
  const events: OutboxEvent[] = [];
  let n = 0;
  const outbox = new AckOutbox({
    store,
    clock,
    logger: new RecordingLogger(),
    source: (id) => (id === src.id ? src : undefined),
    onEvent: (e) => events.push(e),
    newIdempotencyKey: () => `idem-${++n}`,
    random: () => 1,
  });
  return { outbox, store, clock, source: src, events };
}

const ackKeys = (s: FakeSource) =>
  s.callsOf('acknowledge').map((c) => (c.args as { idempotencyKey: string }).idempotencyKey);

describe('AckOutbox', () => {
  it('sends at once and confirms; a second enqueue while pending reuses the entry', async () => {
    const { outbox, clock, source, events } = setup();
    outbox.start();
    const entry = outbox.enqueue('zephyr:p1', 'zephyr', 'p1');
    expect(entry.state).toBe('pending');
    expect(outbox.enqueue('zephyr:p1', 'zephyr', 'p1')).toBe(entry);
    await clock.advanceAsync(0);
    expect(outbox.get('zephyr:p1')?.state).toBe('confirmed');
    expect(events.map((e) => e.kind)).toEqual(['confirmed']);
    expect(ackKeys(source)).toEqual(['idem-1']);
  });

  it('retries with back-off under the same Idempotency-Key, and resumes after a restart', async () => {
    const { outbox, store, clock, source } = setup();
    const down = () => ({ error: new SourceError('network', 'ECONNREFUSED') });
    source.next('acknowledge', down(), down(), down());
    outbox.start();
    outbox.enqueue('zephyr:p1', 'zephyr', 'p1');
    await clock.advanceAsync(0);
    await clock.advanceAsync(1_000);
    expect(outbox.get('zephyr:p1')).toMatchObject({ state: 'pending', attempts: 2 });
    expect(outbox.get('zephyr:p1')?.message).toContain('ECONNREFUSED');
    outbox.stop();

    // Restart: a new outbox over the same store resumes the entry with the same key.
    const again = setup(store, clock, source);
    again.outbox.start();
    await clock.advanceAsync(0);
    await clock.advanceAsync(4_000);
    expect(again.outbox.get('zephyr:p1')?.state).toBe('confirmed');
    expect(ackKeys(source)).toEqual(['idem-1', 'idem-1', 'idem-1', 'idem-1']);
    expect(again.events.map((e) => e.kind)).toEqual(['retrying', 'confirmed']);
  });

  it('a retry due during a sleep is sent once on wake, under the same key', async () => {
    const { outbox, clock, source } = setup();
    const down = () => ({ error: new SourceError('network', 'ECONNREFUSED') });
    source.next('acknowledge', down());
    outbox.start();
    outbox.enqueue('zephyr:p1', 'zephyr', 'p1');
    await clock.advanceAsync(0);
    expect(ackKeys(source)).toEqual(['idem-1']);
    await clock.suspend(8 * 3_600_000);
    expect(outbox.get('zephyr:p1')?.state).toBe('confirmed');
    expect(ackKeys(source)).toEqual(['idem-1', 'idem-1']);
  });

  it('a wall clock set back does not hold a retry for the hour it moved', async () => {
    const { outbox, clock, source } = setup();
    const down = () => ({ error: new SourceError('network', 'ECONNREFUSED') });
    source.next('acknowledge', down());
    outbox.start();
    outbox.enqueue('zephyr:p1', 'zephyr', 'p1');
    await clock.advanceAsync(0);
    clock.jump(-3_600_000);
    await clock.advanceAsync(1_000);
    expect(outbox.get('zephyr:p1')?.state).toBe('confirmed');
  });

  it('ends with a clear message when the page was resolved first (409) or removed (404)', async () => {
    const { outbox, clock, source, events } = setup();
    source.pages = [{ ...makePage('p1', me, clock.now()), status: 'resolved' }];
    outbox.start();
    outbox.enqueue('zephyr:p1', 'zephyr', 'p1');
    outbox.enqueue('zephyr:p9', 'zephyr', 'p9');
    await clock.advanceAsync(0);
    expect(outbox.get('zephyr:p1')).toMatchObject({ state: 'failed', message: ACK_TOO_LATE });
    expect(outbox.get('zephyr:p9')).toMatchObject({ state: 'failed', message: ACK_TOO_LATE });
    expect(events.map((e) => e.kind)).toEqual(['gone', 'gone']);
    await clock.advanceAsync(60_000);
    expect(source.callsOf('acknowledge')).toHaveLength(2);
  });

  it('stops retrying on 401 and reports unauthorized', async () => {
    const { outbox, clock, source, events } = setup();
    source.next('acknowledge', { error: new SourceError('unauthorized', 'bad token', 401) });
    outbox.start();
    outbox.enqueue('zephyr:p1', 'zephyr', 'p1');
    await clock.advanceAsync(0);
    expect(outbox.get('zephyr:p1')?.state).toBe('failed');
    expect(outbox.get('zephyr:p1')?.message).toMatch(/refused the token \(401\)/);
    expect(events.map((e) => e.kind)).toEqual(['unauthorized']);
    await clock.advanceAsync(120_000);
    expect(source.callsOf('acknowledge')).toHaveLength(1);
    // Once the token is fixed, pressing Acknowledge again makes a new entry with a new key.
    outbox.enqueue('zephyr:p1', 'zephyr', 'p1');
    await clock.advanceAsync(0);
    expect(ackKeys(source)).toEqual(['idem-1', 'idem-2']);
    expect(outbox.get('zephyr:p1')?.state).toBe('confirmed');
  });

  it('abandons an attempt that never answers and retries it', async () => {
    const { outbox, clock, source } = setup();
    source.next('acknowledge', { hangIgnoringAbort: true });
    outbox.start();
    outbox.enqueue('zephyr:p1', 'zephyr', 'p1');
    await clock.advanceAsync(10_000);
    expect(outbox.get('zephyr:p1')?.message).toMatch(/no answer within 10 s/);
    await clock.advanceAsync(1_000);
    expect(outbox.get('zephyr:p1')?.state).toBe('confirmed');
  });
});
