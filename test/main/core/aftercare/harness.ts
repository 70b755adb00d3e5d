/**
 * Builds an aftercare service over given integrations for tests that exercise real clients
 * (the contract tests): one SEV-2 incident whose channel and status page entry are given, the
 * app's user as commander and comms, an in-memory store and a fake clock.
 */
import {
  createAftercareService,
  type AftercareDeps,
  type AftercareIntegrations,
  type AftercareService,
} from '../../../../src/main/core/aftercare/aftercare-service.js';
import {
  DEFAULT_CUSTOMER_EMAIL_TEMPLATE,
  DEFAULT_POST_MORTEM_TEMPLATE,
} from '../../../../src/shared/aftercare/default-templates.js';
import type { PostMortemInput } from '../../../../src/shared/aftercare/views.js';
import type { AppState, Incident, Person } from '../../../../src/shared/domain.js';
import { DEFAULT_PLAYBOOK } from '../../../../src/shared/playbook.js';
import { FakeClock } from '../../../fakes/fake-clock.js';
import { InMemoryStore } from '../../../fakes/in-memory-store.js';
import { RecordingLogger } from '../../../fakes/recording-logger.js';
import { RecordingNotifier } from '../../../fakes/recording-notifier.js';
import { FakePlatform } from './fakes.js';

/** A post-mortem with one-letter texts, no went-well or went-badly points, in UTC. */
export function postMortemDraft(actionItems: PostMortemInput['actionItems'] = []): PostMortemInput {
  return {
    summary: 's',
    impact: 'i',
    rootCause: 'r',
    wentWell: [],
    wentBadly: [],
    actionItems,
    timeZone: 'UTC',
  };
}

/** The app's user. */
export const ROBIN: Person = { id: 'robin', name: 'Robin Ops', email: 'robin@example.com' };

/** One open SEV-2 incident with the given channel id and Statuspage incident id. */
export function sampleIncident(channelId: string, statuspageId: string): Incident {
  return {
    id: 'INC-7',
    severity: 2,
    summary: 'Checkout payments failing',
    status: 'investigating',
    openedAt: '2026-03-02T03:00:00.000Z',
    roles: { commander: ROBIN, comms: ROBIN, investigators: [] },
    links: {
      channel: `https://acme.slack.com/archives/${channelId}`,
      statusPage: `https://manage.statuspage.io/pages/p/incidents/${statuspageId}`,
    },
  };
}

/**
 * The app state with `incident` open on one Zephyr source whose clock runs `skewMs` ahead of the
 * laptop's (0: in step).
 */
export function sampleAppState(incident: Incident, skewMs = 0): AppState {
  return {
    sources: [
      {
        id: 'zephyr',
        kind: 'zephyr',
        label: 'Zephyr',
        demo: false,
        health: { state: 'ok', alarm: false },
        me: ROBIN,
        skewMs,
      },
    ],
    onCall: true,
    myShiftsNow: [],
    myNextShift: null,
    rotations: [],
    pages: [],
    incidents: [{ sourceId: 'zephyr', incident }],
    tray: { state: 'incident', tooltip: '' },
    reachability: { ok: true, problems: [] },
    playbook: { origin: 'default' },
    firstRun: false,
  };
}

/** A started service over `integrations` (a fake platform unless one is given). */
export function serviceWith(
  integrations: AftercareIntegrations,
  incident: Incident,
  extra: Partial<AftercareDeps> = {},
): { service: AftercareService; platform: FakePlatform; clock: FakeClock } {
  const clock = new FakeClock('2026-03-02T03:05:00Z');
  const platform = new FakePlatform([structuredClone(incident)], () => clock.now(), ROBIN);
  const state = (): AppState => sampleAppState(incident);
  const service = createAftercareService({
    clock,
    logger: new RecordingLogger(),
    store: new InMemoryStore<unknown>(),
    playbook: () => DEFAULT_PLAYBOOK,
    notifier: new RecordingNotifier(),
    appState: state,
    integrations: () => ({ platform, ...integrations }),
    readTemplate: (kind) => ({
      text:
        kind === 'customer-email' ? DEFAULT_CUSTOMER_EMAIL_TEMPLATE : DEFAULT_POST_MORTEM_TEMPLATE,
      origin: 'default',
      note: null,
      source: 'Built-in template.',
    }),
    openMailto: async () => true,
    saveFile: async (name) => `/exports/${name}`,
    ...extra,
  });
  service.start();
  return { service, platform, clock };
}
