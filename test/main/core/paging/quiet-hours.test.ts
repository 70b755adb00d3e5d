import { describe, expect, it } from 'vitest';
import type { TrackedPage } from '../../../../src/main/core/paging/page-tracker.js';
import {
  LOW_URGENCY_DIGEST_TAG,
  createLowUrgencyHold,
  inQuietHours,
  parseHhMm,
} from '../../../../src/main/core/paging/quiet-hours.js';
import type { Page } from '../../../../src/shared/domain.js';
import { FakeClock, flushAsync } from '../../../fakes/fake-clock.js';
import { makePage, person } from '../../../fakes/fake-source.js';
import { RecordingLogger } from '../../../fakes/recording-logger.js';
import { RecordingNotifier } from '../../../fakes/recording-notifier.js';

const me = person('Ada');

describe('inQuietHours', () => {
  it('parses HH:MM and wraps past midnight', () => {
    expect(parseHhMm('07:30')).toBe(450);
    expect(parseHhMm('24:00')).toBeUndefined();
    const night = { start: '22:00', end: '07:00' };
    expect(inQuietHours(23 * 60, night)).toBe(true);
    expect(inQuietHours(3 * 60, night)).toBe(true);
    expect(inQuietHours(7 * 60, night)).toBe(false);
    expect(inQuietHours(12 * 60, night)).toBe(false);
    expect(inQuietHours(13 * 60, { start: '12:00', end: '14:00' })).toBe(true);
    expect(inQuietHours(13 * 60, { start: '', end: '' })).toBe(false);
  });
});

function setup() {
  const clock = new FakeClock();
  const notifier = new RecordingNotifier();
  const state = { onCall: false, minute: 12 * 60, quiet: { start: '', end: '' }, enabled: true };
  let pages: TrackedPage[] = [];
  const hold = createLowUrgencyHold({
    clock,
    logger: new RecordingLogger(),
    notifier,
    pages: () => pages,
    me: () => me,
    onCall: () => state.onCall,
    quietHours: () => state.quiet,
    holdEnabled: () => state.enabled,
    minuteOfDay: () => state.minute,
  });
  const setPages = (list: Page[]): void => {
    pages = list.map((page) => ({
      key: `s:${page.id}`,
      sourceId: 's',
      page,
      ringing: page.urgency !== 'low',
      headsUp: false,
    }));
    hold.sync();
  };
  return { clock, notifier, hold, state, setPages };
}

const low = (id: string, at: number): Page =>
  makePage(id, me, at, { urgency: 'low', title: `Disk ${id}` });

describe('createLowUrgencyHold', () => {
  it('holds low-urgency pages off shift and shows them as one digest when the shift starts', async () => {
    const { clock, notifier, hold, state, setPages } = setup();
    setPages([low('a', clock.now()), low('b', clock.now()), makePage('h', me, clock.now())]);
    await flushAsync();
    expect(notifier.shown).toHaveLength(0);
    expect(hold.held().map((p) => p.key)).toEqual(['s:a', 's:b']);
    state.onCall = true;
    hold.sync();
    await flushAsync();
    const [digest] = notifier.shownWithTag(LOW_URGENCY_DIGEST_TAG);
    expect(digest?.title).toBe('2 low-urgency pages held while you were off');
    expect(digest?.body).toContain('Disk a');
    expect(digest?.sound).toBe(false);
    expect(hold.held()).toEqual([]);
  });

  it('holds in quiet hours during the shift, and shows a page quietly outside them', async () => {
    const { clock, notifier, hold, state, setPages } = setup();
    state.onCall = true;
    state.quiet = { start: '22:00', end: '07:00' };
    state.minute = 23 * 60;
    setPages([low('a', clock.now())]);
    expect(hold.holding()).toBe(true);
    expect(hold.held()).toHaveLength(1);
    state.minute = 12 * 60;
    setPages([low('a', clock.now()), low('b', clock.now())]);
    await flushAsync();
    expect(notifier.shownWithTag('low-urgency:s:b')[0]?.urgency).toBe('low');
    expect(notifier.shownWithTag(LOW_URGENCY_DIGEST_TAG)).toHaveLength(1);
  });

  it('drops a held page resolved before the digest, and holds nothing when the team turned it off', async () => {
    const { clock, notifier, hold, state, setPages } = setup();
    setPages([low('a', clock.now())]);
    setPages([]);
    state.onCall = true;
    hold.sync();
    await flushAsync();
    expect(notifier.shown).toHaveLength(0);

    const off = setup();
    off.state.enabled = false;
    off.setPages([low('x', off.clock.now())]);
    await flushAsync();
    expect(off.hold.held()).toEqual([]);
    expect(off.notifier.shownWithTag('low-urgency:s:x')).toHaveLength(1);
  });
});
