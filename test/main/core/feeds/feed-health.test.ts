import { describe, expect, it } from 'vitest';
import {
  FEED_ALARM_TITLE,
  FeedHealth,
  feedAlarmTag,
} from '../../../../src/main/core/feeds/feed-health.js';
import { SourceError } from '../../../../src/main/core/ports.js';
import { FakeClock } from '../../../fakes/fake-clock.js';
import { RecordingLogger } from '../../../fakes/recording-logger.js';
import { RecordingNotifier } from '../../../fakes/recording-notifier.js';

function setup(onCall = true) {
  const clock = new FakeClock();
  const notifier = new RecordingNotifier();
  const state = { onCall, changes: 0 };
  const health = new FeedHealth({
    sourceId: 'zephyr',
    label: 'Acme platform',
    clock,
    notifier,
    logger: new RecordingLogger(),
    alarmAfterMs: () => 60_000,
    isOnCall: () => state.onCall,
    onChange: () => (state.changes += 1),
  });
  const tag = feedAlarmTag('zephyr');
  return { clock, notifier, health, state, tag };
}

const down = () => new SourceError('network', 'connection refused (ECONNREFUSED)');

describe('FeedHealth', () => {
  it('alarms after 60 s of failure while on call, naming the source and the reason', () => {
    const { clock, notifier, health, tag } = setup();
    health.recordSuccess('pages');
    clock.advance(1_000);
    health.recordFailure('pages', down());
    expect(health.view().state).toBe('down');
    clock.advance(59_999);
    expect(health.alarm).toBe(false);
    expect(notifier.shownWithTag(tag)).toHaveLength(0);
    clock.advance(1);
    expect(health.alarm).toBe(true);
    const shown = notifier.shownWithTag(tag);
    expect(shown).toHaveLength(1);
    expect(shown[0]?.title).toBe(FEED_ALARM_TITLE);
    expect(shown[0]?.body).toContain('Acme platform');
    expect(shown[0]?.body).toContain('ECONNREFUSED');
    expect(shown[0]?.urgency).toBe('critical');
    expect(health.view()).toMatchObject({ state: 'down', alarm: true });
  });

  it('repeats the alarm every 5 minutes until the feed recovers, then closes it', () => {
    const { clock, notifier, health, tag } = setup();
    health.recordSuccess('pages');
    health.recordFailure('pages', down());
    clock.advance(60_000);
    clock.advance(5 * 60_000);
    expect(notifier.shownWithTag(tag)).toHaveLength(2);
    clock.advance(5 * 60_000);
    expect(notifier.shownWithTag(tag)).toHaveLength(3);
    health.recordSuccess('pages');
    expect(health.alarm).toBe(false);
    expect(health.view().state).toBe('ok');
    expect(notifier.visible.has(tag)).toBe(false);
    clock.advance(60 * 60_000);
    expect(notifier.shownWithTag(tag)).toHaveLength(3);
  });

  it('counts silence from start when the feed never succeeded', () => {
    const { clock, health } = setup();
    clock.advance(30_000);
    health.recordFailure('pages', down());
    clock.advance(30_000);
    expect(health.alarm).toBe(true);
    expect(health.view().failingSince).toBe(new Date(clock.now() - 60_000).toISOString());
  });

  it('does not alarm off call (but the tray shows it down), and alarms when the shift starts', () => {
    const { clock, notifier, health, state, tag } = setup(false);
    health.recordSuccess('pages');
    health.recordFailure('pages', down());
    clock.advance(10 * 60_000);
    expect(health.alarm).toBe(false);
    expect(health.trayDown).toBe(true);
    expect(notifier.shownWithTag(tag)).toHaveLength(0);
    state.onCall = true;
    health.evaluate();
    expect(health.alarm).toBe(true);
    expect(notifier.shownWithTag(tag)).toHaveLength(1);
  });

  it('alarms at once on 401/403, even off call', () => {
    const { notifier, health, tag } = setup(false);
    health.recordSuccess('pages');
    health.recordFailure('pages', new SourceError('unauthorized', 'token refused', 401));
    expect(health.alarm).toBe(true);
    expect(health.view().state).toBe('unauthorized');
    expect(notifier.shownWithTag(tag)[0]?.body).toMatch(/refused the token \(401\)/);
  });

  it('shows invalid items as degraded, which is not the alarm', () => {
    const { clock, health } = setup();
    health.recordSuccess('pages', ['page p7: escalation.nextAt: expected an RFC 3339 timestamp']);
    clock.advance(10 * 60_000);
    expect(health.view()).toMatchObject({ state: 'degraded', alarm: false });
    expect(health.view().message).toContain('page p7');
  });
});

describe('FeedHealth: a refused acknowledgement', () => {
  it('keeps its alarm while reads still work, until an acknowledgement goes through', () => {
    const { health } = setup();
    health.recordSuccess('pages');
    health.recordFailure('acknowledge', new SourceError('unauthorized', 'forbidden', 403));
    expect(health.alarm).toBe(true);
    // The token can still read: that does not prove it may acknowledge.
    health.recordSuccess('pages');
    health.recordSuccess('rotations');
    expect(health.alarm).toBe(true);
    expect(health.view().state).toBe('unauthorized');
    health.recordSuccess('acknowledge');
    expect(health.alarm).toBe(false);
  });

  it('a refused token set in the environment says to change the environment, not Settings', () => {
    const clock = new FakeClock();
    const health = new FeedHealth({
      sourceId: 'zephyr',
      label: 'Acme platform',
      clock,
      notifier: new RecordingNotifier(),
      logger: new RecordingLogger(),
      alarmAfterMs: () => 60_000,
      isOnCall: () => true,
      onChange: () => undefined,
      tokenAdvice: () => 'change ZEPHYR_PLATFORM_TOKEN where Zephyr is started',
    });
    health.recordFailure('pages', new SourceError('unauthorized', 'token refused', 401));
    expect(health.view().message).toContain('change ZEPHYR_PLATFORM_TOKEN');
    expect(health.view().message).not.toContain('Settings');
  });
});
