import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Rotation, type Person } from '../../../../src/shared/domain.js';
import { DEFAULT_PLAYBOOK } from '../../../../src/shared/playbook.js';
import {
  channelName,
  cliCommand,
  defaultRoles,
  planDeclaration,
  shellQuote,
  suggestSeverity,
  whoIsPaged,
} from '../../../../src/main/core/incidents/plan.js';
import { startTestPlatform, type TestPlatform } from '../../../helpers/platform-process.js';

// The rotation feed exactly as the (local) platform serves it: GET /v1/oncall.
let platform: TestPlatform;
let rotations: Rotation[];
let now: number;
let me: Person;

beforeAll(async () => {
  platform = await startTestPlatform();
  const res = await fetch(`${platform.url}/v1/oncall`, {
    headers: { Authorization: `Bearer ${platform.token}` },
  });
  const body = z
    .object({ generatedAt: z.string(), rotations: z.array(Rotation) })
    .parse(await res.json());
  rotations = body.rotations;
  now = Date.parse(body.generatedAt);
  const state = await platform.control.state();
  const user = state.people.find((p) => p.id === state.userId);
  me = { id: user?.id ?? '', name: user?.name ?? '', email: user?.email ?? '' };
});

afterAll(async () => {
  await platform?.close();
});

const ids = (r: { paged: { person: Person }[] }) => r.paged.map((p) => p.person.id).sort();

describe('whoIsPaged (the policy ladder against the rotation feed)', () => {
  it('SEV-1 pages everyone on shift in the platform rotation, the EM and the founder', () => {
    const r = whoIsPaged({ playbook: DEFAULT_PLAYBOOK, rotations, severity: 1, now });
    expect(ids(r)).toEqual([me.id, 'dana', 'marcus', 'priya'].sort());
    expect(r.paged.find((p) => p.person.id === 'priya')?.why).toContain('level 2');
    expect(r.warnings).toEqual([]);
  });

  it('SEV-1 does not page the declarer, and says so', () => {
    const r = whoIsPaged({ playbook: DEFAULT_PLAYBOOK, rotations, severity: 1, now, me });
    expect(ids(r)).toEqual(['dana', 'marcus', 'priya']);
    expect(r.warnings.join(' ')).toMatch(/not paged, since you are declaring/);
  });

  it('SEV-2 pages the service owner and the platform on-call (level 1 only)', () => {
    const r = whoIsPaged({
      playbook: DEFAULT_PLAYBOOK,
      rotations,
      severity: 2,
      service: 'checkout',
      now,
    });
    expect(ids(r)).toEqual([me.id, 'sam'].sort());
    expect(r.paged.find((p) => p.person.id === 'sam')?.why).toBe(
      'owner of checkout (Checkout, level 1)',
    );
  });

  it('SEV-3 pages the service owner only', () => {
    const r = whoIsPaged({
      playbook: DEFAULT_PLAYBOOK,
      rotations,
      severity: 3,
      service: 'Payments',
      now,
    });
    expect(ids(r)).toEqual(['jules']);
    expect(r.warnings).toEqual([]);
  });

  it('SEV-3 with no rotation for the service pages nobody and says so', () => {
    const r = whoIsPaged({
      playbook: DEFAULT_PLAYBOOK,
      rotations,
      severity: 3,
      service: 'search',
      now,
    });
    expect(ids(r)).toEqual([]);
    expect(r.warnings).toEqual([
      expect.stringMatching(/No rotation owns the service 'search'.*pick the rotation/),
    ]);
  });

  it('only shifts covering now count', () => {
    const r = whoIsPaged({
      playbook: DEFAULT_PLAYBOOK,
      rotations,
      severity: 2,
      service: 'checkout',
      now: now + 365 * 86_400_000,
    });
    expect(r.paged).toEqual([]);
    expect(r.warnings.join(' ')).toMatch(/Nobody is on shift now in Platform/);
    expect(r.warnings.join(' ')).toMatch(/Nobody is on shift now in Checkout/);
  });
});

describe('defaultRoles', () => {
  it('me as commander, the EM as comms, service owner and platform on-call investigating (not me twice)', () => {
    const roles = defaultRoles({ rotations, me, service: 'checkout', now });
    expect(roles.commander.id).toBe(me.id);
    expect(roles.comms?.id).toBe('marcus');
    // The platform on-call is me here, so only the service owner investigates.
    expect(roles.investigators.map((p) => p.id)).toEqual(['sam']);
    const other = defaultRoles({
      rotations,
      me: { id: 'x', name: 'X', email: 'x@x' },
      service: 'checkout',
      now,
    });
    expect(other.investigators.map((p) => p.id)).toEqual(['sam', me.id]);
  });
});

