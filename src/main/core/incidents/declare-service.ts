/**
 * The declare-incident service: answers the wizard's `declarations:*` commands and
 * `integrations:test`, runs declarations through one `DeclarationRunner` (saved before they
 * start, resumed at the next start), and builds the vendor clients from the effective settings
 * and secrets each time they are needed, so a Settings change applies to the next action.
 * Secrets stay here: the renderer only ever reads "connected as …" or what is wrong.
 */
import type { Person, Rotation } from '../../../shared/domain.js';
import { IpcError } from '../../../shared/contract.js';
import type {
  Declaration,
  DeclarationDefaults,
  DeclarationInput,
  IntegrationName,
  IntegrationTestResult,
  RosterPerson,
  SeverityAnswers,
} from '../../../shared/declaration.js';
import type { Playbook } from '../../../shared/playbook.js';
import type { EffectiveConfig } from '../config/resolve-config.js';
import { SKEW_JITTER_MS } from '../feeds/source-runtime.js';
import type { Clock, HandlersFor, KeyValueStore, Logger } from '../ports.js';
import { DeclarationRunner, createDeclaration, isPending } from './declare.js';
import type { DeclarationIntegrations, PagerDutyPaging } from './actions/action.js';
import { errorMessage } from '../integrations/integration-error.js';
import { createLinearClient } from '../integrations/linear-client.js';
import {
  defaultRoles,
  planDeclaration,
  suggestSeverity,
  type ConnectedIntegrations,
} from './plan.js';
import { createPlatformIncidentsClient } from '../integrations/platform-incidents-client.js';
import { createSlackClient } from '../integrations/slack-client.js';
import { createStatuspageClient } from '../integrations/statuspage-client.js';

/** The commands this service answers. */
export type DeclareCommandName =
  | 'declarations:defaults'
  | 'declarations:plan'
  | 'declarations:start'
  | 'declarations:list'
  | 'declarations:get'
  | 'declarations:retry-action'
  | 'integrations:test'
  | 'declarations:pagerduty-services';

/** Where the Zephyr platform is (the configured one, or the embedded demo) and its token. */
export interface PlatformTarget {
  url: string;
  token: string;
}

/** The rotation feed of the Zephyr source, as the app service last read it. */
export interface RotationSnapshot {
  rotations: Rotation[];
  me: Person | undefined;
  /** Platform clock minus laptop clock: shifts are compared with platform time. */
  skewMs: number;
}

/** What the service needs from the app. */
export interface DeclareServiceDeps {
  clock: Clock;
  logger: Logger;
  /** The `declarations` store. */
  store: KeyValueStore<unknown[]>;
  playbook: () => Playbook;
  /** The configuration in force now (env over settings file over defaults, and secrets). */
  config: () => EffectiveConfig;
  /** The Zephyr platform to declare on; `undefined` when none runs (e.g. PagerDuty only). */
  platform: () => PlatformTarget | undefined;
  /** The Zephyr source's rotations; `undefined` before the first read. */
  rotations: () => RotationSnapshot | undefined;
  /** Called with the declaration after every change (the `declarations:changed` event). */
  onChanged?: (declaration: Declaration) => void;
  /**
   * Polls the feeds now: called once per declaration when it has opened its platform incident,
   * so the incident shows in the console at once rather than at the incidents feed's next poll.
   */
  refreshFeeds?: () => void;
  /**
   * The PagerDuty source the composition built for the configured token (the same one that
   * polls), or `undefined` when PagerDuty is not connected.
   */
  pagerduty?: () => PagerDutyPaging | undefined;
  /** Each token a client is built with, so the logger can redact it. */
  onSecret?: (secret: string) => void;
  /** The HTTP `fetch` of every client (tests). */
  fetch?: typeof fetch;
}

/** The service composed by `compose.ts`. */
export interface DeclareService {
  readonly handlers: HandlersFor<DeclareCommandName>;
  /** Resumes every declaration the app stopped in the middle of (call once at start). */
  resumePending(): Promise<Declaration[]>;
  /** The declaration that opened platform incident `incidentId` (its channel, status page…). */
  findDeclarationByIncident(incidentId: string): Declaration | undefined;
  /** The integrations as configured now (built afresh at each call). */
  integrations(): DeclarationIntegrations;
}

