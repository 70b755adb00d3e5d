/**
 * Who "Escalate now" may page instead of the chain's next step (issue 13, item 3): the rotations
 * of the page's source and the people on their shifts, me left out. The picker lists exactly
 * these, and main refuses any other target, so a renderer cannot page an id the source never
 * named.
 */
import type { Person, Rotation } from '../../../shared/domain.js';
import type { EscalateTarget } from '../ports.js';

/** A rotation or a person the picker offers. */
export interface EscalationChoice {
  id: string;
  name: string;
  /** For a person, the rotations they are on (by name); for a rotation, its kind. */
  detail: string;
}

/** The picker's lists, each sorted by name. */
export interface EscalationTargets {
  rotations: EscalationChoice[];
  people: EscalationChoice[];
}

const byName = (a: EscalationChoice, b: EscalationChoice): number => a.name.localeCompare(b.name);

/** The rotations of a source and everyone on their shifts (except `me`). */
export function escalationTargets(
  rotations: readonly Rotation[],
  me: Person | undefined,
): EscalationTargets {
  const people = new Map<string, { name: string; on: Set<string> }>();
  for (const rotation of rotations) {
    for (const shift of rotation.shifts) {
      if (shift.person.id === me?.id) continue;
      const known = people.get(shift.person.id) ?? { name: shift.person.name, on: new Set() };
      known.on.add(rotation.name);
      people.set(shift.person.id, known);
    }
  }
  return {
    rotations: rotations.map((r) => ({ id: r.id, name: r.name, detail: r.kind })).sort(byName),
    people: [...people]
      .map(([id, p]) => ({ id, name: p.name, detail: [...p.on].sort().join(', ') }))
      .sort(byName),
  };
}

/** The choice `to` names among `targets`, or `undefined` when it is not one of them. */
export function findTarget(
  targets: EscalationTargets,
  to: EscalateTarget,
): EscalationChoice | undefined {
  return 'rotation' in to
    ? targets.rotations.find((r) => r.id === to.rotation)
    : targets.people.find((p) => p.id === to.person);
}
