import { describe, expect, it } from 'vitest';
import {
  incidentToPage,
  oncallsToRotations,
  severityOf,
  type IncidentContext,
} from '../../../../src/main/core/pagerduty/mapping.js';
import {
  PdIncident,
  PdOncall,
  type PdEscalationPolicy,
} from '../../../../src/main/core/pagerduty/wire.js';
import { Page, type Person } from '../../../../src/shared/domain.js';

const T0 = Date.parse('2026-03-02T03:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const me: Person = { id: 'PME', name: 'Me', email: 'me@example.com' };
const user = (id: string) => ({ id, type: 'user_reference', summary: `User ${id}` });

const policy: PdEscalationPolicy = {
  id: 'PPOL',
  type: 'escalation_policy',
  name: 'Platform',
  num_loops: 0,
  escalation_rules: [
    { escalation_delay_in_minutes: 5, targets: [{ id: 'SCHED', type: 'schedule_reference' }] },
    { escalation_delay_in_minutes: 10, targets: [user('PB')] },
    { escalation_delay_in_minutes: 5, targets: [user('PC')] },
  ],
};

function context(overrides: Partial<IncidentContext> = {}): IncidentContext {
  return {
    me,
    now: T0 + 60_000,
    policy: (id) => (id === 'PPOL' ? policy : undefined),
    onCall: (policyId, level) => (policyId === 'PPOL' && level === 1 ? [me] : []),
    ...overrides,
  };
}

function incident(patch: Record<string, unknown> = {}): PdIncident {
  return PdIncident.parse({
    id: 'PINC',
    title: 'Disk full',
    status: 'triggered',
    urgency: 'high',
    created_at: iso(T0),
    updated_at: iso(T0),
    last_status_change_at: iso(T0),
    escalation_policy: { id: 'PPOL', type: 'escalation_policy_reference', summary: 'Platform' },
    assignments: [{ at: iso(T0), assignee: user('PME') }],
    acknowledgements: [],
    pending_actions: [],
    ...patch,
  });
}

const map = (i: PdIncident, c = context()) => {
  const page = incidentToPage(i, c);
  expect(Page.safeParse(page).success).toBe(true);
  return page;
};

describe('incidentToPage', () => {
  it('takes rules from the cached policy when the incident carries only a reference', () => {
    const page = map(incident());
    expect(page.escalation.steps.map((s) => [s.afterSeconds, s.role, s.person?.id])).toEqual([
      [0, 'rotation', 'PME'],
      [300, 'person', 'PB'],
      [900, 'person', 'PC'],
    ]);
    expect(page.escalation.nextAt).toBe(iso(T0 + 300_000));
    expect(page.escalation.nextTarget?.id).toBe('PB');
  });

  it('prefers me as target when several are assigned', () => {
    const page = map(
      incident({
        assignments: [
          { at: iso(T0), assignee: user('PX') },
          { at: iso(T0), assignee: user('PME') },
        ],
      }),
    );
    expect(page.target.id).toBe('PME');
  });

  it('finds the current level from the assignee, not from the clock', () => {
    const page = map(
      incident({ assignments: [{ at: iso(T0 + 300_000), assignee: user('PB') }] }),
      context({ now: T0 + 301_000 }),
    );
    expect(page.escalation.step).toBe(1);
    expect(page.escalation.steps[1]?.notifiedAt).toBe(iso(T0 + 300_000));
    expect(page.escalation.nextAt).toBe(iso(T0 + 900_000));
    expect(page.escalation.nextTarget?.id).toBe('PC');
  });

  it('falls back to the time since creation when no assignee matches a rule', () => {
    const page = map(
      incident({ assignments: [{ at: iso(T0), assignee: user('PSTRANGER') }] }),
      context({ now: T0 + 320_000, onCall: () => [] }),
    );
    expect(page.escalation.step).toBe(1);
  });

  it('prefers PagerDuty’s pending escalate action over the computed time', () => {
    const page = map(incident({ pending_actions: [{ type: 'escalate', at: iso(T0 + 123_000) }] }));
    expect(page.escalation.nextAt).toBe(iso(T0 + 123_000));
  });

  it('loops back to the first level while num_loops allows', () => {
    const looping = { ...policy, num_loops: 1 };
    const c = context({ now: T0 + 1000_000, policy: () => looping });
    const page = map(
      incident({ assignments: [{ at: iso(T0 + 900_000), assignee: user('PC') }] }),
      c,
    );
    expect(page.escalation.step).toBe(2);
    expect(page.escalation.nextTarget?.id).toBe('PME');
    const noLoop = map(
      incident({ assignments: [{ at: iso(T0 + 900_000), assignee: user('PC') }] }),
      context({ now: T0 + 1000_000 }),
    );
    expect(noLoop.escalation.nextAt).toBeNull();
    expect(noLoop.escalation.nextTarget).toBeNull();
  });

  it('a direct assignment never escalates: one step, no next', () => {
    const page = map(incident({ assigned_via: 'direct_assignment' }));
    expect(page.escalation).toEqual({
      step: 0,
      steps: [{ afterSeconds: 0, role: 'person', person: page.target, notifiedAt: iso(T0) }],
      nextAt: null,
      nextTarget: null,
    });
  });

  it('an incident without assignees targets the last acknowledger, else the policy', () => {
    const acked = map(
      incident({
        status: 'acknowledged',
        assignments: [],
        acknowledgements: [
          { at: iso(T0 + 1000), acknowledger: user('PA') },
          { at: iso(T0 + 2000), acknowledger: user('PB') },
        ],
      }),
    );
    expect(acked.target.id).toBe('PB');
    expect(acked.acknowledgedBy?.id).toBe('PB');
    expect(acked.acknowledgedAt).toBe(iso(T0 + 2000));
    const resolved = map(incident({ status: 'resolved', assignments: [] }));
    expect(resolved.target).toEqual({ id: 'PPOL', name: 'Platform', email: '' });
    expect(resolved.escalation.nextAt).toBeNull();
  });

  it('normalizes offsets to UTC and takes the latest change as updatedAt', () => {
    const page = map(
      incident({
        created_at: '2026-03-01T22:00:00-05:00',
        updated_at: '2026-03-01T22:00:00-05:00',
        last_status_change_at: '2026-03-02T03:10:00Z',
      }),
    );
    expect(page.createdAt).toBe('2026-03-02T03:00:00.000Z');
    expect(page.updatedAt).toBe('2026-03-02T03:10:00.000Z');
  });
});

describe('severityOf', () => {
  it('maps P1/P2/P3+ to 1/2/3, else high urgency 2 and low 3', () => {
    expect(severityOf(incident({ priority: { summary: 'P1' } }))).toBe(1);
    expect(severityOf(incident({ priority: { name: 'P2', summary: 'P2' } }))).toBe(2);
    expect(severityOf(incident({ priority: { summary: 'P5' } }))).toBe(3);
    expect(severityOf(incident({ priority: null }))).toBe(2);
    expect(severityOf(incident({ urgency: 'low', priority: { summary: 'Sev-Custom' } }))).toBe(3);
    expect(severityOf(incident({ urgency: null }))).toBeUndefined();
  });
});

describe('oncallsToRotations', () => {
  it('groups by policy, cuts open-ended on-calls at 7 days and drops duplicates', () => {
    const oncall = (level: number, start: string | null, end: string | null) =>
      PdOncall.parse({
        user: { id: 'PME', type: 'user', name: 'Me', email: 'me@example.com' },
        escalation_policy: { id: 'PPOL', type: 'escalation_policy_reference', summary: 'Platform' },
        escalation_level: level,
        start,
        end,
      });
    const rotations = oncallsToRotations(
      [
        oncall(2, null, null),
        oncall(1, '2026-03-02T00:00:00Z', '2026-03-03T00:00:00Z'),
        oncall(2, null, null),
      ],
      T0,
    );
    expect(rotations).toEqual([
      {
        id: 'PPOL',
        name: 'Platform',
        kind: 'platform',
        shifts: [
          {
            person: { id: 'PME', name: 'Me', email: 'me@example.com' },
            level: 1,
            start: '2026-03-02T00:00:00.000Z',
            end: '2026-03-03T00:00:00.000Z',
          },
          {
            person: { id: 'PME', name: 'Me', email: 'me@example.com' },
            level: 2,
            start: iso(T0),
            end: iso(T0 + 7 * 24 * 3600_000),
          },
        ],
      },
    ]);
  });
});
