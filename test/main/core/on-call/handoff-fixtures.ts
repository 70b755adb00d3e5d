/** Shared pieces of the hand-off tests: people, a page view, an app state with rotations. */
import type { AppState, Page, PageView, Person } from '../../../../src/shared/domain.js';

export const ME: Person = { id: 'me', name: 'Robin Ops', email: 'robin@example.com' };
export const PRIYA: Person = {
  id: 'priya',
  name: 'Priya Raman',
  email: 'priya@example.com',
  slackUserId: 'UPRIYA',
};

/** A page view with `page` fields overridden. */
export function pageView(id: string, page: Partial<Page>, ringing = false): PageView {
  return {
    key: `zephyr:${id}`,
    sourceId: 'zephyr',
    sourceLabel: 'Zephyr platform',
    page: {
      id,
      title: `Page ${id}`,
      status: 'triggered',
      createdAt: '2026-03-02T04:00:00.000Z',
      updatedAt: '2026-03-02T04:00:00.000Z',
      target: ME,
      escalation: { step: 0, steps: [], nextAt: null, nextTarget: null },
      ...page,
    },
    ringing,
    headsUp: false,
    ack: { state: 'none' },
    skewMs: 0,
  };
}

/** An app state where I hold the Platform rotation until `end`, then Priya takes over. */
export function stateWith(pages: PageView[], end = '2026-03-02T18:00:00.000Z'): AppState {
  return {
    sources: [
      {
        id: 'zephyr',
        kind: 'zephyr',
        label: 'Zephyr platform',
        demo: false,
        health: { state: 'ok', alarm: false },
        me: ME,
      },
    ],
    onCall: true,
    myShiftsNow: [],
    myNextShift: null,
    rotations: [
      {
        sourceId: 'zephyr',
        id: 'platform',
        name: 'Platform',
        kind: 'platform',
        now: [{ person: ME, level: 1, end }],
        next: [{ person: PRIYA, level: 1, start: end }],
      },
    ],
    pages,
    incidents: [],
    tray: { state: 'on-call', tooltip: '' },
    reachability: { ok: true, problems: [] },
    playbook: { origin: 'default' },
    firstRun: false,
  };
}
