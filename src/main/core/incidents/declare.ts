/**
 * The declaration runner: runs a declaration's actions one after another (platform incident,
 * pages, Slack channel, topic, invites, status page, Linear ticket, kick-off, runbook, and last
 * the links PATCH that puts the channel, status page, ticket and runbook on the platform
 * incident), saving the declaration before it starts and after every action (and every page), so that a crash or
 * quit resumes where it stopped without a second channel, ticket, status page entry or page:
 * platform calls carry Idempotency-Keys derived from the declaration id, and every other action
 * that may already have happened looks for its earlier result before creating anything.
 *
 * One failed action does not undo the others. Actions that need a failed one (the invite needs
 * the channel) fail as blocked, naming it; the rest go on. `retryAction` runs a failed or
 * skipped action again, with whatever it blocked.
 *
 * Paging through PagerDuty (`input.paging.via === 'pagerduty'`): the `pages` action opens ONE
 * PagerDuty incident on the chosen service instead of the platform's pages. Its `incident_key` is
 * derived from the declaration id, so PagerDuty itself refuses a second open one; on a resumed or
 * retried attempt the runner also looks the key up first (`GET /incidents?incident_key=`), which
 * finds it even once resolved, and after a refused create it looks again before failing.
 */
import { randomUUID } from 'node:crypto';
import type { Person } from '../../../shared/domain.js';
import {
  ACTION_IDS,
  Declaration,
  DeclarationInput,
  type ActionId,
  type ActionState,
  type PagedPerson,
  type PageTarget,
} from '../../../shared/declaration.js';
import type { Playbook } from '../../../shared/playbook.js';
import type { Clock, KeyValueStore, Logger } from '../ports.js';
import { errorMessage } from './integration-error.js';
import { derivedUuid, type LinearClient } from './linear-client.js';
import type { PagerDutySource } from '../pagerduty/pagerduty-source.js';
import type { PlatformIncidentsClient } from './platform-incidents-client.js';
import {
  actionLabel,
  pagerdutyUrgency,
  pagingOf,
  severityRule,
  skipReason,
  type ConnectedIntegrations,
} from './plan.js';
import type { SlackClient } from './slack-client.js';
import type { StatuspageClient } from './statuspage-client.js';

/** Name of the store that keeps every declaration (a list, keyed by `id`). */
export const DECLARATIONS_STORE = 'declarations';

/** The integrations configured right now; absent ones make their actions `skipped`. */
export interface DeclarationIntegrations {
  platform?: PlatformIncidentsClient;
  slack?: SlackClient;
  statuspage?: StatuspageClient;
  /** The client and the team (key or id) tickets go to. */
  linear?: { client: LinearClient; team: string };
  /** PagerDuty, when a token is set: declarations may page through it. */
  pagerduty?: PagerDutyPaging;
}

/** What a declaration needs of PagerDuty (`PagerDutySource` has it). */
export type PagerDutyPaging = Pick<
  PagerDutySource,
  'createIncident' | 'findIncidentByKey' | 'listServices'
>;

/** What the runner needs. `integrations` is asked at each run so Settings changes apply. */
export interface DeclarationDeps {
  clock: Clock;
  logger: Logger;
  /** The `declarations` store: a list of declarations (others' entries are kept as they are). */
  store: KeyValueStore<unknown[]>;
  playbook: () => Playbook;
  integrations: () => DeclarationIntegrations;
}

/** One progress event for the Run screen: the whole declaration after a change. */
export interface DeclarationProgress {
  declaration: Declaration;
  /** The action that changed, when one did. */
  actionId?: ActionId;
}

/** Thrown when the declaration cannot be saved: the run stops so a restart cannot repeat work. */
export class DeclarationSaveError extends Error {
  constructor(cause: unknown) {
    super(
      `could not save the declaration (${errorMessage(cause)}): stopped so that nothing is done twice; it resumes at the next start`,
      { cause },
    );
    this.name = 'DeclarationSaveError';
  }
}

/** Actions that need the Slack channel. */
const NEEDS_CHANNEL: ReadonlySet<ActionId> = new Set([
  'slack-topic',
  'slack-invite',
  'slack-kickoff',
  'slack-runbook',
]);

