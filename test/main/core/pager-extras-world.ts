/** The app service on a FakeClock with one source where my shift starts in an hour (issue 13 tests). */
import { createAppService } from '../../../src/main/core/app-service.js';
import type { AppServiceDeps } from '../../../src/main/core/ports.js';
import { DEFAULT_PLAYBOOK, type Playbook } from '../../../src/shared/playbook.js';
import { FakeClock } from '../../fakes/fake-clock.js';
import { FakeSource, makePage, makeRotation, person } from '../../fakes/fake-source.js';
import { InMemoryStores } from '../../fakes/in-memory-store.js';
import { RecordingLogger } from '../../fakes/recording-logger.js';
import { RecordingNotifier } from '../../fakes/recording-notifier.js';

export const me = person('Ann Example');
export const MIN = 60_000;

/** The app service started, its clock, source and notifier, and when my shift starts. */
export async function started(playbook: Playbook = DEFAULT_PLAYBOOK) {
  const clock = new FakeClock();
  const source = new FakeSource(clock, me);
  const notifier = new RecordingNotifier();
  // My shift starts in an hour and lasts two.
  const start = clock.now() + 60 * MIN;
  source.rotationsList = [makeRotation('platform', [[me, start, start + 120 * MIN]])];
  const deps: AppServiceDeps = {
    clock,
    logger: new RecordingLogger(),
    stores: new InMemoryStores().factory,
    settings: { readRaw: () => ({ firstRunDone: true }), write: () => {} },
    secrets: { get: () => undefined, set: () => {}, delete: () => {} },
    env: {},
    playbook: { current: () => ({ playbook, origin: 'built-in' }), onChange: () => () => {} },
    notifier,
    createSources: async () => [source],
    openExternal: async () => true,
  };
  const app = createAppService(deps);
  await app.start();
  await clock.advanceAsync(100);
  return { app, clock, source, notifier, start };
}

/** `zephyr:p1` ("Checkout p99", mine) paged, then acknowledged by me; 20 s pass. */
export async function acknowledgedPage(world: Awaited<ReturnType<typeof started>>): Promise<void> {
  const { app, clock, source } = world;
  source.pages = [makePage('p1', me, clock.now(), { title: 'Checkout p99' })];
  source.touch();
  await clock.advanceAsync(10_000);
  await app.acknowledge('zephyr:p1');
  await clock.advanceAsync(10_000);
}