/** A message naming what is missing, for each integration that is not set up. */
function missing(config: EffectiveConfig, name: IntegrationName): string | undefined {
  const { settings } = config;
  const need: string[] = [];
  if (name === 'slack' && !config.secret('slackToken')) need.push('a Slack bot token');
  if (name === 'statuspage') {
    if (!config.secret('statuspageToken')) need.push('a Statuspage API key');
    if (!settings.statuspagePageId.trim()) need.push('a Statuspage page ID');
  }
  if (name === 'linear') {
    if (!config.secret('linearToken')) need.push('a Linear API key');
    if (!settings.linearTeam.trim()) need.push('a Linear team');
  }
  return need.length
    ? `Not set up: add ${need.join(' and ')} in Settings → Integrations`
    : undefined;
}

/**
 * The clients for every integration that is configured: a token (and a page id or a team where
 * one is needed) in the effective configuration. The platform is the configured one or the demo.
 */
export function buildIntegrations(args: {
  config: EffectiveConfig;
  platform: PlatformTarget | undefined;
  logger?: Logger;
  /** The composition's PagerDuty source, when PagerDuty is connected. */
  pagerduty?: PagerDutyPaging;
  fetch?: typeof fetch;
  onSecret?: (secret: string) => void;
}): DeclarationIntegrations {
  const { config, logger } = args;
  const { settings } = config;
  const fetchOpt = args.fetch ? { fetch: args.fetch } : {};
  const integrations: DeclarationIntegrations = {};
  if (args.platform) {
    args.onSecret?.(args.platform.token);
    integrations.platform = createPlatformIncidentsClient({
      baseUrl: args.platform.url,
      token: args.platform.token,
      ...fetchOpt,
    });
  }
  const slackToken = config.secret('slackToken');
  if (slackToken && !missing(config, 'slack')) {
    args.onSecret?.(slackToken);
    integrations.slack = createSlackClient({
      token: slackToken,
      ...(settings.slackApiUrl ? { slackApiUrl: settings.slackApiUrl } : {}),
      ...(logger ? { logger } : {}),
      ...fetchOpt,
    });
  }
  const statuspageToken = config.secret('statuspageToken');
  if (statuspageToken && !missing(config, 'statuspage')) {
    args.onSecret?.(statuspageToken);
    integrations.statuspage = createStatuspageClient({
      apiKey: statuspageToken,
      pageId: settings.statuspagePageId.trim(),
      ...(settings.statuspageApiUrl ? { apiUrl: settings.statuspageApiUrl } : {}),
      ...fetchOpt,
    });
  }
  const linearToken = config.secret('linearToken');
  if (linearToken && !missing(config, 'linear')) {
    args.onSecret?.(linearToken);
    integrations.linear = {
      client: createLinearClient({
        token: linearToken,
        ...(settings.linearApiUrl ? { apiUrl: settings.linearApiUrl } : {}),
        ...fetchOpt,
      }),
      team: settings.linearTeam.trim(),
    };
  }
  const pagerdutyToken = config.secret('pagerdutyToken');
  if (pagerdutyToken && args.pagerduty) {
    args.onSecret?.(pagerdutyToken);
    integrations.pagerduty = args.pagerduty;
  }
  return integrations;
}

/** Which integrations `integrations` holds (what the plan says will run or be skipped). */
export function connectedOf(integrations: DeclarationIntegrations): ConnectedIntegrations {
  return {
    platform: integrations.platform !== undefined,
    slack: integrations.slack !== undefined,
    statuspage: integrations.statuspage !== undefined,
    linear: integrations.linear !== undefined,
    pagerduty: integrations.pagerduty !== undefined,
  };
}

/** Everyone on the rotation feed, each once, with the shifts they are on at `now`. */
function rosterOf(rotations: Rotation[], now: number): RosterPerson[] {
  const byId = new Map<string, RosterPerson>();
  for (const rotation of rotations) {
    for (const shift of rotation.shifts) {
      const entry = byId.get(shift.person.id) ?? { person: shift.person, onShift: [] };
      byId.set(shift.person.id, entry);
      if (Date.parse(shift.start) <= now && now < Date.parse(shift.end)) {
        const label = `${rotation.name}, level ${shift.level}`;
        if (!entry.onShift.includes(label)) entry.onShift.push(label);
      }
    }
  }
  return [...byId.values()].sort(
    (a, b) =>
      Number(b.onShift.length > 0) - Number(a.onShift.length > 0) ||
      a.person.name.localeCompare(b.person.name),
  );
}

