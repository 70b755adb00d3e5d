import { describe, expect, it } from 'vitest';
import type { DeclarationDefaults } from '../../../../src/shared/declaration.js';
import type { Person } from '../../../../src/shared/domain.js';
import {
  initialWizard,
  severityOf,
  stepIndex,
  toInput,
  wizardReducer,
  type Draft,
  type WizardState,
} from '../../../../src/renderer/features/declare/wizard-draft.js';

const person = (id: string): Person => ({ id, name: id.toUpperCase(), email: `${id}@example.com` });
const ana = person('ana');
const bo = person('bo');

function defaultsFor(commander: Person): DeclarationDefaults {
  return {
    me: ana,
    roles: { commander, investigators: [commander] },
    people: [ana, bo].map((p) => ({ person: p, onShift: [] })),
    services: ['checkout'],
    suggestion: { severity: 2, reason: 'Customers see it.' },
  };
}

const emptyDraft: Draft = {
  summary: 'Checkout down',
  service: '',
  region: '',
  answers: {},
  severity: null,
  commanderId: '',
  commsId: '',
  investigatorIds: [],
  rolesTouched: false,
  pagingVia: 'platform',
  pdServiceId: '',
  pdServiceName: '',
  serviceRotationId: '',
  fewerInvestigatorsConfirmed: false,
  statusPageOptOut: false,
  statusPageOptOutReason: '',
};

describe('wizardReducer: declarations:defaults answers', () => {
  it('applies answers in order and suggests their roles', () => {
    let state: WizardState = initialWizard(emptyDraft);
    state = wizardReducer(state, { type: 'defaults-answered', seq: 1, defaults: defaultsFor(ana) });
    state = wizardReducer(state, { type: 'defaults-answered', seq: 2, defaults: defaultsFor(bo) });
    expect(state.draft.commanderId).toBe('bo');
    expect(state.defaults?.roles.commander).toEqual(bo);
  });

  it('ignores an older answer that arrives after a newer one', () => {
    let state: WizardState = initialWizard(emptyDraft);
    // Asked twice (service typed, then changed); the second answer comes back first.
    state = wizardReducer(state, { type: 'defaults-answered', seq: 2, defaults: defaultsFor(bo) });
    state = wizardReducer(state, { type: 'defaults-answered', seq: 1, defaults: defaultsFor(ana) });
    expect(state.draft.commanderId).toBe('bo');
    expect(state.draft.investigatorIds).toEqual(['bo']);
    expect(state.defaults?.roles.commander).toEqual(bo);
  });

  it('keeps roles the user picked', () => {
    let state: WizardState = initialWizard(emptyDraft);
    state = wizardReducer(state, {
      type: 'edit',
      patch: { commanderId: 'ana', rolesTouched: true },
    });
    state = wizardReducer(state, { type: 'defaults-answered', seq: 1, defaults: defaultsFor(bo) });
    expect(state.draft.commanderId).toBe('ana');
  });
});

describe('wizard steps and input', () => {
  it('goes to named steps in order', () => {
    const state = wizardReducer(initialWizard(emptyDraft), { type: 'go', step: 'review' });
    expect(state.step).toBe('review');
    expect(stepIndex('what')).toBe(0);
    expect(stepIndex('run')).toBe(4);
  });

  it('builds the declaration only with a known commander', () => {
    const people = defaultsFor(ana).people;
    const fields = {
      summary: ' Checkout down ',
      service: 'checkout',
      region: '',
      severity: 2 as const,
      commanderId: 'nobody',
      commsId: '',
      investigatorIds: ['bo', 'ghost'],
      pdServiceId: '',
      pdServiceName: '',
      serviceRotationId: '',
      fewerInvestigatorsConfirmed: false,
      statusPageOptOutReason: null,
    };
    expect(toInput(fields, people)).toBeNull();
    expect(toInput({ ...fields, commanderId: 'ana' }, people)).toEqual({
      summary: 'Checkout down',
      service: 'checkout',
      severity: 2,
      roles: { commander: ana, investigators: [bo] },
    });
  });

  it('never assumes SEV-1: with nothing picked or suggested there is no severity and no input', () => {
    const state = initialWizard(emptyDraft);
    expect(severityOf(state)).toBeNull();
    const people = defaultsFor(ana).people;
    const fields = {
      summary: 'Checkout down',
      service: '',
      region: '',
      severity: severityOf(state),
      commanderId: 'ana',
      commsId: 'bo',
      investigatorIds: [],
      pdServiceId: '',
      pdServiceName: '',
      serviceRotationId: 'rot-platform',
      fewerInvestigatorsConfirmed: true,
      statusPageOptOutReason: ' Internal only ',
    };
    expect(toInput(fields, people)).toBeNull();
    expect(toInput({ ...fields, severity: 3 }, people)).toMatchObject({
      severity: 3,
      serviceRotationId: 'rot-platform',
      fewerInvestigatorsConfirmed: true,
      statusPageOptOut: { reason: 'Internal only' },
    });
  });
});