/** Actions whose result is a link the platform incident shows. */
const LINKED: ReadonlySet<ActionId> = new Set(['slack-channel', 'statuspage', 'linear']);

/**
 * A new declaration with every action `waiting`. `paged` and `channelName` come from the plan
 * the user reviewed, so a resume pages the same people and names the same channel.
 */
export function createDeclaration(args: {
  input: DeclarationInput;
  paged: PagedPerson[];
  /** The plan's pages; without them, one page per `paged` person. */
  pageTargets?: PageTarget[];
  /** The plan's invite list; without it, the role holders. */
  invitees?: Person[];
  channelName: string;
  now: number;
  id?: string;
}): Declaration {
  const input = DeclarationInput.parse(args.input);
  const at = new Date(args.now).toISOString();
  const actions = Object.fromEntries(
    ACTION_IDS.map((id): [ActionId, ActionState] => [id, { status: 'waiting', updatedAt: at }]),
  ) as Record<ActionId, ActionState>;
  return Declaration.parse({
    id: args.id ?? randomUUID(),
    createdAt: at,
    input,
    paged: args.paged,
    ...(args.pageTargets ? { pageTargets: args.pageTargets } : {}),
    ...(args.invitees ? { invitees: args.invitees } : {}),
    channelName: args.channelName,
    actions,
    results: { pageIds: [], pagedIds: {} },
  });
}

/** The Idempotency-Key of a declaration's platform incident. */
export function incidentKey(declarationId: string): string {
  return `${declarationId}:incident`;
}

/** The PagerDuty `incident_key` of a declaration that pages through PagerDuty. */
export function pagerdutyIncidentKey(declarationId: string): string {
  return `zephyr-declaration:${declarationId}`;
}

/** The Idempotency-Key of a declaration's page to one person. */
export function pageKey(declarationId: string, personId: string): string {
  return `${declarationId}:page:${personId}`;
}

/** The Linear issue id a declaration uses (a UUID derived from the declaration id). */
export function linearIssueId(declarationId: string): string {
  return derivedUuid(`${declarationId}:linear`);
}

/** True while any action is still to run (waiting, or running when the app stopped). */
export function isPending(declaration: Declaration): boolean {
  return Object.values(declaration.actions).some(
    (a) => a.status === 'waiting' || a.status === 'running',
  );
}

/** Runs and resumes declarations; one instance per app. */
export class DeclarationRunner {
  private cache: unknown[] | undefined;
  private readonly inFlight = new Map<string, Promise<Declaration>>();
  private readonly listeners = new Set<(progress: DeclarationProgress) => void>();

  constructor(private readonly deps: DeclarationDeps) {}