/** Tests one connection: "connected as …", or what is missing or wrong. */
async function testIntegration(
  deps: Pick<DeclareServiceDeps, 'config' | 'platform'>,
  integrations: () => DeclarationIntegrations,
  name: IntegrationName,
): Promise<IntegrationTestResult> {
  const config = deps.config();
  if (name === 'platform') {
    const target = deps.platform();
    if (!target) {
      return {
        ok: false,
        message: 'Not set up: no Zephyr platform runs (set the platform URL and token)',
      };
    }
  } else {
    const gap = missing(config, name);
    if (gap) return { ok: false, message: gap };
  }
  const clients = integrations();
  try {
    if (name === 'platform' && clients.platform) {
      const me = await clients.platform.whoAmI();
      return { ok: true, message: `Connected as ${me.name} <${me.email}>` };
    }
    if (name === 'slack' && clients.slack) {
      const me = await clients.slack.testConnection();
      return { ok: true, message: `Connected as ${me.user} on ${me.team}` };
    }
    if (name === 'statuspage' && clients.statuspage) {
      const page = await clients.statuspage.testConnection();
      return { ok: true, message: `Connected to the status page “${page.pageName}”` };
    }
    if (name === 'linear' && clients.linear) {
      const me = await clients.linear.client.testConnection();
      const team = await clients.linear.client.findTeam(clients.linear.team);
      return {
        ok: true,
        message: `Connected as ${me.name} in ${me.workspace}; tickets go to ${team.name} (${team.key})`,
      };
    }
    return { ok: false, message: 'Not set up' };
  } catch (err) {
    return { ok: false, message: errorMessage(err) };
  }
}

/** The wizard's defaults: me, the default roles, everyone on the feed, services, a severity. */
function defaultsOf(
  { rotations, me, now }: { rotations: Rotation[]; me: Person | undefined; now: number },
  service: string | undefined,
  answers: SeverityAnswers,
  pagerdutyConnected: boolean,
): DeclarationDefaults {
  const roles = me
    ? defaultRoles({ rotations, me, now, ...(service ? { service } : {}) })
    : { investigators: [] };
  const services = [
    ...new Set(
      rotations.filter((r) => r.kind === 'service' && r.service).map((r) => r.service as string),
    ),
  ].sort();
  return {
    me: me ?? null,
    roles,
    people: rosterOf(rotations, now),
    services,
    suggestion: suggestSeverity(answers),
    pagerdutyConnected,
  };
}

/**
 * Saves and starts `declaration`; answers once it is saved (the run goes on), or throws
 * `unavailable` when it could not be saved, so nothing was done.
 */
async function start(
  runner: DeclarationRunner,
  declaration: Declaration,
  logger: Logger,
): Promise<{ id: string }> {
  // `declare` saves synchronously before its first await: when we answer, it is on disk.
  const running = runner.declare(declaration);
  if (!runner.get(declaration.id)) {
    const err = await running.then(
      () => undefined,
      (e: unknown) => e,
    );
    throw new IpcError(
      'unavailable',
      `The declaration could not be saved, so nothing was done: ${errorMessage(err)}`,
    );
  }
  running.catch((err: unknown) =>
    logger.error('declaration: run stopped', {
      id: declaration.id,
      error: errorMessage(err),
    }),
  );
  return { id: declaration.id };
}

/** The PagerDuty services matching `query`, or `unavailable` saying why not. */
async function listPagerDutyServices(
  pagerduty: PagerDutyPaging | undefined,
  query: string | undefined,
): ReturnType<PagerDutyPaging['listServices']> {
  if (!pagerduty) {
    throw new IpcError(
      'unavailable',
      'PagerDuty is not connected: add a PagerDuty API token in Settings to page through it.',
    );
  }
  try {
    return await pagerduty.listServices(query, new AbortController().signal);
  } catch (err) {
    throw new IpcError(
      'unavailable',
      `Could not list the PagerDuty services: ${errorMessage(err)}`,
    );
  }
}

/**
 * The clock a declaration is stamped with: the platform's time (the laptop's plus the measured
 * skew), as are the incident it opens and the updates its timeline entries are merged with; never
 * earlier than the last time it gave by less than the skew's jitter (it is measured to the
 * second), so the declaration's steps keep their order.
 */
function platformClockOf(deps: Pick<DeclareServiceDeps, 'clock' | 'rotations'>): Clock {
  let lastStamp = 0;
  return {
    now: () => {
      const t = deps.clock.now() + (deps.rotations()?.skewMs ?? 0);
      lastStamp = t < lastStamp && lastStamp - t < SKEW_JITTER_MS ? lastStamp : t;
      return lastStamp;
    },
    setTimeout: (fn, ms) => deps.clock.setTimeout(fn, ms),
    clearTimeout: (handle) => deps.clock.clearTimeout(handle),
  };
}

