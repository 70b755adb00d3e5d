/**
 * The rotations as the engine sees them: members by level, who is on call for a kind, and the
 * wire `Rotation`s with their shifts.
 */
import type { Person, Rotation, Shift } from '../../../shared/domain.js';
import { publicPerson, type PlatformState, type StoredRotation } from '../state.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The people of `ids` in that order (unknown ids left out). */
export function members(state: PlatformState, ids: string[]): Person[] {
  return ids.flatMap((id) => {
    const p = state.people.find((x) => x.id === id);
    return p ? [publicPerson(p)] : [];
  });
}

/**
 * Who a page to `rotation` reaches at `nowMs`, by level (index 0 = level 1): the members in order,
 * or, where shifts were set through the control API, whoever holds one at that moment.
 */
export function levelsAt(state: PlatformState, rotation: StoredRotation, nowMs: number): Person[] {
  if (!rotation.shifts) return members(state, rotation.members);
  const holding = rotation.shifts
    .filter((s) => Date.parse(s.start) <= nowMs && nowMs < Date.parse(s.end))
    .sort((a, b) => a.level - b.level);
  return members(
    state,
    holding.map((s) => s.personId),
  );
}

/** Level 1 of the first rotation of `kind` at `nowMs`, or `undefined`. */
export function onCall(
  state: PlatformState,
  kind: 'em' | 'founder',
  nowMs: number,
): Person | undefined {
  const rotation = state.rotations.find((r) => r.kind === kind);
  return rotation ? levelsAt(state, rotation, nowMs)[0] : undefined;
}

/** The shifts set through the control API, as sent on the wire (unknown people left out). */
function setShifts(state: PlatformState, rotation: StoredRotation): Shift[] {
  return (rotation.shifts ?? []).flatMap((s) => {
    const [person] = members(state, [s.personId]);
    return person ? [{ person, level: s.level, start: s.start, end: s.end }] : [];
  });
}

/**
 * The rotations as sent on the wire: this week's shifts (one per level, in the members' order,
 * which escalation uses) from today 00:00 UTC for 8 days, then the next week's hand-over with the
 * order rotated by one, so "who is next" and "my next shift" have something to show. A rotation
 * whose shifts were set through the control API sends exactly those.
 */
export function wireRotations(state: PlatformState, nowMs: number): Rotation[] {
  const start = Math.floor(nowMs / DAY_MS) * DAY_MS;
  const handover = start + 8 * DAY_MS;
  return state.rotations.map((r) => {
    const base = {
      id: r.id,
      name: r.name,
      kind: r.kind,
      ...(r.service !== undefined ? { service: r.service } : {}),
    };
    if (r.shifts) return { ...base, shifts: setShifts(state, r) };
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
      ...base,
      shifts: [
        ...shifts(people, start, handover),
        ...(people.length > 1 ? shifts(next, handover, handover + 7 * DAY_MS) : []),
      ],
    };
  });
}
