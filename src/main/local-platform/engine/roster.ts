/**
 * The rotations as the engine sees them: members by level, who is on call for a kind, and the
 * wire `Rotation`s with their shifts.
 */
import type { Person, Rotation } from '../../../shared/domain.js';
import { publicPerson, type PlatformState } from '../state.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The people of `ids` in that order (unknown ids left out). */
export function members(state: PlatformState, ids: string[]): Person[] {
  return ids.flatMap((id) => {
    const p = state.people.find((x) => x.id === id);
    return p ? [publicPerson(p)] : [];
  });
}

/** Level 1 of the first rotation of `kind`, or `undefined`. */
export function onCall(state: PlatformState, kind: 'em' | 'founder'): Person | undefined {
  const rotation = state.rotations.find((r) => r.kind === kind);
  return rotation ? members(state, rotation.members)[0] : undefined;
}

/**
 * The rotations as sent on the wire: this week's shifts (one per level, in the members' order,
 * which escalation uses) from today 00:00 UTC for 8 days, then the next week's hand-over with the
 * order rotated by one, so "who is next" and "my next shift" have something to show.
 */
export function wireRotations(state: PlatformState, nowMs: number): Rotation[] {
  const start = Math.floor(nowMs / DAY_MS) * DAY_MS;
  const handover = start + 8 * DAY_MS;
  return state.rotations.map((r) => {
    const people = members(state, r.members);
    const next = [...people.slice(1), ...people.slice(0, 1)];
    const shifts = (who: Person[], from: number, to: number) =>
      who.map((person, i) => ({
        person,
        level: i + 1,
        start: new Date(from).toISOString(),
        end: new Date(to).toISOString(),
      }));
    return {
      id: r.id,
      name: r.name,
      kind: r.kind,
      ...(r.service !== undefined ? { service: r.service } : {}),
      shifts: [
        ...shifts(people, start, handover),
        ...(people.length > 1 ? shifts(next, handover, handover + 7 * DAY_MS) : []),
      ],
    };
  });
}
