/**
 * "My shifts in my calendar": my shifts of the next `days` days as an iCalendar file, written with
 * ical-generator, each event in my time zone with its VTIMEZONE (from timezones-ical-library,
 * which holds the zone data in JavaScript, so it bundles and needs no files at run time). Times
 * are luxon `DateTime`s: with a plain `Date`, ical-generator writes the wall time of the process's
 * own zone under the event's TZID, which is wrong whenever the two zones differ. Each
 * event's UID is derived from the rotation, level and start, so a re-import updates the same
 * events instead of adding copies. Pure: no I/O here.
 */
import { ICalCalendar } from 'ical-generator';
import { DateTime } from 'luxon';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import type { ShiftView } from '../../../shared/domain.js';

/** What the export is made from. */
export interface ShiftsCalendarInput {
  /** My shifts (every source), platform times. */
  shifts: readonly ShiftView[];
  now: number;
  days: number;
  /** The IANA zone the events are written in (mine, else the laptop's); unknown zones: UTC. */
  timeZone: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The VTIMEZONE block of `zone`, or `null` for an unknown zone. */
function vtimezone(zone: string): string | null {
  const block = tzlib_get_ical_block(zone);
  return Array.isArray(block) && block[0]?.startsWith('BEGIN:VTIMEZONE') ? block[0] : null;
}

/** The stable UID of one shift. */
export function shiftUid(shift: ShiftView): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '-');
  return `${safe(shift.rotationId)}-l${shift.level}-${safe(shift.start)}@zephyr-oncall`;
}

/** The shifts that overlap [now, now + days), earliest first. */
export function shiftsAhead(shifts: readonly ShiftView[], now: number, days: number): ShiftView[] {
  const until = now + days * DAY_MS;
  return shifts
    .filter((s) => Date.parse(s.end) > now && Date.parse(s.start) < until)
    .sort((a, b) => a.start.localeCompare(b.start));
}

/** The `.ics` text and how many events it holds. */
export function shiftsCalendar(input: ShiftsCalendarInput): { ics: string; count: number } {
  const calendar = new ICalCalendar({
    name: 'My on-call shifts',
    prodId: { company: 'Zephyr', product: 'On-Call', language: 'EN' },
  });
  // An unknown zone (or UTC): times in UTC (`Z`), no VTIMEZONE.
  const block = input.timeZone === 'UTC' ? null : vtimezone(input.timeZone);
  const zone = block ? input.timeZone : undefined;
  if (block) calendar.timezone({ name: input.timeZone, generator: () => block });
  const shifts = shiftsAhead(input.shifts, input.now, input.days);
  for (const shift of shifts) {
    calendar.createEvent({
      id: shiftUid(shift),
      start: DateTime.fromISO(shift.start, { zone: 'utc' }),
      end: DateTime.fromISO(shift.end, { zone: 'utc' }),
      ...(zone ? { timezone: zone } : {}),
      stamp: DateTime.fromMillis(input.now, { zone: 'utc' }),
      summary: `On call: ${shift.rotationName}${shift.level > 1 ? ` (level ${shift.level})` : ''}`,
      description: `Zephyr On-Call shift, ${shift.rotationName}, level ${shift.level}.`,
    });
  }
  return { ics: calendar.toString(), count: shifts.length };
}
