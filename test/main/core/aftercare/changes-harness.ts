/**
 * The set-up of the tests of changes during an incident (severity and roles, and what a severity
 * change does after it: Slack, topic, status page, PagerDuty urgency): the sample roster, the
 * SEV-3 declared here at 03:00, a fake of the platform's change calls, and one started aftercare
 * service over them with the platform's clock skewed as asked.
 */
import type { AftercareIntegrations } from '../../../../src/main/core/aftercare/aftercare-service.js';
import type {
  IncidentChange,
  PlatformChangesClient,
} from '../../../../src/main/core/integrations/platform-changes-client.js';
import type { CreatePersonPageBody } from '../../../../src/main/core/integrations/platform-incidents-client.js';
import { IntegrationError } from '../../../../src/main/core/integrations/integration-error.js';
import { createDeclaration } from '../../../../src/main/core/incidents/declare.js';
import type { Declaration } from '../../../../src/shared/declaration.js';
import type { Incident, Page, Person, Rotation } from '../../../../src/shared/domain.js';
import type { Playbook } from '../../../../src/shared/playbook.js';
import type { KeyValueStore } from '../../../../src/main/core/ports.js';
import { FakePlatform, FakeSlack } from './fakes.js';
import { ROBIN, sampleAppState, serviceWith } from './harness.js';

/** The incident's Slack channel (its link's id). */
export const CHANNEL_ID = 'C0INC7';

const person = (id: string, name: string): Person => ({
  id,
  name,
  email: `${id}@example.com`,
  slackUserId: `U${id.toUpperCase()}`,
});
export const PRIYA = person('priya', 'Priya Raman');
export const MARCUS = person('marcus', 'Marcus Lee');
export const DANA = person('dana', 'Dana Okafor');
export const SAM = person('sam', 'Sam Ortiz');

/** The sample roster, on shift around the harness clock (2026-03-02T03:05Z). */
export function roster(): Rotation[] {
  const shift = (p: Person, level: number) => ({
    person: p,
    level,
    start: '2026-03-01T00:00:00Z',
    end: '2026-03-09T00:00:00Z',
  });
  return [
    {
      id: 'platform',
      name: 'Platform',
      kind: 'platform',
      shifts: [shift(ROBIN, 1), shift(PRIYA, 2)],
    },
    { id: 'em', name: 'Engineering managers', kind: 'em', shifts: [shift(MARCUS, 1)] },
    { id: 'founder', name: 'Founders', kind: 'founder', shifts: [shift(DANA, 1)] },
    {
      id: 'checkout',
      name: 'Checkout',
      kind: 'service',
      service: 'checkout',
      shifts: [shift(SAM, 1), shift(PRIYA, 2)],
    },
  ];
}

export function sev3(): Incident {
  return {
    id: 'INC-7',
    severity: 3,
    summary: 'Checkout retries elevated',
    service: 'checkout',
    status: 'investigating',
    openedAt: '2026-03-02T03:00:00.000Z',
    roles: { commander: ROBIN, comms: ROBIN, investigators: [SAM] },
    links: { channel: `https://acme.slack.com/archives/${CHANNEL_ID}` },
  };
}

/**
 * The SEV-3 declared here at 03:00 (or `at`, as the declare service stamped it: the platform's
 * time): the checkout rotation paged, channel, ticket, runbook.
 */
export function declared(over: { pagerduty?: boolean; at?: string } = {}): Declaration {
  const start = Date.parse(over.at ?? '2026-03-02T03:00:00Z');
  const d = createDeclaration({
    input: {
      summary: 'Checkout retries elevated',
      service: 'checkout',
      severity: 3,
      roles: { commander: ROBIN, comms: ROBIN, investigators: [SAM] },
      fewerInvestigatorsConfirmed: true,
      statusPageOptOut: { reason: 'internal only, no customer impact' },
      ...(over.pagerduty
        ? { paging: { via: 'pagerduty' as const, serviceId: 'PSVC', serviceName: 'Checkout' } }
        : {}),
    },
    paged: [{ person: SAM, why: 'owner of checkout' }],
    pageTargets: over.pagerduty
      ? []
      : [
          {
            target: { rotation: 'checkout' },
            label: 'Checkout',
            why: 'owner of checkout',
            reachesNow: [SAM],
          },
        ],
    channelName: 'inc-20260302-checkout-retries',
    now: start,
    declaredBy: ROBIN,
  });
  const at = (min: number) => new Date(start + min * 1000).toISOString();
  d.actions['platform-incident'] = { status: 'done', updatedAt: at(1) };
  d.actions.pages = {
    status: 'done',
    updatedAt: at(2),
    detail: over.pagerduty ? 'PagerDuty incident PD-9 opened on Checkout' : 'Paged Checkout',
  };
  d.actions['slack-channel'] = { status: 'done', updatedAt: at(3) };
  d.actions.statuspage = { status: 'skipped', updatedAt: at(4), error: 'Unticked at review' };
  d.actions.linear = { status: 'done', updatedAt: at(5) };
  d.actions['slack-runbook'] = { status: 'done', updatedAt: at(6) };
  d.results = {
    ...d.results,
    incidentId: 'INC-7',
    channelId: CHANNEL_ID,
    channelName: 'inc-20260302-checkout-retries',
    linearIssueIdentifier: 'OPS-12',
    ...(over.pagerduty
      ? { pagerdutyIncidentId: 'PD-9' }
      : { pageIds: ['P-1'], pagedIds: { 'rotation:checkout': 'P-1' } }),
  };
  return d;
}

