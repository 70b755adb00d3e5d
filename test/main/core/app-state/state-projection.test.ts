import { describe, expect, it } from 'vitest';
import {
  ackView,
  computeState,
  rotationViews,
  trayStateOf,
  type ProjectionInput,
  type SourceSnapshot,
} from '../../../../src/main/core/app-state/state-projection.js';
import type { OutboxEntry } from '../../../../src/main/core/paging/outbox.js';
import { trayMenu } from '../../../../src/main/core/app-state/tray-view.js';
import { AppState } from '../../../../src/shared/domain.js';
import { makePage, makeRotation, person } from '../../../fakes/fake-source.js';

const me = person('Ann Example');
const bob = person('Bob Lee');
const HOUR = 3600_000;
const T = Date.parse('2026-03-02T09:00:00Z');

function source(overrides: Partial<SourceSnapshot> = {}): SourceSnapshot {
  return {
    id: 'zephyr',
    kind: 'zephyr',
    label: 'Test platform',
    demo: false,
    health: { state: 'ok', alarm: false },
    trayDown: false,
    me,
    rotations: [],
    incidents: [],
    skewMs: 0,
    ...overrides,
  };
}

function input(overrides: Partial<ProjectionInput> = {}): ProjectionInput {
  return {
    now: T,
    sources: [source()],
    sourcesError: undefined,
    pages: [],
    ackOf: () => undefined,
    reachability: { ok: true, problems: [] },
    playbook: { origin: 'built-in' },
    firstRunDone: true,
    ...overrides,
  };
}

const pending: OutboxEntry = {
  key: 'zephyr:p1',
  sourceId: 'zephyr',
  pageId: 'p1',
  idempotencyKey: 'k',
  state: 'pending',
  attempts: 1,
  enqueuedAt: T,
};

describe('state projection', () => {
  it('tray precedence: feed down > paged > incident > on call > off call', () => {
    const all = { feedDown: true, paged: true, incidents: 1, onCall: true };
    expect(trayStateOf(all)).toBe('feed-down');
    expect(trayStateOf({ ...all, feedDown: false })).toBe('paged');
    expect(trayStateOf({ ...all, feedDown: false, paged: false })).toBe('incident');
    expect(trayStateOf({ feedDown: false, paged: false, incidents: 0, onCall: true })).toBe(
      'on-call',
    );
    expect(trayStateOf({ feedDown: false, paged: false, incidents: 0, onCall: false })).toBe(
      'off-call',
    );
    // A feed that cannot be read: neither "on call" nor "off call" is claimed.
    const unknown = { feedDown: false, feedUnknown: true, paged: false, incidents: 0 };
    expect(trayStateOf({ ...unknown, onCall: true })).toBe('unknown');
    expect(trayStateOf({ ...unknown, onCall: false })).toBe('unknown');
    expect(trayStateOf({ ...unknown, paged: true, onCall: true })).toBe('paged');
  });

  it('while a feed is down (before the alarm threshold) the tray says unknown, not on call', () => {
    const rotation = makeRotation('web', [[me, T - HOUR, T + HOUR]]);
    const up = computeState(input({ sources: [source({ rotations: [rotation] })] }));
    expect(up.tray.state).toBe('on-call');
    const since = new Date(T - 20_000).toISOString();
    const state = computeState(
      input({
        sources: [
          source({
            rotations: [rotation],
            health: { state: 'down', alarm: false, failingSince: since, message: '503' },
          }),
        ],
      }),
    );
    expect(state.onCall).toBe(true);
    expect(state.tray.state).toBe('unknown');
    expect(state.tray.tooltip).toMatch(
      /^Zephyr On-Call: on call or not is unknown: cannot reach Test platform since /,
    );
    expect(state.tray.tooltip).not.toMatch(/: on call \(/);
    const labels = trayMenu(state, []).map((item) => ('label' in item ? item.label : ''));
    expect(labels).toContain('Open pages: unknown (cannot reach Test platform)');
    expect(labels).not.toContain('No open pages');
    expect(AppState.safeParse(state).error).toBeUndefined();
  });

  it('says "acknowledging…" while pending, and hides an earlier confirmation of a ringing page', () => {
    expect(ackView(undefined, true)).toEqual({ state: 'none' });
    expect(ackView(pending, false)).toEqual({ state: 'pending', message: 'acknowledging…' });
    expect(ackView({ ...pending, message: 'retrying: down' }, false).message).toBe(
      'acknowledging… (retrying: down)',
    );
    expect(ackView({ ...pending, state: 'confirmed' }, true)).toEqual({ state: 'none' });
    expect(ackView({ ...pending, state: 'confirmed' }, false)).toEqual({ state: 'confirmed' });
  });

  it('shows who is on call now and next per level, in the source clock', () => {
    const rotation = makeRotation('web', [
      [bob, T - HOUR, T + HOUR],
      [me, T + HOUR, T + 2 * HOUR],
    ]);
    const [view] = rotationViews([source({ rotations: [rotation] })], T);
    expect(view?.now.map((s) => s.person.name)).toEqual(['Bob Lee']);
    expect(view?.next.map((s) => s.person.name)).toEqual(['Ann Example']);
    // One hour of skew: the source is already past Bob's shift.
    const [skewed] = rotationViews([source({ rotations: [rotation], skewMs: HOUR })], T);
    expect(skewed?.now.map((s) => s.person.name)).toEqual(['Ann Example']);
  });

  it('projects a ringing page of mine into a valid app state: tray paged, tooltip names it', () => {
    const page = makePage('p1', me, T);
    const state = computeState(
      input({
        pages: [{ key: 'zephyr:p1', sourceId: 'zephyr', page, ringing: true, headsUp: false }],
      }),
    );
    expect(AppState.safeParse(state).error).toBeUndefined();
    expect(state.tray.state).toBe('paged');
    expect(state.tray.tooltip).toBe('Zephyr On-Call: paged: Page p1 (via Test platform)');
    expect(state.pages[0]).toMatchObject({ sourceLabel: 'Test platform', ack: { state: 'none' } });
  });

  it('a source that could not be set up shows as down, and the tray as feed-down', () => {
    const state = computeState(input({ sources: [], sourcesError: 'bad URL' }));
    expect(state.sources).toEqual([
      expect.objectContaining({ id: 'setup', health: expect.objectContaining({ state: 'down' }) }),
    ]);
    expect(state.tray.state).toBe('feed-down');
  });

  it('first run only with a demo source and until dismissed', () => {
    expect(computeState(input({ firstRunDone: false })).firstRun).toBe(false);
    const demo = input({ firstRunDone: false, sources: [source({ demo: true })] });
    expect(computeState(demo).firstRun).toBe(true);
    expect(computeState({ ...demo, firstRunDone: true }).firstRun).toBe(false);
  });
});
