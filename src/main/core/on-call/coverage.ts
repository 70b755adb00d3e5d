/**
 * "The on-call rotation crosses time zones so there is always someone awake": the rotations'
 * next 7 days checked for a level with nobody on it at all (`empty-level`), a time when a level
 * has nobody (`gap`), and a one-person chain (`one-person-chain`: level 2 is the same person as
 * level 1, or nobody, so "next person" reaches no one new). Pure: callers pass the time.
 */
import type { CoverageWarning } from '../../../shared/coverage.js';
import type { Person, Rotation } from '../../../shared/domain.js';
import type { KeyValueStore, Notifier } from '../ports.js';

/** How far ahead the schedule is checked. */
export const COVERAGE_HORIZON_MS = 7 * 24 * 60 * 60 * 1000;

/** Rotations whose pages escalate to a level-2 "next person" (the EM and founder have none). */
const CHAINED_KINDS: ReadonlySet<Rotation['kind']> = new Set(['platform', 'service']);

interface Segment {
  from: number;
  to: number;
  kind: CoverageWarning['kind'];
  level: number;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function peopleAt(rotation: Rotation, level: number, from: number, to: number): string[] {
  return rotation.shifts
    .filter((s) => s.level === level && Date.parse(s.start) <= from && Date.parse(s.end) >= to)
    .map((s) => s.person.id);
}

/** The holes of one rotation in `[now, now + horizon)`, merged where they continue. */
function holesOf(rotation: Rotation, now: number, end: number): Segment[] {
  const inWindow = rotation.shifts.filter(
    (s) => Date.parse(s.end) > now && Date.parse(s.start) < end,
  );
  const levels = new Set(rotation.shifts.map((s) => s.level));
  levels.add(1);
  const chained = CHAINED_KINDS.has(rotation.kind);
  if (chained) levels.add(2);
  const points = new Set([now, end]);
  for (const s of inWindow) {
    points.add(Math.max(now, Date.parse(s.start)));
    points.add(Math.min(end, Date.parse(s.end)));
  }
  const cuts = [...points].sort((a, b) => a - b);
  const segments: Segment[] = [];
  const push = (seg: Segment): void => {
    const last = [...segments].reverse().find((s) => s.kind === seg.kind && s.level === seg.level);
    if (last && last.to === seg.from) last.to = seg.to;
    else segments.push(seg);
  };
  for (let i = 0; i + 1 < cuts.length; i += 1) {
    const from = cuts[i] ?? now;
    const to = cuts[i + 1] ?? end;
    if (to <= from) continue;
    const first = peopleAt(rotation, 1, from, to);
    for (const level of [...levels].sort((a, b) => a - b)) {
      const here = level === 1 ? first : peopleAt(rotation, level, from, to);
      if (level === 2 && chained && first.length > 0) {
        if (here.length === 0 || here.every((p) => first.includes(p))) {
          push({ from, to, kind: 'one-person-chain', level });
        }
        continue;
      }
      if (here.length === 0) push({ from, to, kind: 'gap', level });
    }
  }
  return segments;
}

function messageOf(rotation: Rotation, seg: Segment, now: number, end: number): string {
  const when = `from ${iso(seg.from)} to ${iso(seg.to)}`;
  if (seg.kind === 'empty-level') {
    return `${rotation.name}: nobody is scheduled at level ${seg.level} in the next 7 days.`;
  }
  if (seg.kind === 'one-person-chain') {
    return `${rotation.name}: level 2 is nobody else ${when}, so a page that is not answered reaches no second person.`;
  }
  const whole = seg.from === now && seg.to === end;
  return whole
    ? `${rotation.name}: nobody is on call at level ${seg.level} in the next 7 days.`
    : `${rotation.name}: nobody is on call at level ${seg.level} ${when}.`;
}

/** Every coverage warning of `rotations` for the 7 days from `now`, by rotation, then time. */
export function coverageWarnings(rotations: readonly Rotation[], now: number): CoverageWarning[] {
  const end = now + COVERAGE_HORIZON_MS;
  const warnings: CoverageWarning[] = [];
  for (const rotation of rotations) {
    for (const hole of holesOf(rotation, now, end)) {
      const seg: Segment =
        hole.kind === 'gap' && hole.from === now && hole.to === end
          ? { ...hole, kind: 'empty-level' }
          : hole;
      warnings.push({
        key: `${rotation.id}:${seg.kind}:${seg.level}:${seg.kind === 'empty-level' ? 'all' : iso(seg.from)}`,
        kind: seg.kind,
        rotationId: rotation.id,
        rotationName: rotation.name,
        level: seg.level,
        from: iso(seg.from),
        to: iso(seg.to),
        message: messageOf(rotation, seg, now, end),
      });
    }
  }
  return warnings.sort(
    (a, b) => a.rotationName.localeCompare(b.rotationName) || a.from.localeCompare(b.from),
  );
}

/**
 * Whether `me` should see coverage warnings: on a platform or service rotation in the next 7
 * days (the on-call person), or on the EM rotation.
 */
export function seesCoverage(rotations: readonly Rotation[], me: Person, now: number): boolean {
  const end = now + COVERAGE_HORIZON_MS;
  return rotations.some((r) =>
    r.shifts.some(
      (s) =>
        (s.person.id === me.id || (me.email !== '' && s.person.email === me.email)) &&
        Date.parse(s.end) > now &&
        Date.parse(s.start) < end,
    ),
  );
}

/** The warnings of every source's rotations, where its user is on the schedule (else none). */
export function coverageOf(
  sources: readonly { me: Person | undefined; rotations: Rotation[]; skewMs: number }[],
  now: number,
): CoverageWarning[] {
  return sources.flatMap(({ me, rotations, skewMs }) =>
    me && seesCoverage(rotations, me, now + skewMs)
      ? coverageWarnings(rotations, now + skewMs)
      : [],
  );
}

/**
 * Shows each new coverage warning once as a notification; `seen` keeps the keys already shown
 * (persist it to keep "once" across restarts). Returns the keys shown now.
 */
export function notifyNewCoverage(
  warnings: readonly CoverageWarning[],
  seen: Set<string>,
  notifier: Notifier,
): string[] {
  const fresh = warnings.filter((w) => !seen.has(w.key));
  for (const w of fresh) {
    seen.add(w.key);
    void notifier
      .show({
        tag: `coverage-${w.key}`,
        title: 'On-call coverage gap',
        body: w.message,
        urgency: 'normal',
        actions: [],
        sticky: false,
        sound: false,
      })
      .catch(() => undefined);
  }
  return fresh.map((w) => w.key);
}

/**
 * An app-state listener that notifies each new coverage warning once; the keys shown are kept in
 * `store`, so a restart does not notify them again.
 */
export function coverageNotifier(
  store: KeyValueStore<unknown>,
  notifier: Notifier,
): (state: { coverage?: CoverageWarning[] | undefined }) => void {
  let before: unknown;
  try {
    before = store.read();
  } catch {
    before = undefined;
  }
  const seen = new Set(
    Array.isArray(before) ? before.filter((k): k is string => typeof k === 'string') : [],
  );
  return (state) => {
    const shown = notifyNewCoverage(state.coverage ?? [], seen, notifier);
    if (shown.length === 0) return;
    try {
      store.write([...seen].slice(-500));
    } catch {
      // Not remembered: at worst notified again after a restart.
    }
  };
}
