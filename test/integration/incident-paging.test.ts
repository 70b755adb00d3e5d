/**
 * A declared incident's pages on the local platform engine with its driven clock: the planner
 * says which pages (rotations, SEV-1's platform on-call people), every page carries the incident's
 * id, and the platform's paging group notifies each person once, whatever the chains overlap.
 * Every answer is checked against the OpenAPI document.
 */
import { describe, expect, it } from 'vitest';
import type { Incident, Page, Severity } from '../../src/shared/domain.js';
import { DEFAULT_PLAYBOOK } from '../../src/shared/playbook.js';
import { planPaging } from '../../src/main/core/incidents/paging-plan.js';
import { PlatformEngine } from '../../src/main/local-platform/engine.js';
import { SAMPLE_PEOPLE, sampleState } from '../../src/main/local-platform/roster.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { validateResponse } from '../helpers/openapi.js';

const { platformSecond: PRIYA, em: MARCUS, founder: DANA } = SAMPLE_PEOPLE;
const { checkoutOwner: SAM, paymentsOwner: JULES } = SAMPLE_PEOPLE;

function platform() {
  const clock = new FakeClock('2026-03-02T03:00:00Z');
  const engine = new PlatformEngine({
    clock,
    playbook: DEFAULT_PLAYBOOK,
    state: sampleState({ name: 'Ada Lovelace', email: 'ada@localhost' }, 'user-token'),
  });
  engine.start();
  const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const res = await engine.handle({ method, path, token: 'user-token', body });
    validateResponse(method, path, res.status, res.body);
    expect(res.status).toBeLessThan(300);
    return res.body;
  };
  return { clock, engine, call, userId: engine.controlState().userId };
}

/** Declares as the runner does: the incident, then one page per planned target, with its id. */
async function declare(
  p: ReturnType<typeof platform>,
  severity: Severity,
  service: string,
): Promise<{ incident: Incident; pages: Page[] }> {
  const plan = planPaging({
    playbook: DEFAULT_PLAYBOOK,
    rotations: p.engine.rotations(),
    severity,
    service,
    now: p.engine.now(),
  });
  expect(plan.blockers).toEqual([]);
  const incident = (await p.call('POST', '/v1/incidents', {
    severity,
    summary: 'Checkout p99 elevated',
    service,
    roles: {},
  })) as Incident;
  const pages: Page[] = [];
  for (const t of plan.targets) {
    pages.push(
      (await p.call('POST', '/v1/pages', {
        title: `SEV-${severity}: Checkout p99 elevated`,
        severity,
        service,
        incidentId: incident.id,
        target: t.target,
      })) as Page,
    );
  }
  return { incident, pages };
}

/** Moves the platform clock minute by minute, so each escalation lands at its own time. */
function passMinutes(p: ReturnType<typeof platform>, minutes: number): void {
  for (let i = 0; i < minutes; i += 1) p.engine.advance(60);
}

describe('a declared incident pages each person once (paging groups)', () => {
  it('SEV-1: 20 minutes unanswered, then every page resolved: each person notified exactly once, nobody after', async () => {
    const p = platform();
    const { pages } = await declare(p, 1, 'checkout');
    expect(pages.map((x) => x.target.id)).toEqual([p.userId, PRIYA, MARCUS, DANA]);
    passMinutes(p, 20);

    for (const page of pages) {
      const resolved = (await p.call('POST', `/v1/pages/${page.id}/resolve`)) as Page;
      expect(resolved.status).toBe('resolved');
    }
    const atResolution = p.engine.controlState().notifications.length;
    passMinutes(p, 60);
    p.clock.advance(60 * 60_000);

    const state = p.engine.controlState();
    expect(state.notifications).toHaveLength(atResolution);
    const notified = state.notifications.map((n) => n.personId).sort();
    expect(notified).toEqual([p.userId, PRIYA, MARCUS, DANA].sort());
    expect(state.pages.every((x) => x.status === 'resolved')).toBe(true);
    // The steps that would have notified someone a second time say which page reached them.
    const skipped = state.pages.flatMap((x) => x.escalation.steps.filter((s) => s.skipped));
    expect(skipped.length).toBeGreaterThan(0);
    for (const s of skipped) expect(pages.map((x) => x.id)).toContain(s.skippedFor);
  });

  it('SEV-2: after 20 minutes the second person of each paged rotation was notified before the EM', async () => {
    const p = platform();
    const { pages } = await declare(p, 2, 'payments');
    expect(pages.map((x) => x.target.id)).toEqual([JULES, p.userId]);
    passMinutes(p, 20);

    const log = p.engine.controlState().notifications;
    const firstAt = (personId: string) => {
      const at = log.find((n) => n.personId === personId)?.at;
      expect(at, `${personId} notified`).toBeDefined();
      return Date.parse(at ?? '');
    };
    // Payments = [Jules, Sam], Platform = [the user, Priya].
    expect(firstAt(SAM)).toBeLessThan(firstAt(MARCUS));
    expect(firstAt(PRIYA)).toBeLessThan(firstAt(MARCUS));
    expect(firstAt(MARCUS)).toBeLessThan(firstAt(DANA));
    const counts = new Map<string, number>();
    for (const n of log) counts.set(n.personId, (counts.get(n.personId) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({
      [JULES]: 1,
      [p.userId]: 1,
      [SAM]: 1,
      [PRIYA]: 1,
      [MARCUS]: 1,
      [DANA]: 1,
    });
  });
});
