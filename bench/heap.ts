/**
 * Heap growth over many poll cycles: the whole app service (pollers, tracker, outbox, feed health,
 * ring resends, state emits) against an in-process source whose small feed changes on every poll,
 * on a virtual clock so tens of thousands of cycles (about one per virtual second) run back to
 * back. Ringing pages are acknowledged at once, and re-triggered by the source every 100 cycles,
 * so the acknowledge path runs too. Forced collection before and after.
 */
import type { Page, Person, Rotation } from '../src/shared/domain.js';
import { createAppService } from '../src/main/core/app-service.js';
import type {
  KeyValueStore,
  NotificationRequest,
  Notifier,
  NotifierCapabilities,
  PagePoll,
  PageSource,
  StoreFactory,
} from '../src/main/core/ports.js';
import { CountingLogger, fixedPlaybook, memorySecrets, memorySettings } from './app-harness.js';
import { ME, syntheticPage, syntheticRotation } from './synthetic.js';
import { VirtualClock } from './virtual-clock.js';

/** What the heap measurement found. */
export interface HeapResult {
  cycles: number;
  heapBeforeMb: number;
  heapAfterMb: number;
  growthMb: number;
  acknowledgements: number;
  virtualHours: number;
  /** Size of each store's last write, before and after the measured cycles. */
  storesBefore: Record<string, number>;
  storesAfter: Record<string, number>;
  warnings: number;
  errors: number;
  wallSeconds: number;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** A source with five pages, two of them mine; one page changes on every poll. */
class ChangingFeedSource implements PageSource {
  readonly id = 'bench';
  readonly kind = 'zephyr' as const;
  readonly label = 'In-process bench source';
  readonly demo = false;
  readonly supportsLongPoll = true;
  polls = 0;
  private readonly pages: Page[];
  private readonly rotation: Rotation;

  constructor(private readonly clock: VirtualClock) {
    const t = clock.now();
    this.pages = [1, 2, 3, 4, 5].map((n) => syntheticPage(n, t - n * 60_000, n <= 2));
    this.rotation = syntheticRotation(t - 24 * 3600_000, t + 60 * 24 * 3600_000);
  }

  async me(): Promise<Person> {
    return ME;
  }

  async rotations(): Promise<{ rotations: Rotation[]; invalid: string[]; skewMs: number }> {
    return { rotations: [structuredClone(this.rotation)], invalid: [], skewMs: 0 };
  }

  async pollPages(): Promise<PagePoll> {
    // A long poll is held until something changes: here, one virtual second. (Answering at once
    // would make the app ask again at once, forever, and virtual time would never move.)
    await new Promise<void>((resolve) => this.clock.setTimeout(resolve, 1_000));
    this.polls += 1;
    const now = iso(this.clock.now());
    const index = this.polls % this.pages.length;
    const page = this.pages[index] as Page;
    if (this.polls % 100 === 0 && page.target.id === ME.id) {
      // Re-triggered by its source: it rings again, and gets acknowledged again.
      const { acknowledgedBy: _by, acknowledgedAt: _at, ...rest } = page;
      this.pages[index] = { ...rest, status: 'triggered', updatedAt: now };
    } else {
      this.pages[index] = { ...page, updatedAt: now };
    }
    // A real poll hands the tracker freshly parsed objects every time.
    return {
      changed: true,
      pages: structuredClone(this.pages),
      cursor: String(this.polls),
      etag: `"${this.polls}"`,
      invalid: [],
      skewMs: 0,
    };
  }

  async acknowledge(pageId: string): Promise<Page> {
    const index = this.pages.findIndex((p) => p.id === pageId);
    const page = this.pages[index];
    if (!page) throw new Error(`no page ${pageId}`);
    const now = iso(this.clock.now());
    const acked: Page = {
      ...page,
      status: 'acknowledged',
      updatedAt: now,
      acknowledgedBy: ME,
      acknowledgedAt: now,
    };
    this.pages[index] = acked;
    return structuredClone(acked);
  }

  async sendTestPage(): Promise<Page> {
    throw new Error('not used by the benchmark');
  }
}

/** Counts shows; hands each page ring to `onRing` (the user pressing Acknowledge at once). */
class CountingNotifier implements Notifier {
  shows = 0;
  onRing: ((tag: string) => void) | undefined;

  async show(request: NotificationRequest): Promise<void> {
    this.shows += 1;
    if (request.urgency === 'critical' && request.tag.startsWith('bench:')) {
      this.onRing?.(request.tag);
    }
  }
  async close(): Promise<void> {}
  onAction(): () => void {
    return () => {};
  }
  async capabilities(): Promise<NotifierCapabilities> {
    return { available: true, actions: true, doNotDisturb: false };
  }
}

/** Stores that serialise like the JSON file store and keep only the last text. */
function memoryStores(sizes: Map<string, number>): StoreFactory {
  return <T>(name: string): KeyValueStore<T> => {
    let text: string | undefined;
    return {
      read: () => (text === undefined ? undefined : (JSON.parse(text) as T)),
      write: (value) => {
        text = `${JSON.stringify(value, null, 2)}\n`;
        sizes.set(name, text.length);
      },
    };
  };
}

function heapMb(): number {
  const gc = globalThis.gc;
  if (!gc) throw new Error('heap: run node with --expose-gc (npm run bench does)');
  for (let i = 0; i < 3; i += 1) gc();
  return process.memoryUsage().heapUsed / (1024 * 1024);
}

/** Runs `warmup` cycles, collects, runs `cycles` more, collects, and reports the difference. */
export async function runHeap(options: { cycles: number; warmup: number }): Promise<HeapResult> {
  const started = performance.now();
  const clock = new VirtualClock(Date.now());
  const start = clock.now();
  const source = new ChangingFeedSource(clock);
  const notifier = new CountingNotifier();
  const logger = new CountingLogger();
  const sizes = new Map<string, number>();
  const app = createAppService({
    clock,
    logger,
    stores: memoryStores(sizes),
    settings: memorySettings({ firstRunDone: true, platformUrl: 'http://127.0.0.1:9' }),
    secrets: memorySecrets({ platformToken: 'bench' }),
    env: {},
    playbook: fixedPlaybook,
    notifier,
    createSources: async () => [source],
    openExternal: async () => false,
  });
  let acknowledgements = 0;
  notifier.onRing = (tag) =>
    setImmediate(() => {
      acknowledgements += 1;
      app.acknowledge(tag).catch(() => {});
    });
  await app.start();

  const run = async (polls: number): Promise<void> => {
    const target = source.polls + polls;
    while (source.polls < target) {
      if (!clock.step()) throw new Error('heap: the app has no timer left: its loops stopped');
      // Let the source's answers, the acknowledgements and their continuations run.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };
  await run(options.warmup);
  const storesBefore = Object.fromEntries(sizes);
  const before = heapMb();
  await run(options.cycles);
  const after = heapMb();
  const storesAfter = Object.fromEntries(sizes);
  await app.stop();
  return {
    cycles: options.cycles,
    heapBeforeMb: before,
    heapAfterMb: after,
    growthMb: after - before,
    acknowledgements,
    virtualHours: (clock.now() - start) / 3600_000,
    storesBefore,
    storesAfter,
    warnings: logger.warnings,
    errors: logger.errors,
    wallSeconds: (performance.now() - started) / 1000,
  };
}
