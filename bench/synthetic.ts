/**
 * Synthetic platform data shaped like the local platform's (same fields, four-step escalation of
 * the default playbook), for the in-process parts of the benchmark.
 */
import type { Page, Person, Rotation } from '../src/shared/domain.js';

/** The app's user in synthetic data. */
export const ME: Person = {
  id: 'user-bench',
  name: 'Bench User',
  email: 'bench@localhost',
  timezone: 'Europe/Berlin',
};

/** Everyone else in synthetic data. */
export const OTHERS: Person[] = [
  { id: 'priya', name: 'Priya Raman', email: 'priya@example.com', timezone: 'Asia/Kolkata' },
  { id: 'marcus', name: 'Marcus Webb', email: 'marcus@example.com', timezone: 'Europe/London' },
  { id: 'dana', name: 'Dana Okafor', email: 'dana@example.com', timezone: 'America/New_York' },
  { id: 'sam', name: 'Sam Lindqvist', email: 'sam@example.com', timezone: 'Europe/Stockholm' },
  { id: 'jules', name: 'Jules Moreau', email: 'jules@example.com', timezone: 'Europe/Paris' },
];

const SERVICES = ['checkout', 'payments', 'search', 'platform', 'identity'];

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Page number `n`, created at `createdMs`. `mine`: triggered and targeting `ME` (it rings);
 * otherwise acknowledged by its target, someone else.
 */
export function syntheticPage(n: number, createdMs: number, mine: boolean): Page {
  const target = mine ? ME : (OTHERS[n % OTHERS.length] as Person);
  const second = mine ? (OTHERS[0] as Person) : ME;
  const service = SERVICES[n % SERVICES.length] as string;
  const created = iso(createdMs);
  return {
    id: `P${n}`,
    title: `${service}: error rate above 5% for 10 minutes (alert #${n})`,
    severity: ((n % 3) + 1) as 1 | 2 | 3,
    service,
    status: mine ? 'triggered' : 'acknowledged',
    createdAt: created,
    updatedAt: mine ? created : iso(createdMs + 90_000),
    target,
    escalation: {
      step: 0,
      steps: [
        { afterSeconds: 0, role: 'rotation', person: target, notifiedAt: created },
        { afterSeconds: 300, role: 'rotation-next', person: second },
        { afterSeconds: 600, role: 'em', person: OTHERS[1] as Person },
        { afterSeconds: 900, role: 'founder', person: OTHERS[2] as Person },
      ],
      nextAt: mine ? iso(createdMs + 300_000) : null,
      nextTarget: mine ? second : null,
    },
    ...(mine ? {} : { acknowledgedBy: target, acknowledgedAt: iso(createdMs + 90_000) }),
    links: { runbook: `https://runbooks.example.com/${service}` },
  };
}

/** A platform rotation with `ME` on call level 1 from `fromMs` to `toMs`. */
export function syntheticRotation(fromMs: number, toMs: number): Rotation {
  return {
    id: 'platform',
    name: 'Platform',
    kind: 'platform',
    service: 'platform',
    shifts: [
      { person: ME, level: 1, start: iso(fromMs), end: iso(toMs) },
      { person: OTHERS[0] as Person, level: 2, start: iso(fromMs), end: iso(toMs) },
    ],
  };
}
