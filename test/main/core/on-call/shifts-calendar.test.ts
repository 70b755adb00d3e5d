/** The .ics export, parsed back with ical.js (a maintained iCalendar parser). */
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { shiftUid, shiftsCalendar } from '../../../../src/main/core/on-call/shifts-calendar.js';
import type { ShiftView } from '../../../../src/shared/domain.js';

const NOW = Date.parse('2026-03-02T03:00:00Z');
const shift = (rotationName: string, start: string, end: string, level = 1): ShiftView => ({
  rotationId: rotationName.toLowerCase(),
  rotationName,
  level,
  start,
  end,
});
const SHIFTS = [
  shift('Platform', '2026-03-01T00:00:00.000Z', '2026-03-09T00:00:00.000Z'),
  // Crosses the EU summer-time change (29 March 2026).
  shift('Checkout', '2026-03-28T08:00:00.000Z', '2026-03-30T08:00:00.000Z', 2),
  shift('Payments', '2026-04-10T00:00:00.000Z', '2026-04-11T00:00:00.000Z'), // beyond 30 days
  shift('Old', '2026-02-01T00:00:00.000Z', '2026-02-02T00:00:00.000Z'), // over
];

function parse(ics: string) {
  const root = new ICAL.Component(ICAL.parse(ics));
  for (const tz of root.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  return root;
}

describe('shiftsCalendar', () => {
  it('writes the next 30 days of shifts in my zone, each with a stable UID', () => {
    const { ics, count } = shiftsCalendar({
      shifts: SHIFTS,
      now: NOW,
      days: 30,
      timeZone: 'Europe/Berlin',
    });
    expect(count).toBe(2);
    const root = parse(ics);
    expect(root.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe(
      'Europe/Berlin',
    );
    const events = root.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
    expect(events.map((e) => e.summary)).toEqual([
      'On call: Platform',
      'On call: Checkout (level 2)',
    ]);
    const [platform, checkout] = events;
    expect(platform?.component.getFirstProperty('dtstart')?.getParameter('tzid')).toBe(
      'Europe/Berlin',
    );
    expect(platform?.startDate.zone.tzid).toBe('Europe/Berlin');
    expect(platform?.startDate.toString()).toBe('2026-03-01T01:00:00'); // CET, UTC+1
    expect(platform?.startDate.toJSDate().toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(checkout?.startDate.toString()).toBe('2026-03-28T09:00:00'); // CET
    expect(checkout?.endDate.toString()).toBe('2026-03-30T10:00:00'); // CEST, UTC+2
    expect(checkout?.endDate.toJSDate().toISOString()).toBe('2026-03-30T08:00:00.000Z');
    expect(events.map((e) => e.uid)).toEqual([shiftUid(SHIFTS[0]!), shiftUid(SHIFTS[1]!)]);
  });

  it('gives the same UIDs on a later export, so a re-import updates the events', () => {
    const uids = (now: number) =>
      parse(shiftsCalendar({ shifts: SHIFTS, now, days: 30, timeZone: 'Europe/Berlin' }).ics)
        .getAllSubcomponents('vevent')
        .map((c) => new ICAL.Event(c).uid);
    expect(uids(NOW + 60 * 60_000)).toEqual(uids(NOW));
  });

  it('falls back to UTC for an unknown zone', () => {
    const { ics } = shiftsCalendar({
      shifts: SHIFTS,
      now: NOW,
      days: 30,
      timeZone: 'Nowhere/Atlantis',
    });
    const event = new ICAL.Event(parse(ics).getFirstSubcomponent('vevent')!);
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(ics).not.toContain('Atlantis');
  });
});
