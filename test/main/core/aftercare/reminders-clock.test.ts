/**
 * Status-update reminders (`core/aftercare/reminders.ts`) when the laptop sleeps and when its wall
 * clock is set: a reminder due during a sleep is sent once on wake (not once per missed point),
 * and a clock set back or forward neither sends one twice nor loses it. The incident opened at
 * 03:00; its first status update is due at 03:15, then overdue every 5 minutes.
 */
import { describe, expect, it } from 'vitest';
import { flushAsync } from '../../../fakes/fake-clock.js';
import { RecordingNotifier } from '../../../fakes/recording-notifier.js';
import { sampleIncident, serviceWith } from './harness.js';

const MIN = 60_000;

/** The service at 03:05, settled after its start, with the reminders it sends. */
async function started() {
  const notifier = new RecordingNotifier();
  const h = serviceWith({}, sampleIncident('C0INC7', 'sp7'), { notifier });
  await flushAsync();
  const sent = () => notifier.shown.map((n) => `${n.title} | ${n.body}`);
  const at = () => new Date(h.clock.now()).toISOString().slice(11, 16);
  return { ...h, notifier, sent, at };
}

const DUE =
  'Status update due for Checkout payments failing | Status update for "Checkout payments failing" is due now.';
const overdue = (minutes: number): string =>
  `Status update overdue for Checkout payments failing | Status update for "Checkout payments failing" is overdue by ${minutes} min: post one now, even if it is "still investigating".`;

describe('status-update reminders across sleep and clock changes', () => {
  it('a reminder due during a sleep is sent once on wake, the current one, then on schedule', async () => {
    const { clock, sent, at } = await started();
    expect(sent()).toEqual([]);
    // 03:05 to 03:37 asleep: the due point (03:15) and four overdue points passed meanwhile.
    await clock.suspend(32 * MIN);
    expect(at()).toBe('03:37');
    expect(sent()).toEqual([overdue(20)]);
    await clock.advanceAsync(2 * MIN);
    expect(sent()).toHaveLength(1);
    await clock.advanceAsync(MIN);
    expect(sent()).toEqual([overdue(20), overdue(25)]);
  });

  it('a sleep that ends just after the due time sends "due" once', async () => {
    const { clock, sent } = await started();
    await clock.suspend(11 * MIN);
    expect(sent()).toEqual([DUE]);
    await clock.advanceAsync(4 * MIN - 1);
    expect(sent()).toEqual([DUE]);
  });

  it('timers that slept with the machine (Linux, macOS): the wake refresh sends it at once, once', async () => {
    const { clock, service, sent } = await started();
    // On Linux and macOS timers run on a clock that stops while suspended: on wake the wall
    // clock is 40 minutes on and the reminder timer still has its 10 minutes to go.
    clock.jump(40 * MIN);
    await flushAsync();
    expect(sent()).toEqual([]);
    // The wake poll changes the app state, which refreshes the console (`compose.ts`).
    service.refresh();
    expect(sent()).toEqual([overdue(30)]);
    // Then nothing until the next point, 5 minutes on (the refresh re-armed the timer for it).
    await clock.advanceAsync(5 * MIN - 1);
    expect(sent()).toEqual([overdue(30)]);
    await clock.advanceAsync(1);
    expect(sent()).toEqual([overdue(30), overdue(35)]);
  });

  it('a clock set back after a reminder does not send it again; the next one still comes', async () => {
    const { clock, sent, at } = await started();
    await clock.advanceAsync(10 * MIN);
    expect(sent()).toEqual([DUE]);
    clock.jump(-10 * MIN);
    expect(at()).toBe('03:05');
    // The wall clock passes 03:15 a second time: "due" was sent already.
    await clock.advanceAsync(14 * MIN);
    expect(at()).toBe('03:19');
    expect(sent()).toEqual([DUE]);
    await clock.advanceAsync(MIN);
    expect(sent()).toEqual([DUE, overdue(5)]);
  });

  it('a clock set back before the due time still reminds, once, when the wall clock reaches it', async () => {
    const { clock, sent, at } = await started();
    clock.jump(-60 * MIN);
    expect(at()).toBe('02:05');
    // The timer armed for 03:15 fires at 02:15 wall time: not due yet, and it re-arms.
    await clock.advanceAsync(70 * MIN - 1);
    expect(sent()).toEqual([]);
    await clock.advanceAsync(1);
    expect(at()).toBe('03:15');
    expect(sent()).toEqual([DUE]);
    await clock.advanceAsync(4 * MIN);
    expect(sent()).toEqual([DUE]);
  });

  it('a clock set forward past several points sends the current one once, not each', async () => {
    const { clock, sent } = await started();
    clock.jump(30 * MIN);
    // The timer keeps its delay (10 minutes): at 03:45 one reminder, the current point.
    await clock.advanceAsync(10 * MIN);
    expect(sent()).toEqual([overdue(30)]);
    await clock.advanceAsync(5 * MIN);
    expect(sent()).toEqual([overdue(30), overdue(35)]);
  });
});