/** Builds the service. Nothing runs until a command arrives or `resumePending()` is called. */
export function createDeclareService(deps: DeclareServiceDeps): DeclareService {
  const integrations = (): DeclarationIntegrations => {
    const pagerduty = deps.pagerduty?.();
    return buildIntegrations({
      config: deps.config(),
      platform: deps.platform(),
      logger: deps.logger,
      ...(pagerduty ? { pagerduty } : {}),
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
      ...(deps.onSecret ? { onSecret: deps.onSecret } : {}),
    });
  };
  const platformClock = platformClockOf(deps);
  const runner = new DeclarationRunner({
    clock: platformClock,
    logger: deps.logger,
    store: deps.store,
    playbook: deps.playbook,
    integrations,
  });
  const refreshed = new Set<string>();
  runner.onProgress(({ declaration }) => {
    deps.onChanged?.(declaration);
    if (declaration.results.incidentId && !refreshed.has(declaration.id)) {
      refreshed.add(declaration.id);
      deps.refreshFeeds?.();
    }
  });

  const feed = (): { rotations: Rotation[]; me: Person | undefined; now: number } => {
    const snapshot = deps.rotations();
    return {
      rotations: snapshot?.rotations ?? [],
      me: snapshot?.me,
      now: deps.clock.now() + (snapshot?.skewMs ?? 0),
    };
  };

  const plan = (input: DeclarationInput) => {
    const { rotations, me, now } = feed();
    const result = planDeclaration(input, {
      playbook: deps.playbook(),
      rotations,
      now,
      ...(me ? { me } : {}),
      connected: connectedOf(integrations()),
    });
    if (rotations.length === 0 && input.paging?.via !== 'pagerduty') {
      result.warnings.unshift(
        'The rotation feed has not been read yet: nobody can be paged until it is.',
      );
    }
    return result;
  };

  const getOrThrow = (id: string): Declaration => {
    const found = runner.get(id);
    if (!found) throw new IpcError('not-found', `There is no declaration with id ${id}.`);
    return found;
  };

  const handlers: HandlersFor<DeclareCommandName> = {
    'declarations:defaults': async ({ service, answers }) =>
      defaultsOf(feed(), service, answers, integrations().pagerduty !== undefined),
    'declarations:plan': async ({ input }) => plan(input),
    'declarations:start': async ({ input }) => {
      const planned = plan(input);
      // The review's blockers hold here too: a client that skips the review starts nothing.
      if (planned.blockers.length > 0) {
        throw new IpcError('conflict', `Not declared: ${planned.blockers.join(' ')}`);
      }
      const me = feed().me;
      const declaration = createDeclaration({
        input,
        ...(me ? { declaredBy: me } : {}),
        paged: planned.pagedPeople,
        pageTargets: planned.pageTargets,
        invitees: planned.invitees,
        channelName: planned.channelName,
        now: platformClock.now(),
      });
      return start(runner, declaration, deps.logger);
    },
    'declarations:list': async () => ({ declarations: runner.list() }),
    'declarations:get': async ({ id }) => getOrThrow(id),
    'declarations:retry-action': async ({ id, actionId }) => {
      const declaration = getOrThrow(id);
      const status = declaration.actions[actionId]?.status;
      if (status !== 'failed' && status !== 'skipped') {
        throw new IpcError(
          'conflict',
          `That action is ${status ?? 'unknown'}: only a failed or skipped action can be retried.`,
        );
      }
      runner
        .retryAction(id, actionId)
        .catch((err: unknown) =>
          deps.logger.error('declaration: retry stopped', { id, error: errorMessage(err) }),
        );
      return { accepted: true };
    },
    'integrations:test': async ({ integration }) =>
      testIntegration(deps, integrations, integration),
    'declarations:pagerduty-services': async ({ query }) =>
      listPagerDutyServices(integrations().pagerduty, query),
  };

  return {
    handlers,
    async resumePending() {
      try {
        return await runner.resumePending();
      } catch (err) {
        deps.logger.error('declaration: could not resume', { error: errorMessage(err) });
        try {
          return runner.list().filter(isPending);
        } catch {
          // The saved list is unreadable too: nothing to resume, and start-up goes on.
          return [];
        }
      }
    },
    findDeclarationByIncident: (incidentId) =>
      runner.list().find((d) => d.results.incidentId === incidentId),
    integrations,
  };
}
