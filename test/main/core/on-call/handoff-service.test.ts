/**
 * The hand-off service with FakeClock: the end-of-shift notification (once, with its action),
 * notes, the brief, the Slack post through the real Slack client against the Slack fake (held to
 * Slack's OpenAPI document), and the .ics export from the tray through the SaveFile port.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createHandoffService,
  OPEN_HANDOFF_ACTION,
  SHIFT_END_TAG,
  type HandoffDeps,
} from '../../../../src/main/core/on-call/handoff-service.js';
import { TRAY_IDS } from '../../../../src/main/core/app-state/tray-view.js';
import { createSlackClient } from '../../../../src/main/core/integrations/slack-client.js';
import type { ShiftLogSnapshot } from '../../../../src/main/core/on-call/shift-log.js';
import type { AppState, Rotation } from '../../../../src/shared/domain.js';
import { DEFAULT_PLAYBOOK, type Playbook } from '../../../../src/shared/playbook.js';
import { FakeClock } from '../../../fakes/fake-clock.js';
import { InMemoryStore } from '../../../fakes/in-memory-store.js';
import { RecordingLogger } from '../../../fakes/recording-logger.js';
import { RecordingNotifier } from '../../../fakes/recording-notifier.js';
import { SlackFake } from '../../../fakes/slack-fake.js';
import { ME, PRIYA, pageView, stateWith } from './handoff-fixtures.js';

const START = '2026-03-02T00:00:00.000Z';
const END = '2026-03-02T18:00:00.000Z';
const ROTATION: Rotation = {
  id: 'platform',
  name: 'Platform',
  kind: 'platform',
  shifts: [
    { person: ME, level: 1, start: START, end: END },
    { person: PRIYA, level: 1, start: END, end: '2026-03-03T18:00:00.000Z' },
    { person: ME, level: 1, start: '2026-03-05T00:00:00.000Z', end: '2026-03-06T00:00:00.000Z' },
  ],
};

describe('hand-off service', () => {
  let clock: FakeClock;
  let notifier: RecordingNotifier;
  let state: AppState;
  let playbook: Playbook;
  let slack: SlackFake;
  let opened: number;
  let saved: { name: string; content: string }[];

  beforeEach(async () => {
    clock = new FakeClock('2026-03-02T10:00:00Z');
    notifier = new RecordingNotifier();
    state = stateWith([], END);
    playbook = structuredClone(DEFAULT_PLAYBOOK);
    slack = await new SlackFake().start();
    opened = 0;
    saved = [];
  });
  afterEach(async () => {
    await slack.close();
  });

  function service(over: Partial<HandoffDeps> = {}) {
    const s = createHandoffService({
      clock,
      logger: new RecordingLogger(),
      store: new InMemoryStore<ShiftLogSnapshot>(),
      notifier,
      playbook: () => playbook,
      appState: () => state,
      rotations: () => [{ me: ME, rotations: [ROTATION], skewMs: 0 }],
      incidents: () => [],
      slack: () => createSlackClient({ token: slack.token, slackApiUrl: slack.url, retries: 0 }),
      saveFile: async (name, content) => {
        saved.push({ name, content });
        return `/exports/${name}`;
      },
      localTimeZone: () => 'Europe/Berlin',
      openHandoff: () => void (opened += 1),
      ...over,
    });
    notifier.onAction(s.onNotificationAction);
    return s;
  }

  it('notifies once when my shift ends, and its action opens the brief', async () => {
    const s = service();
    s.refresh();
    clock.advance(Date.parse(END) - clock.now() - 1);
    expect(notifier.shownWithTag(SHIFT_END_TAG)).toEqual([]);
    clock.advance(1);
    expect(notifier.shownWithTag(SHIFT_END_TAG)).toEqual([
      expect.objectContaining({
        title: 'Your Platform shift has ended',
        actions: [{ id: OPEN_HANDOFF_ACTION, label: 'Open hand-off brief' }],
      }),
    ]);
    s.refresh();
    clock.advance(60 * 60_000);
    expect(notifier.shownWithTag(SHIFT_END_TAG)).toHaveLength(1);
    notifier.click(SHIFT_END_TAG, OPEN_HANDOFF_ACTION);
    expect(opened).toBe(1);
    const view = await s.handlers['handoff:get']({});
    expect(view.shiftEndedAt).toBe(END);
    expect(view.brief.shift).toMatchObject({ rotations: ['Platform'], end: END });
    s.stop();
  });

  it('notices the end of a shift that left the feed when the platform clock jumps past it', () => {
    // The platform's clock jumps 8 hours ahead (skew), and its feed, read in the new time, no
    // longer lists the shift I was on: its last known end is now in the past, in platform time.
    let feed = { me: ME, rotations: [ROTATION], skewMs: 0 };
    const s = service({ rotations: () => [feed] });
    s.refresh();
    feed = {
      me: ME,
      rotations: [{ ...ROTATION, shifts: ROTATION.shifts.slice(1) }],
      skewMs: 8 * 3600_000 + 1,
    };
    s.refresh();
    expect(notifier.shownWithTag(SHIFT_END_TAG)).toEqual([
      expect.objectContaining({ title: 'Your Platform shift has ended' }),
    ]);
    s.stop();
  });

  it('stays quiet at the shift end when the playbook turns it off', () => {
    playbook.handoff.notifyAtShiftEnd = false;
    const s = service();
    s.refresh();
    clock.advance(Date.parse(END) - clock.now());
    expect(notifier.shownWithTag(SHIFT_END_TAG)).toEqual([]);
    s.stop();
  });

  it('logs my pages, keeps notes, and posts the brief to the playbook channel addressed to the next on-call', async () => {
    const channel = slack.addChannel('oncall', '', slack.botUserId);
    channel.members.push(slack.botUserId);
    playbook.handoff.slackChannel = channel.id;
    const s = service();
    state = stateWith(
      [pageView('p1', { title: 'Checkout p99', createdAt: '2026-03-02T09:58:00.000Z' }, true)],
      END,
    );
    s.refresh();
    state = stateWith(
      [
        pageView('p1', {
          title: 'Checkout p99',
          status: 'acknowledged',
          createdAt: '2026-03-02T09:58:00.000Z',
          acknowledgedBy: ME,
          acknowledgedAt: '2026-03-02T10:00:30.000Z',
        }),
      ],
      END,
    );
    s.refresh();
    await s.handlers['handoff:add-note']({ text: '  Deploy freeze until Thursday ' });
    const view = await s.handlers['handoff:get']({});
    expect(view.brief.shiftPages).toEqual([
      expect.objectContaining({ title: 'Checkout p99', ackSeconds: 150 }),
    ]);
    expect(view.slackChannel).toBe(channel.id);
    const posted = await s.handlers['handoff:post-slack']({});
    expect(posted.channel).toBe(channel.id);
    expect(channel.messages).toHaveLength(1);
    expect(channel.messages[0]?.text).toBe(view.text);
    expect(view.text).toContain('to <@UPRIYA> (Platform)');
    expect(view.text).toContain('Checkout p99: acknowledged in 2m 30s');
    expect(view.text).toContain('- Deploy freeze until Thursday');
    s.stop();
  });

  it('refuses to post without a channel or without Slack, saying which', async () => {
    await expect(service().handlers['handoff:post-slack']({})).rejects.toThrow(
      /handoff\.slackChannel/,
    );
    playbook.handoff.slackChannel = '#oncall';
    await expect(
      service({ slack: () => undefined }).handlers['handoff:post-slack']({}),
    ).rejects.toThrow(/Slack is not connected/);
  });

  it('exports my shifts of the next 30 days as .ics from the tray through SaveFile', async () => {
    const s = service();
    s.onTrayMenu(TRAY_IDS.exportShifts);
    await expect.poll(() => saved.length).toBe(1);
    expect(saved[0]?.name).toBe('zephyr-shifts-2026-03-02.ics');
    expect(saved[0]?.content.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    expect(saved[0]?.content).toContain('SUMMARY:On call: Platform');
    expect(saved[0]?.content).toContain('DTSTART;TZID=Europe/Berlin:20260302T010000');
    s.onTrayMenu(TRAY_IDS.handoff);
    expect(opened).toBe(1);
    await expect(s.handlers['shifts:export-ics']({})).resolves.toEqual({
      path: '/exports/zephyr-shifts-2026-03-02.ics',
      count: 2,
    });
  });
});
