/**
 * Issue 10, defect 3: an acknowledgement is two writes (the outbox entry, the tracker's
 * "acknowledging" mark). Killed between them, or with a damaged `outbox.json`, the page must
 * either ring again or have its acknowledgement sent: never silenced with nothing sent.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppService } from '../../../../src/main/core/app-service.js';
import type { KeyValueStore, StoreFactory } from '../../../../src/main/core/ports.js';
import { jsonStoreFactory } from '../../../../src/main/node/json-file-store.js';
import { DEFAULT_PLAYBOOK } from '../../../../src/shared/playbook.js';
import { FakeClock } from '../../../fakes/fake-clock.js';
import { FakeSource, makePage, person } from '../../../fakes/fake-source.js';
import { InMemoryStores } from '../../../fakes/in-memory-store.js';
import { RecordingLogger } from '../../../fakes/recording-logger.js';
import { RecordingNotifier } from '../../../fakes/recording-notifier.js';

const me = person('Ann Example');

/**
 * Stores over `inner` that a simulated `kill -9` stops: after `killAfter(n)`, n more writes reach
 * the disk and every later one is lost.
 */
class KillableStores {
  private budget = Infinity;
  constructor(private readonly inner: StoreFactory) {}
  killAfter(writes: number): void {
    this.budget = writes;
  }
  readonly factory: StoreFactory = <T>(name: string): KeyValueStore<T> => {
    const store = this.inner<T>(name);
    return {
      read: () => store.read(),
      write: (value: T) => {
        if (this.budget <= 0) return;
        this.budget -= 1;
        store.write(value);
      },
    };
  };
}

function appOver(clock: FakeClock, stores: StoreFactory, source: FakeSource) {
  const notifier = new RecordingNotifier();
  const app = createAppService({
    clock,
    logger: new RecordingLogger(),
    stores,
    settings: { readRaw: () => ({ firstRunDone: true }), write: () => {} },
    secrets: { get: () => undefined, set: () => {}, delete: () => {} },
    env: {},
    playbook: {
      current: () => ({ playbook: DEFAULT_PLAYBOOK, origin: 'built-in' }),
      onChange: () => () => {},
    },
    notifier,
    createSources: async () => [source],
    openExternal: async () => true,
  });
  return { app, notifier };
}

/** The first run: the page rings, I acknowledge, and the process dies `writes` writes later. */
async function ackThenKill(writes: number, stores: KillableStores, clock: FakeClock) {
  const source = new FakeSource(clock, me);
  source.pages = [makePage('p1', me, clock.now())];
  const first = appOver(clock, stores.factory, source);
  await first.app.start();
  await clock.advanceAsync(100);
  expect(first.app.state().pages[0]?.ringing).toBe(true);
  stores.killAfter(writes);
  await first.app.acknowledge('zephyr:p1');
  // Dead: nothing of the first run is sent or written any more.
  await first.app.stop();
  expect(source.callsOf('acknowledge')).toHaveLength(0);
  return source;
}

describe('acknowledge: a kill between the two writes never silences a page', () => {
  for (const writes of [0, 1, 2]) {
    it(`killed after ${writes} of the acknowledgement's writes: after a restart the page rings or its acknowledgement is sent`, async () => {
      const clock = new FakeClock();
      const inner = new InMemoryStores();
      const stores = new KillableStores(inner.factory);
      const source = await ackThenKill(writes, stores, clock);

      stores.killAfter(Infinity);
      source.next('pollPages', { hang: true });
      const second = appOver(clock, stores.factory, source);
      await second.app.start();
      const ringing = second.notifier.shownWithTag('zephyr:p1').length > 0;
      await clock.advanceAsync(5_000);
      const sent = source.callsOf('acknowledge').length > 0;
      expect(ringing || sent).toBe(true);
      // The outbox entry is written first: once it is down, the acknowledgement goes out.
      if (writes >= 1) {
        expect(sent).toBe(true);
        expect(second.app.state().pages[0]?.ack.state).toBe('confirmed');
      }
      await second.app.stop();
    });
  }

  it('a mark without its outbox entry rings again at start, and a re-trigger rings', async () => {
    const clock = new FakeClock();
    const inner = new InMemoryStores();
    const source = new FakeSource(clock, me);
    source.pages = [makePage('p1', me, clock.now())];
    // The outbox's writes are lost (a full disk, a kill), the tracker's mark is not.
    const lossy: StoreFactory = <T>(name: string): KeyValueStore<T> =>
      name === 'outbox' ? { read: () => undefined, write: () => {} } : inner.factory<T>(name);
    const first = appOver(clock, lossy, source);
    await first.app.start();
    await clock.advanceAsync(100);
    await first.app.acknowledge('zephyr:p1');
    await first.app.stop();

    source.next('pollPages', { hang: true });
    const second = appOver(clock, inner.factory, source);
    await second.app.start();
    expect(second.notifier.shownWithTag('zephyr:p1')).toHaveLength(1);
    expect(second.app.state().pages[0]).toMatchObject({ ringing: true, ack: { state: 'none' } });
    await second.app.stop();

    // The source re-triggers it: it rings, whatever was marked before.
    const page = source.pages[0];
    if (!page) throw new Error('page missing');
    await clock.advanceAsync(60_000);
    source.pages = [{ ...page, updatedAt: new Date(clock.now()).toISOString() }];
    source.touch();
    const third = appOver(clock, inner.factory, source);
    await third.app.start();
    await clock.advanceAsync(5_000);
    expect(third.app.state().pages[0]?.ringing).toBe(true);
    expect(third.notifier.shownWithTag('zephyr:p1').length).toBeGreaterThan(0);
    await third.app.stop();
  });
});

describe('acknowledge: a truncated outbox.json with an acknowledgement pending', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('rings the page again at start instead of leaving it silenced', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zephyr-ack-'));
    dirs.push(dir);
    const clock = new FakeClock();
    const source = new FakeSource(clock, me);
    source.pages = [makePage('p1', me, clock.now())];
    const first = appOver(clock, jsonStoreFactory(dir), source);
    await first.app.start();
    await clock.advanceAsync(100);
    await first.app.acknowledge('zephyr:p1');
    await first.app.stop();

    const file = join(dir, 'outbox.json');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('"pending"');
    writeFileSync(file, text.slice(0, Math.floor(text.length / 2)));

    source.next('pollPages', { hang: true });
    const second = appOver(clock, jsonStoreFactory(dir), source);
    await second.app.start();
    expect(second.notifier.shownWithTag('zephyr:p1')).toHaveLength(1);
    expect(second.app.state().pages[0]).toMatchObject({ ringing: true, ack: { state: 'none' } });
    await second.app.stop();
  });
});
