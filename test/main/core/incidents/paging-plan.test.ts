import { beforeAll, describe, expect, it } from 'vitest';
import type { DeclarationInput } from '../../../../src/shared/declaration.js';
import type { Person, Rotation } from '../../../../src/shared/domain.js';
import { DEFAULT_PLAYBOOK } from '../../../../src/shared/playbook.js';
import { PlatformEngine } from '../../../../src/main/local-platform/engine.js';
import { sampleState } from '../../../../src/main/local-platform/roster.js';
import { planDeclaration } from '../../../../src/main/core/incidents/plan.js';
import {
  inviteList,
  planPaging,
  roleBlockers,
} from '../../../../src/main/core/incidents/paging-plan.js';
import { FakeClock } from '../../../fakes/fake-clock.js';

// The rotation feed of the sample roster: Platform = [me, priya], Checkout = [sam, priya],
// Payments = [jules, sam], EM = [marcus], Founders = [dana].
let rotations: Rotation[];
let now: number;
let me: Person;
const person = (id: string): Person => {
  for (const r of rotations) {
    const found = r.shifts.find((s) => s.person.id === id)?.person;
    if (found) return found;
  }
  throw new Error(`no ${id}`);
};

beforeAll(() => {
  const clock = new FakeClock('2026-03-02T03:00:00Z');
  const engine = new PlatformEngine({
    clock,
    playbook: DEFAULT_PLAYBOOK,
    state: sampleState({ name: 'Ada', email: 'ada@localhost' }, 't'),
  });
  rotations = engine.rotations();
  now = engine.now();
  me = person(engine.controlState().userId);
});

const targets = (p: { targets: { target: unknown }[] }) => p.targets.map((t) => t.target);

describe('planPaging: pages target rotations, per severity', () => {
  it('SEV-2: the service’s rotation and the platform rotation', () => {
    const p = planPaging({
      playbook: DEFAULT_PLAYBOOK,
      rotations,
      severity: 2,
      service: 'checkout',
      now,
    });
    expect(targets(p)).toEqual([{ rotation: 'checkout' }, { rotation: 'platform' }]);
    expect(p.targets.map((t) => t.reachesNow.map((x) => x.id))).toEqual([['sam'], [me.id]]);
    expect(p.needsRotationChoice).toBe(false);
    expect(p.blockers).toEqual([]);
  });

  it('SEV-3: the service’s rotation only', () => {
    const p = planPaging({
      playbook: DEFAULT_PLAYBOOK,
      rotations,
      severity: 3,
      service: 'Payments',
      now,
    });
    expect(targets(p)).toEqual([{ rotation: 'payments' }]);
  });

  it('SEV-1: one page per platform on-call person (every level), the EM and founder rotations', () => {
    const p = planPaging({
      playbook: DEFAULT_PLAYBOOK,
      rotations,
      severity: 1,
      service: 'checkout',
      now,
    });
    expect(targets(p)).toEqual([
      { person: me.id },
      { person: 'priya' },
      { rotation: 'em' },
      { rotation: 'founder' },
    ]);
    expect(p.targets[1]?.why).toBe('platform on-call (level 2)');
  });

  it('SEV-3 without a known service owner: says so, offers the rotations, blocks until one is picked', () => {
    const p = planPaging({
      playbook: DEFAULT_PLAYBOOK,
      rotations,
      severity: 3,
      service: 'search',
      now,
    });
    expect(p.targets).toEqual([]);
    expect(p.needsRotationChoice).toBe(true);
    expect(p.rotationChoices.map((r) => r.id).sort()).toEqual(['checkout', 'payments', 'platform']);
    expect(p.blockers).toEqual([expect.stringMatching(/No rotation owns the service 'search'/)]);
    const picked = planPaging({
      playbook: DEFAULT_PLAYBOOK,
      rotations,
      severity: 3,
      service: 'search',
      serviceRotationId: 'payments',
      now,
    });
    expect(targets(picked)).toEqual([{ rotation: 'payments' }]);
    expect(picked.blockers).toEqual([]);
    expect(picked.needsRotationChoice).toBe(false);
  });

  it('SEV-2 without a known owner still pages the platform rotation and asks (no blocker)', () => {
    const p = planPaging({ playbook: DEFAULT_PLAYBOOK, rotations, severity: 2, now });
    expect(targets(p)).toEqual([{ rotation: 'platform' }]);
    expect(p.needsRotationChoice).toBe(true);
    expect(p.blockers).toEqual([]);
  });
});

describe('inviteList: everyone the pages reach now plus the role holders, once each', () => {
  it('lists the paged level 1s, the commander, comms and investigators without duplicates', () => {
    const p = planPaging({
      playbook: DEFAULT_PLAYBOOK,
      rotations,
      severity: 2,
      service: 'checkout',
      now,
    });
    const list = inviteList(p.targets, {
      commander: me,
      comms: person('marcus'),
      investigators: [person('sam'), person('priya')],
    });
    expect(list.map((x) => x.id)).toEqual(['sam', me.id, 'marcus', 'priya']);
  });
});

describe('roleBlockers: the three roles before the run', () => {
  const input = (roles: DeclarationInput['roles'], extra: Partial<DeclarationInput> = {}) =>
    ({ summary: 's', severity: 2, roles, ...extra }) as DeclarationInput;

  it('needs Comms named', () => {
    const b = roleBlockers(
      input({ commander: me, investigators: [person('sam'), person('priya')] }),
      DEFAULT_PLAYBOOK,
    );
    expect(b).toEqual(['Name Comms before declaring.']);
  });

  it('needs an explicit confirmation for fewer than two investigators', () => {
    const one = input({ commander: me, comms: person('marcus'), investigators: [person('sam')] });
    expect(roleBlockers(one, DEFAULT_PLAYBOOK)).toEqual([
      'Only 1 investigator: the playbook says 2. Add one or confirm.',
    ]);
    expect(roleBlockers({ ...one, fewerInvestigatorsConfirmed: true }, DEFAULT_PLAYBOOK)).toEqual(
      [],
    );
    const two = input({
      commander: me,
      comms: person('marcus'),
      investigators: [person('sam'), person('priya')],
    });
    expect(roleBlockers(two, DEFAULT_PLAYBOOK)).toEqual([]);
  });
});

describe('planDeclaration: what the review shows', () => {
  const connected = { platform: true, slack: true, statuspage: true, linear: true };
  const sev3: DeclarationInput = {
    summary: 'Search reindex slow',
    severity: 3,
    service: 'checkout',
    roles: { commander: { id: 'x', name: 'X', email: 'x@x' }, investigators: [] },
  };

  it('exposes targets, invitees and blockers; SEV-3 posts on the status page unless unticked with a reason', () => {
    const plan = planDeclaration(sev3, { playbook: DEFAULT_PLAYBOOK, rotations, now, connected });
    expect(plan.pageTargets.map((t) => t.target)).toEqual([{ rotation: 'checkout' }]);
    expect(plan.invitees.map((p) => p.id)).toEqual(['sam', 'x']);
    expect(plan.blockers).toHaveLength(2);
    expect(plan.actions.find((a) => a.id === 'statuspage')?.willRun).toBe(true);
    const unticked = planDeclaration(
      { ...sev3, statusPageOptOut: { reason: 'internal tool only' } },
      { playbook: DEFAULT_PLAYBOOK, rotations, now, connected },
    );
    expect(unticked.actions.find((a) => a.id === 'statuspage')).toMatchObject({
      willRun: false,
      skippedReason: 'Unticked at review: internal tool only',
    });
  });
});
