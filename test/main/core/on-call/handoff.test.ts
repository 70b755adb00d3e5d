import { describe, expect, it } from 'vitest';
import {
  briefText,
  buildHandoffBrief,
  formatDuration,
  type BriefInput,
} from '../../../../src/main/core/on-call/handoff.js';
import type { ConsoleIncident } from '../../../../src/shared/aftercare/views.js';
import { ME, pageView, stateWith } from './handoff-fixtures.js';

const SHIFT = {
  rotationIds: ['platform'],
  rotations: ['Platform'],
  start: '2026-03-02T06:00:00.000Z',
  end: '2026-03-02T18:00:00.000Z',
};

const incident: ConsoleIncident = {
  sourceId: 'zephyr',
  incident: {
    id: 'INC-7',
    severity: 2,
    summary: 'Checkout p99 high',
    status: 'identified',
    openedAt: '2026-03-02T10:00:00.000Z',
    roles: { investigators: [] },
    links: { channel: 'https://acme.slack.com/archives/C1' },
  },
  origin: 'feed',
  myRoles: ['commander'],
  lastUpdateAt: '2026-03-02T10:05:00.000Z',
  clocks: [
    {
      kind: 'status-update',
      label: 'Next status update',
      owner: 'commander',
      assignee: ME,
      startsAt: '2026-03-02T10:05:00.000Z',
      dueAt: '2026-03-02T10:20:00.000Z',
      mine: true,
    },
  ],
  announcement: null,
  emailSentAt: null,
  postMortem: 'none',
};

function input(over: Partial<BriefInput> = {}): BriefInput {
  return {
    now: Date.parse('2026-03-02T17:55:00Z'),
    me: ME,
    state: stateWith([
      pageView('p1', {
        title: 'Checkout p99',
        status: 'acknowledged',
        acknowledgedBy: ME,
        createdAt: '2026-03-02T10:00:00.000Z',
      }),
      pageView('p2', { title: 'Disk full', status: 'resolved' }),
      pageView('t', { title: 'Test page', test: true }),
    ]),
    incidents: [
      incident,
      { ...incident, incident: { ...incident.incident, id: 'INC-1', status: 'resolved' } },
    ],
    log: {
      pages: [
        {
          key: 'zephyr:old',
          title: 'Before my shift',
          triggeredAt: '2026-03-02T05:00:00.000Z',
          acknowledgedAt: null,
        },
        {
          key: 'zephyr:p1',
          title: 'Checkout p99',
          triggeredAt: '2026-03-02T10:00:00.000Z',
          acknowledgedAt: '2026-03-02T10:04:05.000Z',
        },
        {
          key: 'zephyr:p3',
          title: 'Queue lag',
          triggeredAt: '2026-03-02T09:00:00.000Z',
          acknowledgedAt: null,
        },
      ],
      notes: [{ id: 'n1', text: 'Deploy freeze until Thursday', at: '2026-03-02T12:00:00.000Z' }],
    },
    shift: SHIFT,
    ...over,
  };
}

describe('buildHandoffBrief', () => {
  it('lists open pages, incidents in progress with their next update, and my shift with ack times', () => {
    const brief = buildHandoffBrief(input());
    expect(brief.openPages).toEqual([
      expect.objectContaining({
        key: 'zephyr:p1',
        status: 'acknowledged',
        acknowledgedBy: 'Robin Ops',
      }),
    ]);
    expect(brief.incidents).toEqual([
      expect.objectContaining({ id: 'INC-7', nextUpdateDueAt: '2026-03-02T10:20:00.000Z' }),
    ]);
    // Only pages of the shift (from its start), oldest first, each with its time to acknowledge.
    expect(brief.shiftPages).toEqual([
      {
        title: 'Queue lag',
        triggeredAt: '2026-03-02T09:00:00.000Z',
        acknowledgedAt: null,
        ackSeconds: null,
      },
      {
        title: 'Checkout p99',
        triggeredAt: '2026-03-02T10:00:00.000Z',
        acknowledgedAt: '2026-03-02T10:04:05.000Z',
        ackSeconds: 245,
      },
    ]);
    expect(brief.notes.map((n) => n.text)).toEqual(['Deploy freeze until Thursday']);
    expect(brief.nextOnCall).toEqual([
      { rotation: 'Platform', name: 'Priya Raman', slackUserId: 'UPRIYA' },
    ]);
    expect(brief.from).toBe('Robin Ops');
  });

  it('covers the last 24 hours and names nobody next when no shift is known', () => {
    const brief = buildHandoffBrief(input({ shift: null }));
    expect(brief.shiftPages.map((p) => p.title)).toEqual([
      'Before my shift',
      'Queue lag',
      'Checkout p99',
    ]);
    expect(brief.nextOnCall).toEqual([]);
  });
});

describe('briefText', () => {
  it('mentions the next on-call by Slack id and says how long each page took', () => {
    const text = briefText(buildHandoffBrief(input()));
    expect(text.split('\n')[0]).toBe('Hand-off brief from Robin Ops to <@UPRIYA> (Platform)');
    expect(text).toContain('- Checkout p99: acknowledged by Robin Ops, since 2026-03-02 10:00 UTC');
    expect(text).toContain(
      '- INC-7 SEV-2 Checkout p99 high: identified, next update due 2026-03-02 10:20 UTC',
    );
    expect(text).toContain('- 2026-03-02 10:00 UTC Checkout p99: acknowledged in 4m 05s');
    expect(text).toContain('- 2026-03-02 09:00 UTC Queue lag: not acknowledged');
    expect(text).toContain('- Deploy freeze until Thursday');
  });

  it('names the next on-call when their Slack id is unknown', () => {
    const brief = buildHandoffBrief(input());
    const text = briefText({
      ...brief,
      nextOnCall: [{ rotation: 'Platform', name: 'Priya Raman' }],
    });
    expect(text.split('\n')[0]).toBe('Hand-off brief from Robin Ops to Priya Raman (Platform)');
  });
});

describe('formatDuration', () => {
  it('writes seconds, minutes and hours', () => {
    expect([formatDuration(45), formatDuration(245), formatDuration(3720)]).toEqual([
      '45s',
      '4m 05s',
      '1h 02m',
    ]);
  });
});