/** The platform's change calls: PATCHes applied to the fake platform's incident, pages kept by key. */
export class FakeChanges implements PlatformChangesClient {
  readonly patches: IncidentChange[] = [];
  readonly pages: { body: CreatePersonPageBody; key: string; id: string }[] = [];
  /** Target keys (`rotation:em`, `priya`) whose next page fails. */
  readonly failing = new Set<string>();
  constructor(private readonly platform: FakePlatform) {}
  async changeIncident(incidentId: string, change: IncidentChange): Promise<Incident> {
    this.patches.push(structuredClone(change));
    const incident = this.platform.incidents.find((i) => i.id === incidentId);
    if (!incident) throw new IntegrationError('platform', 'not-found', 'no incident', 404);
    if (change.severity) incident.severity = change.severity;
    Object.assign(incident.roles, change.roles ?? {});
    Object.assign(incident.links, change.links ?? {});
    return structuredClone(incident);
  }
  async createPage(body: CreatePersonPageBody, key: string): Promise<Page> {
    const target =
      'rotation' in body.target ? `rotation:${body.target.rotation}` : body.target.person;
    if (this.failing.delete(target)) {
      throw new IntegrationError(
        'platform',
        'server',
        'the Zephyr platform failed (HTTP 503)',
        503,
      );
    }
    const seen = this.pages.find((p) => p.key === key);
    const id = seen?.id ?? `CP-${this.pages.length + 1}`;
    if (!seen) this.pages.push({ body, key, id });
    return { id, status: 'triggered' } as unknown as Page;
  }
  targets(): string[] {
    return this.pages.map((p) =>
      'rotation' in p.body.target ? `rotation:${p.body.target.rotation}` : p.body.target.person,
    );
  }
}

export class InvitingSlack extends FakeSlack {
  readonly invites: { channel: string; users: string[] }[] = [];
  readonly topics: { channel: string; topic: string }[] = [];
  override invite = async (channel: string, users: string[]): Promise<void> => {
    this.invites.push({ channel, users });
  };
  override setTopic = async (channel: string, topic: string): Promise<void> => {
    this.topics.push({ channel, topic });
  };
}

/** What a test changes in the set-up. */
export interface ChangeSetup {
  declaration?: Declaration;
  playbook?: Playbook;
  pdCalls?: string[][];
  /** The platform's clock against the laptop's, in ms (negative: behind). */
  skewMs?: number;
  /** The incident as the feed and the platform have it at first (default: the SEV-3). */
  incident?: Incident;
  /** Integrations added or replaced (Statuspage, a PagerDuty that raises urgency…). */
  integrations?: Partial<AftercareIntegrations>;
  /** The feed carries the platform's incident as it is now (default: as it was at first). */
  feedFollowsPlatform?: boolean;
  /** The aftercare store (shared by two set-ups: the app restarted). */
  store?: KeyValueStore<unknown>;
}

/** A started aftercare service over the fakes, with shortcuts to change and read incident INC-7. */
export function setup(opts: ChangeSetup = {}) {
  const slack = new InvitingSlack();
  const pageResolutions: string[] = [];
  let skewMs = opts.skewMs ?? 0;
  const first = opts.incident ?? sev3();
  const integrations: AftercareIntegrations = {
    slack,
    pages: {
      resolvePage: async (id) => {
        pageResolutions.push(id);
        return { id, status: 'resolved' } as unknown as Page;
      },
    },
    pagerduty: {
      resolveIncident: async (id) => ({ id, status: 'resolved' }) as unknown as Page,
      addResponders: async (_id, policies) => {
        opts.pdCalls?.push([...policies]);
      },
    },
    ...opts.integrations,
  };
  const live: { platform?: FakePlatform } = {};
  const h = serviceWith(integrations, first, {
    rotations: () => ({ rotations: roster(), me: ROBIN, skewMs }),
    appState: () =>
      sampleAppState(
        structuredClone(
          (opts.feedFollowsPlatform ? live.platform?.incidents[0] : undefined) ?? first,
        ),
        skewMs,
      ),
    ...(opts.store ? { store: opts.store } : {}),
    ...(opts.declaration ? { declaration: () => opts.declaration } : {}),
    ...(opts.playbook ? { playbook: () => opts.playbook as Playbook } : {}),
    newId: (() => {
      let n = 0;
      return () => `id-${++n}`;
    })(),
  });
  live.platform = h.platform;
  // The harness reads the integrations at each use: the changes client joins the fake platform.
  const changes = new FakeChanges(h.platform);
  integrations.changes = changes;
  const severity = (s: 1 | 2 | 3) =>
    h.service.handlers['incidents:change-severity']({ incidentId: 'INC-7', severity: s });
  const detail = () => h.service.handlers['incidents:get']({ incidentId: 'INC-7' });
  const timeline = async () => (await detail()).entries;
  /** Moves the platform's clock against the laptop's. */
  const setSkew = (ms: number) => {
    skewMs = ms;
  };
  return {
    ...h,
    slack,
    changes,
    integrations,
    severity,
    detail,
    timeline,
    pageResolutions,
    setSkew,
  };
}
