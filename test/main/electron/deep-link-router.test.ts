import { describe, expect, it } from 'vitest';
import { ackLink } from '../../../src/main/electron/deep-link.js';
import { createDeepLinkRouter } from '../../../src/main/electron/deep-link-router.js';
import { RecordingLogger } from '../../fakes/recording-logger.js';

const NONCE = 'c'.repeat(32);

function setUp(ackFails = false) {
  const opened: string[] = [];
  const acked: string[] = [];
  const router = createDeepLinkRouter(NONCE);
  const deps = {
    state: () =>
      ({
        pages: [{ key: 'zephyr:P1', page: { id: 'P1' }, ringing: true }],
      }) as never,
    acknowledge: async (key: string) => {
      acked.push(key);
      if (ackFails) throw new Error('offline');
    },
    open: (hash: string) => opened.push(hash),
    logger: new RecordingLogger(),
  };
  return { router, deps, opened, acked };
}

describe('the deep-link router', () => {
  it('queues links from a cold start until the app is ready, then opens them', () => {
    const { router, deps, opened } = setUp();
    expect(router.handleArgv(['zephyr-oncall', 'zephyr://incident/INC-7'])).toBe(true);
    router.handleUrl('zephyr://page/P1');
    expect(opened).toEqual([]);
    router.ready(deps);
    expect(opened).toEqual(['#/incidents/INC-7', '#/now?page=zephyr%3AP1']);
  });

  it('never acknowledges from a page link or an ack link without this launch nonce', () => {
    const { router, deps, opened, acked } = setUp();
    router.ready(deps);
    router.handleUrl('zephyr://page/zephyr:P1');
    router.handleUrl('zephyr://ack?page=zephyr%3AP1');
    router.handleUrl(ackLink('zephyr:P1', 'd'.repeat(32)));
    expect(acked).toEqual([]);
    expect(opened).toEqual(Array(3).fill('#/now?page=zephyr%3AP1'));
  });

  it('acknowledges from our own toast button (nonce of this launch)', async () => {
    const { router, deps, opened, acked } = setUp();
    router.ready(deps);
    router.handleUrl(ackLink('zephyr:P1', NONCE));
    expect(acked).toEqual(['zephyr:P1']);
    expect(opened).toEqual([]);
    // A key the app does not know is only opened, never sent to a source.
    router.handleUrl(ackLink('zephyr:P404', NONCE));
    expect(acked).toEqual(['zephyr:P1']);
    expect(opened).toEqual(['#/now?page=zephyr%3AP404']);
  });

  it('opens the page when the acknowledgement fails, and ignores foreign links', async () => {
    const { router, deps, opened } = setUp(true);
    router.ready(deps);
    router.handleUrl(ackLink('zephyr:P1', NONCE));
    await new Promise((r) => setTimeout(r, 0));
    expect(opened).toEqual(['#/now?page=zephyr%3AP1']);
    router.handleUrl('zephyr://settings/reset');
    expect(router.handleArgv(['zephyr-oncall', '--hidden'])).toBe(false);
    expect(opened).toHaveLength(1);
    expect(deps.logger.entries.at(-1)?.message).toMatch(/not one of ours/);
  });
});
