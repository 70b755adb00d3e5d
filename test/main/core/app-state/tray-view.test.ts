import { describe, expect, it } from 'vitest';
import { computeState } from '../../../../src/main/core/app-state/state-projection.js';
import {
  DEMO_TOOLTIP,
  tooltip,
  TRAY_IDS,
  trayMenu,
} from '../../../../src/main/core/app-state/tray-view.js';
import type { SourceView } from '../../../../src/shared/domain.js';
import { makePage, person } from '../../../fakes/fake-source.js';

const me = person('Ann Example');
const T = Date.parse('2026-03-02T09:00:00Z');

const source = (overrides: Partial<SourceView> = {}): SourceView => ({
  id: 'zephyr',
  kind: 'zephyr',
  label: 'Test platform',
  demo: false,
  health: { state: 'ok', alarm: false },
  me,
  ...overrides,
});

const base = {
  pages: [],
  shiftsNow: [],
  nextShift: undefined,
  openIncidents: 0,
  reachability: { ok: true, problems: [] },
};

describe('tray view', () => {
  it('names the sources that are down, then reachability and demo warnings', () => {
    const text = tooltip({
      ...base,
      state: 'feed-down',
      sources: [source({ demo: true, health: { state: 'down', alarm: true } })],
      reachability: { ok: false, problems: ['Your sound is muted.'] },
    });
    expect(text.split('\n')).toEqual([
      'Zephyr On-Call: cannot reach Test platform: you may miss pages',
      'Alerts may not reach you: Your sound is muted.',
      DEMO_TOOLTIP,
    ]);
  });

  it('with no answer yet from a feed that is down, the menu says unknown, not "nobody" or "none"', () => {
    const state = computeState({
      now: T,
      sources: [
        {
          ...source({ health: { state: 'down', alarm: false } }),
          me,
          trayDown: false,
          rotations: [],
          incidents: [],
          skewMs: 0,
        },
      ],
      sourcesError: undefined,
      pages: [],
      ackOf: () => undefined,
      reachability: { ok: true, problems: [] },
      playbook: { origin: 'built-in' },
      firstRunDone: true,
    });
    expect(state.tray.state).toBe('unknown');
    expect(state.tray.tooltip).toBe(
      'Zephyr On-Call: on call or not is unknown: cannot reach Test platform',
    );
    const labels = trayMenu(state, []).map((item) => ('label' in item ? item.label : ''));
    expect(labels.slice(0, 1)).toEqual(['On call now: unknown (cannot reach Test platform)']);
    expect(labels).toContain('Open pages: unknown (cannot reach Test platform)');
  });

  it('counts open incidents, and says off call with no next shift', () => {
    expect(tooltip({ ...base, state: 'incident', sources: [], openIncidents: 2 })).toBe(
      'Zephyr On-Call: 2 open incidents',
    );
    expect(tooltip({ ...base, state: 'off-call', sources: [] })).toBe('Zephyr On-Call: off call');
  });

  it('offers Acknowledge for a triggered page until an acknowledgement is pending, then the extras and commands', () => {
    const page = makePage('p1', me, T);
    const state = computeState({
      now: T,
      sources: [],
      sourcesError: undefined,
      pages: [{ key: 'zephyr:p1', sourceId: 'zephyr', page, ringing: true, headsUp: false }],
      ackOf: () => undefined,
      reachability: { ok: true, problems: [] },
      playbook: { origin: 'built-in' },
      firstRunDone: true,
    });
    const extra = { kind: 'label', label: 'Customer email due in 3 h' } as const;
    const menu = trayMenu(state, [extra]);
    expect(menu).toContainEqual({
      kind: 'item',
      id: TRAY_IDS.ack('zephyr:p1'),
      label: 'Acknowledge Page p1 (via zephyr)',
      enabled: true,
    });
    expect(menu).toContainEqual(extra);
    expect(menu.filter((m) => m.kind === 'item').map((m) => m.id)).toEqual([
      'ack:zephyr:p1',
      'declare',
      'send-test',
      'handoff',
      'export-shifts',
      'open',
      'quit',
    ]);
    expect(menu).toContainEqual({
      kind: 'item',
      id: 'export-shifts',
      label: 'Export my shifts (.ics)…',
    });
    const pendingState = {
      ...state,
      pages: state.pages.map((p) => ({ ...p, ack: { state: 'pending' as const } })),
    };
    expect(trayMenu(pendingState, [])).toContainEqual(expect.objectContaining({ enabled: false }));
  });
});
