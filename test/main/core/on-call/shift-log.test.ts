import { describe, expect, it } from 'vitest';
import {
  KEEP_MS,
  ShiftLog,
  type ShiftLogSnapshot,
} from '../../../../src/main/core/on-call/shift-log.js';
import { FakeClock } from '../../../fakes/fake-clock.js';
import { InMemoryStore } from '../../../fakes/in-memory-store.js';
import { RecordingLogger } from '../../../fakes/recording-logger.js';
import { ME, pageView } from './handoff-fixtures.js';

const CREATED = '2026-03-02T03:00:00.000Z';

describe('ShiftLog', () => {
  it('records a page when it rings and its acknowledgement, and keeps them across a restart', () => {
    const clock = new FakeClock();
    const store = new InMemoryStore<ShiftLogSnapshot>();
    const log = new ShiftLog(store, clock, new RecordingLogger());
    expect(log.observe([pageView('p1', { createdAt: CREATED })])).toBe(false); // not ringing: not mine
    expect(log.observe([pageView('p1', { createdAt: CREATED }, true)])).toBe(true);
    expect(log.observe([pageView('t', { test: true }, true)])).toBe(false);
    log.observe([
      pageView('p1', {
        createdAt: CREATED,
        status: 'acknowledged',
        acknowledgedBy: ME,
        acknowledgedAt: '2026-03-02T03:02:00.000Z',
      }),
    ]);
    log.addNote('Watch the queue');
    const again = new ShiftLog(store, clock, new RecordingLogger());
    expect(again.snapshot().pages).toEqual([
      {
        key: 'zephyr:p1',
        title: 'Page p1',
        triggeredAt: CREATED,
        acknowledgedAt: '2026-03-02T03:02:00.000Z',
      },
    ]);
    expect(again.snapshot().notes.map((n) => n.text)).toEqual(['Watch the queue']);
  });

  it('treats a re-trigger as a new page to answer', () => {
    const clock = new FakeClock();
    const log = new ShiftLog(new InMemoryStore(), clock, new RecordingLogger());
    log.observe([pageView('p1', { createdAt: CREATED }, true)]);
    log.observe([
      pageView('p1', { createdAt: CREATED, status: 'acknowledged', acknowledgedAt: CREATED }),
    ]);
    log.observe([pageView('p1', { createdAt: '2026-03-02T05:00:00.000Z' }, true)]);
    expect(log.snapshot().pages[0]).toMatchObject({
      triggeredAt: '2026-03-02T05:00:00.000Z',
      acknowledgedAt: null,
    });
  });

  it('deletes one note or all, drops old entries, and notes each shift end once', () => {
    const clock = new FakeClock();
    const log = new ShiftLog(new InMemoryStore(), clock, new RecordingLogger());
    const a = log.addNote('a');
    log.addNote('b');
    log.deleteNote(a.id);
    expect(log.snapshot().notes.map((n) => n.text)).toEqual(['b']);
    log.deleteNote(undefined);
    expect(log.snapshot().notes).toEqual([]);
    log.observe([pageView('p1', { createdAt: new Date(clock.now()).toISOString() }, true)]);
    expect(log.markEndNotified('platform:1:x')).toBe(true);
    expect(log.markEndNotified('platform:1:x')).toBe(false);
    clock.jump(KEEP_MS + 1);
    log.addNote('later');
    expect(log.snapshot().pages).toEqual([]);
  });

  it('starts empty from an unreadable store', () => {
    const store = new InMemoryStore<ShiftLogSnapshot>();
    store.read = () => {
      throw new Error('corrupt');
    };
    const logger = new RecordingLogger();
    expect(new ShiftLog(store, new FakeClock(), logger).snapshot().pages).toEqual([]);
    expect(logger.text()).toContain('shift log unreadable');
  });
});