describe('suggestSeverity (unanswered never counts as yes)', () => {
  it.each([
    [{ customerVisible: false, dataLostOrExposed: true, multiTenantOrRegionDown: false }, 1],
    [{ customerVisible: false, dataLostOrExposed: false, multiTenantOrRegionDown: true }, 1],
    [{ customerVisible: true, dataLostOrExposed: false, multiTenantOrRegionDown: false }, 2],
    [{ customerVisible: false, dataLostOrExposed: false, multiTenantOrRegionDown: false }, 3],
    [{ dataLostOrExposed: true }, 1],
    [{ multiTenantOrRegionDown: true }, 1],
  ] as const)('%j → SEV-%i', (answers, severity) => {
    expect(suggestSeverity(answers)?.severity).toBe(severity);
  });

  it.each([
    [{}],
    [{ dataLostOrExposed: false, multiTenantOrRegionDown: false }],
    [{ customerVisible: false, dataLostOrExposed: false }],
    [{ customerVisible: true, multiTenantOrRegionDown: false }],
  ] as const)('%j → no suggestion: the declarer answers or picks', (answers) => {
    expect(suggestSeverity(answers)).toBeNull();
  });

  it('says why', () => {
    expect(
      suggestSeverity({
        customerVisible: true,
        dataLostOrExposed: false,
        multiTenantOrRegionDown: false,
      })?.reason,
    ).toBe('Customers can see it.');
  });
});

describe('channelName', () => {
  const at = Date.parse('2026-03-02T23:30:00Z');
  it('fills the template with the UTC date and a slug of the summary', () => {
    expect(channelName('inc-{yyyymmdd}-{slug}', at, 'Checkout p99 elevated in EU-Frankfurt!')).toBe(
      'inc-20260302-checkout-p99-elevated-in-eu-frankfurt',
    );
  });

  it('is Slack-valid for any summary: lowercase, [a-z0-9-_], at most 80 characters, no trailing dash', () => {
    for (const summary of [
      'Ünïcödé Störung — Zahlungen',
      '!!!',
      'a'.repeat(200),
      'x '.repeat(60),
      '日本語のみ',
    ]) {
      const name = channelName('inc-{yyyymmdd}-{slug}', at, summary);
      expect(name).toMatch(/^[a-z0-9_-]{1,80}$/);
      expect(name).not.toMatch(/-$/);
    }
    expect(channelName('inc-{yyyymmdd}-{slug}', at, 'Ünïcödé Störung')).toBe(
      'inc-20260302-unicode-storung',
    );
    expect(channelName('inc-{yyyymmdd}-{slug}', at, '日本語のみ')).toBe('inc-20260302-incident');
  });
});

describe('cliCommand', () => {
  it('matches the policy’s command for a plain summary', () => {
    expect(cliCommand({ severity: 2, summary: 'Checkout p99 elevated in eu-frankfurt' })).toBe(
      "zephyr incident open --sev 2 --summary 'Checkout p99 elevated in eu-frankfurt'",
    );
  });

  it('quotes so that a shell passes the summary through unchanged', () => {
    for (const value of [
      `it's "down" $HOME \`id\` ; rm -rf / && echo`,
      "a'b''c",
      '-n',
      'ünï \\ back',
    ]) {
      const out = execFileSync('sh', ['-c', `printf '%s' ${shellQuote(value)}`]).toString();
      expect(out).toBe(value);
    }
  });

  it('adds --service and --region when given', () => {
    expect(cliCommand({ severity: 3, summary: 'x', service: 'checkout', region: 'eu west' })).toBe(
      "zephyr incident open --sev 3 --summary x --service checkout --region 'eu west'",
    );
  });
});

describe('planDeclaration', () => {
  const connected = { platform: true, slack: false, statuspage: true, linear: true };
  it('lists every action, skipping Slack when not connected; SEV-3 gets a status page entry', () => {
    const plan = planDeclaration(
      {
        summary: 'Search reindex slow',
        severity: 3,
        service: 'checkout',
        roles: { commander: me, investigators: [] },
      },
      { playbook: DEFAULT_PLAYBOOK, rotations, now, me, connected },
    );
    const byId = Object.fromEntries(plan.actions.map((a) => [a.id, a]));
    expect(byId['slack-channel']).toMatchObject({
      willRun: false,
      skippedReason: 'Slack is not connected',
    });
    expect(byId['statuspage']).toMatchObject({ willRun: true });
    expect(byId['linear']?.willRun).toBe(true);
    expect(byId['pages']).toMatchObject({ willRun: true });
    expect(plan.pageTargets.map((t) => t.target)).toEqual([{ rotation: 'checkout' }]);
    expect(plan.pagedPeople.map((p) => p.person.id)).toEqual(['sam']);
    expect(plan.cliCommand).toBe(
      "zephyr incident open --sev 3 --summary 'Search reindex slow' --service checkout",
    );
    expect(plan.channelName).toMatch(/^inc-\d{8}-search-reindex-slow$/);
  });
});
