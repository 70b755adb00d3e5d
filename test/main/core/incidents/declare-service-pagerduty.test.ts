/**
 * The declare service with PagerDuty configured (token and API URL in the environment, as in the
 * app): `declarations:pagerduty-services` lists services from the PagerDuty fake, the defaults say
 * PagerDuty is connected, the plan pages the chosen service instead of people, and a started
 * declaration opens one PagerDuty incident on it.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DeclarationInput } from '../../../../src/shared/declaration.js';
import type { Person } from '../../../../src/shared/domain.js';
import { IpcError } from '../../../../src/shared/contract.js';
import { DEFAULT_PLAYBOOK, type Playbook } from '../../../../src/shared/playbook.js';
import { resolveConfig } from '../../../../src/main/core/config/resolve-config.js';
import {
  createDeclareService,
  type DeclareService,
} from '../../../../src/main/core/incidents/declare-service.js';
import { pagerdutyIncidentKey } from '../../../../src/main/core/incidents/actions/keys.js';
import { PagerDutySource } from '../../../../src/main/core/pagerduty/pagerduty-source.js';
import { FakeClock } from '../../../fakes/fake-clock.js';
import { InMemoryStore } from '../../../fakes/in-memory-store.js';
import { PagerDutyFake } from '../../../fakes/pagerduty-fake.js';
import { RecordingLogger } from '../../../fakes/recording-logger.js';
import { T0, TOKEN, world } from '../pagerduty/world.js';

const fakes: PagerDutyFake[] = [];
afterEach(async () => {
  for (const fake of fakes.splice(0)) await fake.close();
});

const me: Person = { id: 'PME0001', name: 'Mara Quinn', email: 'mara@example.com' };

async function setup(options: { token?: string | null; playbook?: Playbook } = {}) {
  const clock = new FakeClock(T0);
  const fake = new PagerDutyFake(world(), { clock });
  fakes.push(fake);
  const apiUrl = await fake.start();
  const env: Record<string, string> = { ZEPHYR_PAGERDUTY_API_URL: apiUrl };
  if (options.token !== null) env.ZEPHYR_PAGERDUTY_TOKEN = options.token ?? TOKEN;
  const logger = new RecordingLogger();
  const secretsSeen: string[] = [];
  // The composition builds one PagerDutySource for the token; the service pages through it.
  const pagerduty =
    options.token === null
      ? undefined
      : new PagerDutySource({ token: options.token ?? TOKEN, apiUrl, clock, logger });
  const service: DeclareService = createDeclareService({
    clock,
    logger,
    store: new InMemoryStore<unknown[]>(),
    playbook: () => options.playbook ?? DEFAULT_PLAYBOOK,
    config: () => resolveConfig({ raw: {}, env, secrets: { get: () => undefined } }),
    platform: () => undefined,
    rotations: () => undefined,
    pagerduty: () => pagerduty,
    onSecret: (s) => secretsSeen.push(s),
  });
  return { fake, service, logger, secretsSeen };
}

const input: DeclarationInput = {
  summary: 'Checkout p99 elevated',
  severity: 1,
  roles: { commander: me, comms: me, investigators: [] },
  fewerInvestigatorsConfirmed: true,
  paging: { via: 'pagerduty', serviceId: 'PCHECKO', serviceName: 'Checkout API' },
};

describe('declare service with PagerDuty', () => {
  it('declarations:pagerduty-services lists services by name with their escalation policy', async () => {
    const { fake, service, secretsSeen } = await setup();
    const list = service.handlers['declarations:pagerduty-services'];
    expect(await list({})).toEqual({
      services: [
        { id: 'PCHECKO', name: 'Checkout API', escalationPolicy: 'Platform' },
        { id: 'PPAYSVC', name: 'Payments API', escalationPolicy: 'Payments' },
        { id: 'PTESTSV', name: 'Zephyr test pages', escalationPolicy: 'Platform' },
      ],
      more: false,
    });
    expect(await list({ query: 'pay' })).toEqual({
      services: [{ id: 'PPAYSVC', name: 'Payments API', escalationPolicy: 'Payments' }],
      more: false,
    });
    const last = fake.requestsTo('/services', 'GET').at(-1);
    expect(last?.query.get('query')).toBe('pay');
    expect(last?.query.get('limit')).toBe('100');
    expect(last?.query.getAll('include[]')).toEqual(['escalation_policies']);
    expect(secretsSeen).toContain(TOKEN);
  });

  it('says PagerDuty is not connected without a token, and names PagerDuty’s refusal', async () => {
    const none = await setup({ token: null });
    const refusal = none.service.handlers['declarations:pagerduty-services']({});
    await expect(refusal).rejects.toBeInstanceOf(IpcError);
    await expect(refusal).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/PagerDuty is not connected/) as unknown as string,
    });
    expect(
      (await none.service.handlers['declarations:defaults']({ answers: {} })).pagerdutyConnected,
    ).toBe(false);

    const wrong = await setup({ token: 'not-the-token' });
    await expect(
      wrong.service.handlers['declarations:pagerduty-services']({}),
    ).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(
        /^Could not list the PagerDuty services: .*(token|401|Unauthorized)/i,
      ) as unknown as string,
    });
    expect(wrong.logger.text()).not.toContain('not-the-token');
  });

  it('the plan pages the PagerDuty service, not people, and says the CLI pages through the platform', async () => {
    const { service } = await setup();
    expect(
      (await service.handlers['declarations:defaults']({ answers: {} })).pagerdutyConnected,
    ).toBe(true);
    const plan = await service.handlers['declarations:plan']({ input });
    expect(plan.pagedPeople).toEqual([]);
    expect(plan.pagerduty).toEqual({
      serviceId: 'PCHECKO',
      serviceName: 'Checkout API',
      urgency: 'high',
    });
    expect(plan.cliNote).toMatch(/CLI command pages through the Zephyr platform/);
    expect(plan.cliCommand).toBe("zephyr incident open --sev 1 --summary 'Checkout p99 elevated'");
    expect(plan.warnings.join(' ')).not.toMatch(/nobody can be paged/);
    const pages = plan.actions.find((a) => a.id === 'pages');
    expect(pages).toMatchObject({ willRun: true });
    expect(pages?.label).toMatch(/PagerDuty.*high-urgency incident on Checkout API/);

    const platform = await service.handlers['declarations:plan']({
      input: { ...input, paging: { via: 'platform' } },
    });
    expect(platform.pagerduty).toBeUndefined();
    expect(platform.cliNote).toBeUndefined();
  });

  it('a started declaration opens one PagerDuty incident even with no platform', async () => {
    const { fake, service } = await setup();
    const { id } = await service.handlers['declarations:start']({ input });
    await vi.waitFor(
      async () => {
        const d = await service.handlers['declarations:get']({ id });
        expect(d.actions['pages']?.status).toBe('done');
      },
      { timeout: 10_000 },
    );
    const d = await service.handlers['declarations:get']({ id });
    const incidents = fake
      .state()
      .incidents.filter((i) => i.incidentKey === pagerdutyIncidentKey(id));
    expect(incidents.map((i) => [i.serviceId, i.title, i.urgency])).toEqual([
      ['PCHECKO', 'SEV-1: Checkout p99 elevated', 'high'],
    ]);
    expect(d.actions['pages']?.link).toBe(
      `https://fake.pagerduty.com/incidents/${incidents[0]?.id}`,
    );
    expect(d.actions['platform-incident']?.status).toBe('skipped');
  });

  it('a SEV-1 adds the EM and founder escalation policies as responders, once; the review warns when unset', async () => {
    const playbook: Playbook = {
      ...DEFAULT_PLAYBOOK,
      pagerduty: { emEscalationPolicyId: 'PEMPOL1', founderEscalationPolicyId: 'PFOUND1' },
    };
    const { fake, service } = await setup({ playbook });
    const plan = await service.handlers['declarations:plan']({ input });
    expect(plan.actions.find((a) => a.id === 'pages')?.label).toMatch(
      /2 escalation policies \(EM, founder\) added as responders/,
    );
    const { id } = await service.handlers['declarations:start']({ input });
    await vi.waitFor(
      async () => {
        const d = await service.handlers['declarations:get']({ id });
        expect(d.actions['pages']?.status).toBe('done');
      },
      { timeout: 10_000 },
    );
    const [incident] = fake
      .state()
      .incidents.filter((i) => i.incidentKey === pagerdutyIncidentKey(id));
    expect(fake.responderRequests).toEqual([
      { incidentId: incident?.id, policyIds: ['PEMPOL1', 'PFOUND1'], message: expect.any(String) },
    ]);
    // A retry of the action does not ask again.
    await service.handlers['declarations:retry-action']({ id, actionId: 'pages' }).catch(
      () => undefined,
    );
    expect(fake.responderRequests).toHaveLength(1);

    const unset = await setup();
    const warned = await unset.service.handlers['declarations:plan']({ input });
    expect(warned.warnings.join(' ')).toMatch(/names no PagerDuty escalation policy for them/);
  });
});
