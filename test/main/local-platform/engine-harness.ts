/** Builds a `PlatformEngine` on a `FakeClock` with the sample roster, for the engine's tests. */
import type { Page } from '../../../src/shared/domain.js';
import { DEFAULT_PLAYBOOK, type Playbook } from '../../../src/shared/playbook.js';
import { PlatformEngine, type PlatformResponse } from '../../../src/main/local-platform/engine.js';
import { sampleState } from '../../../src/main/local-platform/roster.js';
import type { PlatformState } from '../../../src/main/local-platform/state.js';
import { FakeClock } from '../../fakes/fake-clock.js';

export const USER_TOKEN = 'user-token';
export const USER = { name: 'Ada Lovelace', email: 'ada@localhost' };

/** An engine, its clock, the states it persisted, and a request helper acting as the user. */
export function engineHarness(options: { playbook?: Playbook; state?: PlatformState } = {}) {
  const clock = new FakeClock('2026-03-02T03:00:00Z');
  let n = 0;
  const persisted: PlatformState[] = [];
  const engine = new PlatformEngine({
    clock,
    playbook: options.playbook ?? DEFAULT_PLAYBOOK,
    state: options.state ?? sampleState(USER, USER_TOKEN, () => `token-${++n}`),
    persist: (s) => persisted.push(structuredClone(s)),
  });
  engine.start();
  const call = (
    method: string,
    path: string,
    extra: {
      body?: unknown;
      token?: string;
      key?: string;
      ifNoneMatch?: string;
      query?: Record<string, string>;
    } = {},
  ): Promise<PlatformResponse> =>
    engine.handle({
      method,
      path,
      token: extra.token ?? USER_TOKEN,
      ...(extra.body !== undefined ? { body: extra.body } : {}),
      ...(extra.key !== undefined ? { idempotencyKey: extra.key } : {}),
      ...(extra.ifNoneMatch !== undefined ? { ifNoneMatch: extra.ifNoneMatch } : {}),
      ...(extra.query !== undefined ? { query: extra.query } : {}),
    });
  const page = (id: string): Page => {
    const p = engine.controlState().pages.find((x) => x.id === id);
    if (!p) throw new Error(`no page ${id}`);
    return p;
  };
  const pagedFor = (pageId: string) =>
    engine
      .controlState()
      .notifications.filter((r) => r.pageId === pageId)
      .map((r) => `${r.step}:${r.personId}`);
  return { clock, engine, persisted, call, page, pagedFor, userId: engine.controlState().userId };
}