  /** Subscribes to progress; returns the unsubscribe function. */
  onProgress(listener: (progress: DeclarationProgress) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every stored declaration that parses, newest first. Unreadable entries are logged and kept. */
  list(): Declaration[] {
    return this.load()
      .map((raw) => Declaration.safeParse(raw))
      .flatMap((r) => (r.success ? [r.data] : []))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** The stored declaration `id`, or `undefined`. */
  get(id: string): Declaration | undefined {
    return this.list().find((d) => d.id === id);
  }

  /** Saves `declaration` (new or known) and runs it to the end. Resolves with its final state. */
  async declare(declaration: Declaration): Promise<Declaration> {
    this.save(declaration);
    return this.run(declaration.id);
  }

  /** Runs every action of `id` still waiting or interrupted; the same promise while one runs. */
  run(id: string): Promise<Declaration> {
    const running = this.inFlight.get(id);
    if (running) return running;
    const declaration = this.get(id);
    if (!declaration) return Promise.reject(new Error(`no declaration with id '${id}'`));
    const promise = this.execute(declaration).finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, promise);
    return promise;
  }

  /** Runs a failed or skipped action again, with the actions it blocked. */
  async retryAction(id: string, actionId: ActionId): Promise<Declaration> {
    await this.inFlight.get(id)?.catch(() => undefined);
    const declaration = this.get(id);
    if (!declaration) throw new Error(`no declaration with id '${id}'`);
    const state = declaration.actions[actionId];
    if (state?.status !== 'failed' && state?.status !== 'skipped') {
      throw new Error(
        `'${actionId}' is ${state?.status ?? 'unknown'}: only a failed or skipped action can be retried`,
      );
    }
    const at = this.nowIso();
    for (const other of ACTION_IDS) {
      const s = declaration.actions[other];
      if (
        other === actionId ||
        (s?.status === 'failed' && s.blockedBy === actionId) ||
        (actionId === 'slack-channel' && NEEDS_CHANNEL.has(other) && s?.status === 'skipped') ||
        // A link made by the retry must reach the platform incident too.
        (other === 'platform-links' && LINKED.has(actionId) && s?.status === 'done')
      ) {
        declaration.actions[other] = {
          status: 'waiting',
          attempts: s?.attempts ?? 0,
          updatedAt: at,
        };
      }
    }
    this.save(declaration);
    this.emit(declaration, actionId);
    return this.run(id);
  }

  /** Resumes every declaration with actions still waiting or interrupted (call once at start). */
  async resumePending(): Promise<Declaration[]> {
    const pending = this.list().filter(isPending);
    const results: Declaration[] = [];
    for (const d of pending) {
      this.deps.logger.info('declaration: resuming', { id: d.id });
      results.push(await this.run(d.id));
    }
    return results;
  }

  private async execute(declaration: Declaration): Promise<Declaration> {
    const integrations = this.deps.integrations();
    const playbook = this.deps.playbook();
    const rule = severityRule(playbook, declaration.input.severity);
    const connected: ConnectedIntegrations = {
      platform: integrations.platform !== undefined,
      slack: integrations.slack !== undefined,
      statuspage: integrations.statuspage !== undefined,
      linear: integrations.linear !== undefined,
      pagerduty: integrations.pagerduty !== undefined,
    };
    const paging = pagingOf(declaration.input);
    for (const id of ACTION_IDS) {
      const state = declaration.actions[id];
      if (!state || (state.status !== 'waiting' && state.status !== 'running')) continue;
      const reason = skipReason(id, {
        connected,
        rule,
        pagedCount: pageTargetsOf(declaration).length,
        paging,
        ...(declaration.input.statusPageOptOut
          ? { statusPageOptOut: declaration.input.statusPageOptOut }
          : {}),
      });
      if (reason) {
        this.setState(declaration, id, { status: 'skipped', error: reason });
        continue;
      }
      const incident = declaration.actions['platform-incident'];
      if (id === 'platform-links' && incident?.status !== 'done') {
        this.setState(declaration, id, {
          status: 'failed',
          blockedBy: 'platform-incident',
          error: 'Needs the platform incident, which was not opened; retry the incident first',
        });
        continue;
      }
      const channel = declaration.actions['slack-channel'];
      if (NEEDS_CHANNEL.has(id) && channel?.status !== 'done') {
        this.setState(declaration, id, {
          status: 'failed',
          blockedBy: 'slack-channel',
          error: `Needs the Slack channel, which ${channel?.status === 'failed' ? 'failed' : 'was not created'}; retry the channel first`,
        });
        continue;
      }
      const resumed = state.status === 'running' || (state.attempts ?? 0) > 0;
      this.setState(declaration, id, {
        status: 'running',
        attempts: (state.attempts ?? 0) + 1,
        detail: actionLabel(id, {
          rule,
          channelName: declaration.channelName,
          pagedCount: declaration.paged.length,
          playbook,
          paging,
        }),
      });
      try {
        const outcome = await this.perform(id, declaration, integrations, playbook, resumed);
        this.setState(declaration, id, { status: 'done', ...outcome });
      } catch (err) {
        if (err instanceof DeclarationSaveError) throw err;
        this.deps.logger.warn('declaration: action failed', {
          id: declaration.id,
          action: id,
          error: errorMessage(err),
        });
        this.setState(declaration, id, { status: 'failed', error: errorMessage(err) });
      }
    }
    return declaration;
  }

  /** Does one action; answers what to show. Saves intermediate results where a crash could lose them. */
  private async perform(
    id: ActionId,
    d: Declaration,
    integrations: DeclarationIntegrations,
    playbook: Playbook,
    resumed: boolean,
  ): Promise<{ detail?: string; link?: string }> {
    const r = d.results;
    const input = d.input;
    const rule = severityRule(playbook, input.severity);
    const platform = integrations.platform;
    const slack = integrations.slack;
    switch (id) {
      case 'platform-incident': {
        if (!platform) throw new Error('The Zephyr platform is not connected');
        if (!r.incidentId) {
          const incident = await platform.createIncident(
            {
              severity: input.severity,
              summary: input.summary,
              ...(input.service ? { service: input.service } : {}),
              ...(input.region ? { region: input.region } : {}),
              roles: {
                commander: input.roles.commander,
                ...(input.roles.comms ? { comms: input.roles.comms } : {}),
                investigators: input.roles.investigators,
              },
            },
            incidentKey(d.id),
          );
          r.incidentId = incident.id;
        }
        return { detail: `Incident ${r.incidentId} opened` };
      }
      case 'pages': {
        const paging = pagingOf(input);
        if (paging.via === 'pagerduty') {
          return this.pageThroughPagerDuty(d, paging, integrations.pagerduty, rule.name, resumed);
        }
        if (!platform) throw new Error('The Zephyr platform is not connected');
        const failures: string[] = [];
        for (const t of pageTargetsOf(d)) {
          const key = targetKey(t);
          if (r.pagedIds[key]) continue;
          try {
            const page = await platform.createPage(
              {
                title: `${rule.name}: ${input.summary}`,
                severity: input.severity,
                ...(input.service ? { service: input.service } : {}),
                ...(r.incidentId ? { incidentId: r.incidentId } : {}),
                target: t.target,
              },
              pageKey(d.id, key),
            );
            r.pagedIds[key] = page.id;
            if (!r.pageIds.includes(page.id)) r.pageIds.push(page.id);
            this.save(d);
          } catch (err) {
            if (err instanceof DeclarationSaveError) throw err;
            failures.push(`${t.label}: ${errorMessage(err)}`);
          }
        }
        if (failures.length > 0) {
          throw new Error(`Could not page ${failures.join('; ')}`);
        }
        return {
          detail: `Paged ${pageTargetsOf(d)
            .map((t) => t.label)
            .join(', ')}`,
        };
      }
      case 'slack-channel': {
        if (!slack) throw new Error('Slack is not connected');
        if (!r.channelId && resumed) {
          const names = [
            d.channelName,
            ...Array.from({ length: 19 }, (_, i) => `${d.channelName}-${i + 2}`),
          ];
          const found = await slack.findChannelForDeclaration(d.id, names);
          if (found) {
            r.channelId = found.id;
            r.channelName = found.name;
          }
        }
        if (!r.channelId) {
          const created = await slack.createChannel(d.channelName);
          r.channelId = created.id;
          r.channelName = created.name;
          this.save(d);
        }
        await slack.setPurpose(r.channelId, purposeText(d, rule.name));
        r.channelUrl = await slack.channelUrl(r.channelId);
        return { detail: `#${r.channelName ?? d.channelName}`, link: r.channelUrl };
      }
      case 'slack-topic': {
        if (!slack || !r.channelId) throw new Error('Slack is not connected');
        await slack.setTopic(r.channelId, topicText(d, rule.name));
        return { detail: 'Topic and purpose set' };
      }
      case 'slack-invite': {
        if (!slack || !r.channelId) throw new Error('Slack is not connected');
        const people = d.invitees ?? rolePeople(d);
        const { found, missing } = await slack.lookupUsers(people);
        await slack.invite(
          r.channelId,
          found.map((f) => f.userId),
        );
        const invited = `Invited ${found.map((f) => f.person.name).join(', ') || 'nobody'}`;
        return {
          detail: missing.length
            ? `${invited}; not found in Slack: ${missing.map((m) => `${m.name} <${m.email}>`).join(', ')}`
            : invited,
        };
      }
      case 'statuspage': {
        const statuspage = integrations.statuspage;
        if (!statuspage) throw new Error('Statuspage is not connected');
        if (!r.statusPageIncidentId && resumed) {
          const found = await statuspage.findIncidentForDeclaration(d.id);
          if (found) {
            r.statusPageIncidentId = found.id;
            r.statusPageUrl = found.url;
          }
        }
        if (!r.statusPageIncidentId) {
          const created = await statuspage.createIncident({
            name: input.summary,
            body: 'We are investigating this issue and will post an update within 15 minutes.',
            impact: rule.statusPageImpact,
            declarationId: d.id,
          });
          r.statusPageIncidentId = created.id;
          r.statusPageUrl = created.url;
        }
        return {
          detail: 'Status page says "investigating"',
          ...(r.statusPageUrl ? { link: r.statusPageUrl } : {}),
        };
      }
      case 'linear': {
        const linear = integrations.linear;
        if (!linear) throw new Error('Linear is not connected');
        const issueId = linearIssueId(d.id);
        if (!r.linearIssueId && resumed) {
          const found = await linear.client.findIssue(issueId);
          if (found)
            Object.assign(r, {
              linearIssueId: found.id,
              linearIssueIdentifier: found.identifier,
              linearIssueUrl: found.url,
            });
        }
        if (!r.linearIssueId) {
          const team = await linear.client.findTeam(linear.team);
          const labelIds = [
            await linear.client.ensureLabel(team.id, playbook.linear.incidentLabel),
            await linear.client.ensureLabel(team.id, rule.name),
          ];
          let issue;
          try {
            issue = await linear.client.createIssue({
              id: issueId,
              teamId: team.id,
              title: `${rule.name}: ${input.summary}`,
              description: ticketText(d, rule.name),
              labelIds,
            });
          } catch (err) {
            // The first attempt may have created it and lost the answer: the id is taken then.
            issue = await linear.client.findIssue(issueId);
            if (!issue) throw err;
          }
          Object.assign(r, {
            linearIssueId: issue.id,
            linearIssueIdentifier: issue.identifier,
            linearIssueUrl: issue.url,
          });
        }
        return {
          detail: `Ticket ${r.linearIssueIdentifier ?? r.linearIssueId}`,
          ...(r.linearIssueUrl ? { link: r.linearIssueUrl } : {}),
        };
      }
      case 'slack-kickoff': {
        if (!slack || !r.channelId) throw new Error('Slack is not connected');
        const marker = `kick-off · ${d.id}`;
        if (!r.kickoffTs && resumed) r.kickoffTs = await this.findOwn(slack, r.channelId, marker);
        r.kickoffTs ??= (
          await slack.postMessage(r.channelId, kickoffText(d, rule.name, marker))
        ).ts;
        return { detail: 'Kick-off posted' };
      }
      case 'slack-runbook': {
        if (!slack || !r.channelId) throw new Error('Slack is not connected');
        const marker = `runbook · ${d.id}`;
        if (!r.runbookTs && resumed) r.runbookTs = await this.findOwn(slack, r.channelId, marker);
        if (!r.runbookTs) {
          r.runbookTs = (
            await slack.postMessage(
              r.channelId,
              `:book: Runbook: ${playbook.runbookUrl}\n_${marker}_`,
            )
          ).ts;
          this.save(d);
        }
        await slack.pin(r.channelId, r.runbookTs);
        return { detail: 'Runbook pinned', link: playbook.runbookUrl };
      }
      case 'platform-links': {
        if (!platform || !r.incidentId) throw new Error('The Zephyr platform is not connected');
        const links = {
          ...(r.channelUrl ? { channel: r.channelUrl } : {}),
          ...(r.statusPageUrl ? { statusPage: r.statusPageUrl } : {}),
          ...(r.linearIssueUrl ? { ticket: r.linearIssueUrl } : {}),
          runbook: playbook.runbookUrl,
        };
        await platform.updateIncidentLinks(r.incidentId, links);
        const names = [
          links.channel ? 'channel' : undefined,
          links.statusPage ? 'status page' : undefined,
          links.ticket ? 'ticket' : undefined,
          'runbook',
        ].filter((n): n is string => n !== undefined);
        return { detail: `Incident ${r.incidentId} links: ${names.join(', ')}` };
      }
    }
  }

  /** The `pages` action through PagerDuty: one incident on the service, never a second. */
  private async pageThroughPagerDuty(
    d: Declaration,
    paging: { serviceId: string; serviceName: string },
    pagerduty: PagerDutyPaging | undefined,
    sevName: string,
    resumed: boolean,
  ): Promise<{ detail?: string; link?: string }> {
    if (!pagerduty) throw new Error('PagerDuty is not connected');
    const r = d.results;
    const key = pagerdutyIncidentKey(d.id);
    // The HTTP layer times out on the app clock; nothing else cancels a declaration's action.
    const signal = new AbortController().signal;
    if (!r.pagerdutyIncidentId) {
      let incident = resumed ? await pagerduty.findIncidentByKey(key, signal) : undefined;
      if (!incident) {
        try {
          incident = await pagerduty.createIncident(
            {
              serviceId: paging.serviceId,
              title: `${sevName}: ${d.input.summary}`,
              urgency: pagerdutyUrgency(d.input.severity),
              incidentKey: key,
            },
            signal,
          );
        } catch (err) {
          // An earlier attempt may have opened it and lost the answer: PagerDuty refuses the key then.
          incident = await pagerduty.findIncidentByKey(key, signal).catch(() => undefined);
          if (!incident) throw err;
        }
      }
      r.pagerdutyIncidentId = incident.id;
      if (incident.links?.incident) r.pagerdutyIncidentUrl = incident.links.incident;
      this.save(d);
    }
    return {
      detail: `PagerDuty incident ${r.pagerdutyIncidentId} opened on ${paging.serviceName}; platform pages skipped: paged through PagerDuty`,
      ...(r.pagerdutyIncidentUrl ? { link: r.pagerdutyIncidentUrl } : {}),
    };
  }

  /** Looks for an earlier message; a failed look (e.g. no history scope) posts again rather than not at all. */
  private async findOwn(
    slack: SlackClient,
    channelId: string,
    marker: string,
  ): Promise<string | undefined> {
    try {
      return await slack.findOwnMessage(channelId, marker);
    } catch (err) {
      this.deps.logger.warn('declaration: could not check for an earlier message', {
        error: errorMessage(err),
      });
      return undefined;
    }
  }

  private setState(d: Declaration, id: ActionId, next: Omit<ActionState, 'updatedAt'>): void {
    const attempts = next.attempts ?? d.actions[id]?.attempts;
    d.actions[id] = {
      ...next,
      ...(attempts !== undefined ? { attempts } : {}),
      updatedAt: this.nowIso(),
    };
    this.save(d);
    this.emit(d, id);
  }

  private emit(d: Declaration, actionId?: ActionId): void {
    for (const listener of this.listeners) {
      try {
        listener({ declaration: structuredClone(d), ...(actionId ? { actionId } : {}) });
      } catch (err) {
        this.deps.logger.error('declaration: progress listener threw', {
          error: errorMessage(err),
        });
      }
    }
  }

  private load(): unknown[] {
    if (this.cache) return this.cache;
    let raw: unknown;
    try {
      raw = this.deps.store.read();
    } catch (err) {
      throw new Error(
        `the saved declarations cannot be read (${errorMessage(err)}); nothing was changed`,
        { cause: err },
      );
    }
    if (raw !== undefined && !Array.isArray(raw)) {
      throw new Error('the saved declarations are not a list; nothing was changed');
    }
    const list = raw ?? [];
    for (const entry of list) {
      const parsed = Declaration.safeParse(entry);
      if (!parsed.success) {
        this.deps.logger.warn(
          'declaration: a saved declaration is unreadable and is kept as it is',
          {
            id: (entry as { id?: unknown } | null)?.id,
          },
        );
      }
    }
    this.cache = list;
    return list;
  }

  private save(d: Declaration): void {
    const list = [...this.load()];
    const index = list.findIndex((e) => (e as { id?: unknown } | null)?.id === d.id);
    const copy = structuredClone(d);
    if (index >= 0) list[index] = copy;
    else list.push(copy);
    try {
      this.deps.store.write(list);
    } catch (err) {
      throw new DeclarationSaveError(err);
    }
    this.cache = list;
  }

  private nowIso(): string {
    return new Date(this.deps.clock.now()).toISOString();
  }
}

/** Runs `declaration` with a runner made from `deps` (one-shot use; the app keeps one runner). */
export function runDeclaration(
  declaration: Declaration,
  deps: DeclarationDeps,
): Promise<Declaration> {
  return new DeclarationRunner(deps).declare(declaration);
}

/** The pages a declaration creates: its plan's targets, or (older ones) one per paged person. */
function pageTargetsOf(d: Declaration): PageTarget[] {
  return (
    d.pageTargets ??
    d.paged.map(({ person, why }) => ({
      target: { person: person.id },
      label: person.name,
      why,
      reachesNow: [person],
    }))
  );
}

/** The key of a page target in `pagedIds` and its Idempotency-Key: a person id stays as it was. */
function targetKey(t: PageTarget): string {
  return 'rotation' in t.target ? `rotation:${t.target.rotation}` : t.target.person;
}

function rolePeople(d: Declaration): Person[] {
  const { commander, comms, investigators } = d.input.roles;
  const all = [commander, ...(comms ? [comms] : []), ...investigators];
  return all.filter((p, i) => all.findIndex((q) => q.id === p.id) === i);
}

function mention(p: Person): string {
  return p.slackUserId ? `<@${p.slackUserId}>` : p.name;
}

function purposeText(d: Declaration, sev: string): string {
  const suffix = ` · Zephyr declaration ${d.id}`;
  return `${sev}: ${d.input.summary}`.slice(0, 250 - suffix.length) + suffix;
}

function topicText(d: Declaration, sev: string): string {
  return `${sev} · investigating · IC ${d.input.roles.commander.name} · ${d.input.summary}`;
}

function rolesLines(d: Declaration): string[] {
  const { commander, comms, investigators } = d.input.roles;
  return [
    `Commander: ${mention(commander)}`,
    `Comms: ${comms ? mention(comms) : 'not assigned'}`,
    `Investigators: ${investigators.map(mention).join(', ') || 'not assigned'}`,
  ];
}

function linkLines(d: Declaration): string[] {
  const r = d.results;
  return [
    r.incidentId ? `Platform incident: ${r.incidentId}` : undefined,
    r.statusPageUrl ? `Status page: ${r.statusPageUrl}` : undefined,
    r.linearIssueUrl ? `Ticket: ${r.linearIssueUrl}` : undefined,
  ].filter((l): l is string => l !== undefined);
}

function kickoffText(d: Declaration, sev: string, marker: string): string {
  const where = [d.input.service, d.input.region].filter(Boolean).join(' · ');
  return [
    `:rotating_light: *${sev}: ${d.input.summary}*${where ? ` (${where})` : ''}`,
    ...rolesLines(d),
    ...linkLines(d),
    pagedLine(d),
    `Updates here and on the status page every 15 minutes, even if nothing changed.`,
    `_${marker}_`,
  ].join('\n');
}

function pagedLine(d: Declaration): string {
  const paging = pagingOf(d.input);
  if (paging.via === 'pagerduty') {
    const link = d.results.pagerdutyIncidentUrl ? ` (${d.results.pagerdutyIncidentUrl})` : '';
    return `Paged through PagerDuty: service ${paging.serviceName}${link}`;
  }
  return `Paged: ${d.paged.map((p) => p.person.name).join(', ') || 'nobody'}`;
}

function ticketText(d: Declaration, sev: string): string {
  const where = [d.input.service, d.input.region].filter(Boolean).join(' · ');
  return [
    `**${sev}**: ${d.input.summary}${where ? ` (${where})` : ''}`,
    '',
    ...rolesLines(d).map((l) => `- ${l}`),
    ...linkLines(d).map((l) => `- ${l}`),
    d.results.channelUrl ? `- Channel: ${d.results.channelUrl}` : undefined,
    '',
    `Declared with Zephyr On-Call (declaration ${d.id}).`,
  ]
    .filter((l): l is string => l !== undefined)
    .join('\n');
}
