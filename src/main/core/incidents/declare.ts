/**
 * The declaration runner: runs a declaration's actions one after another (platform incident,
 * pages, Slack channel, topic, invites, status page, Linear ticket, kick-off, runbook, and last
 * the links PATCH that puts the channel, status page, ticket and runbook on the platform
 * incident), saving the declaration before it starts and after every action (and every page), so that a crash or
 * quit resumes where it stopped without a second channel, ticket, status page entry or page:
 * platform calls carry Idempotency-Keys derived from the declaration id, and every other action
 * that may already have happened looks for its earlier result before creating anything.
 * Each action is its own module under `actions/` (its id and its `perform`), listed in run order
 * in `actions/table.ts`; this runner decides whether an action runs, and records how it ended.
 *
 * One failed action does not undo the others. Actions that need a failed one (the invite needs
 * the channel) fail as blocked, naming it; the rest go on. `retryAction` runs a failed or
 * skipped action again, with whatever it blocked.
 *
 * Paging through PagerDuty (`input.paging.via === 'pagerduty'`): the `pages` action opens ONE
 * PagerDuty incident on the chosen service instead of the platform's pages. Its `incident_key` is
 * derived from the declaration id, so PagerDuty itself refuses a second open one; on a resumed or
 * retried attempt the action also looks the key up first (`GET /incidents?incident_key=`), which
 * finds it even once resolved, and after a refused create it looks again before failing.
 */
import {
  ACTION_IDS,
  Declaration,
  DeclarationInput,
  type ActionId,
  type ActionState,
  type PagedPerson,
  type PageTarget,
} from '../../../shared/declaration.js';
import type { Person } from '../../../shared/domain.js';
import type { Playbook } from '../../../shared/playbook.js';
import type { Clock, KeyValueStore, Logger } from '../ports.js';
import { errorMessage } from '../integrations/integration-error.js';
import {
  DeclarationSaveError,
  type ActionContext,
  type DeclarationAction,
  type DeclarationIntegrations,
} from './actions/action.js';
import { DECLARATION_ACTIONS } from './actions/table.js';
import { pageTargetsOf } from './actions/keys.js';
import {
  actionLabel,
  pagingOf,
  severityRule,
  skipReason,
  type ConnectedIntegrations,
} from './plan.js';

/** Name of the store that keeps every declaration (a list, keyed by `id`). */
export const DECLARATIONS_STORE = 'declarations';

/** What the runner needs. `integrations` is asked at each run so Settings changes apply. */
export interface DeclarationDeps {
  /** Stamps the declaration's actions (the declare service gives the platform's time). */
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
  /** The app's user, when known. */
  declaredBy?: Person;
}): Declaration {
  const input = DeclarationInput.parse(args.input);
  const at = new Date(args.now).toISOString();
  const actions = Object.fromEntries(
    ACTION_IDS.map((id): [ActionId, ActionState] => [id, { status: 'waiting', updatedAt: at }]),
  ) as Record<ActionId, ActionState>;
  return Declaration.parse({
    id: args.id ?? crypto.randomUUID(),
    createdAt: at,
    ...(args.declaredBy ? { declaredBy: args.declaredBy } : {}),
    input,
    paged: args.paged,
    ...(args.pageTargets ? { pageTargets: args.pageTargets } : {}),
    ...(args.invitees ? { invitees: args.invitees } : {}),
    channelName: args.channelName,
    actions,
    results: { pageIds: [], pagedIds: {} },
  });
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
    const pagedCount = pageTargetsOf(declaration).length;
    for (const action of DECLARATION_ACTIONS) {
      const { id } = action;
      const state = declaration.actions[id];
      if (!state || (state.status !== 'waiting' && state.status !== 'running')) continue;
      const reason = skipReason(id, {
        connected,
        rule,
        pagedCount,
        paging,
        ...(declaration.input.statusPageOptOut
          ? { statusPageOptOut: declaration.input.statusPageOptOut }
          : {}),
      });
      const notRun = reason
        ? { status: 'skipped' as const, error: reason }
        : blocked(declaration, id);
      if (notRun) {
        this.setState(declaration, id, notRun);
        continue;
      }
      this.setState(declaration, id, {
        status: 'running',
        attempts: (state.attempts ?? 0) + 1,
        detail: actionLabel(id, {
          rule,
          channelName: declaration.channelName,
          pagedCount,
          playbook,
          paging,
        }),
      });
      await this.perform(action, {
        declaration,
        integrations,
        playbook,
        rule,
        resumed: state.status === 'running' || (state.attempts ?? 0) > 0,
        logger: this.deps.logger,
        save: () => this.save(declaration),
      });
    }
    return declaration;
  }

  /** Runs one action and records how it ended; only a failed save stops the run. */
  private async perform(action: DeclarationAction, ctx: ActionContext): Promise<void> {
    const { declaration } = ctx;
    try {
      const outcome = await action.perform(ctx);
      this.setState(declaration, action.id, { status: 'done', ...outcome });
    } catch (err) {
      if (err instanceof DeclarationSaveError) throw err;
      this.deps.logger.warn('declaration: action failed', {
        id: declaration.id,
        action: action.id,
        error: errorMessage(err),
      });
      this.setState(declaration, action.id, { status: 'failed', error: errorMessage(err) });
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

/** Why action `id` cannot run yet (an action it needs did not succeed), or `undefined`. */
function blocked(d: Declaration, id: ActionId): Omit<ActionState, 'updatedAt'> | undefined {
  const incident = d.actions['platform-incident'];
  if (id === 'platform-links' && incident?.status !== 'done') {
    return {
      status: 'failed',
      blockedBy: 'platform-incident',
      error: 'Needs the platform incident, which was not opened; retry the incident first',
    };
  }
  const channel = d.actions['slack-channel'];
  if (NEEDS_CHANNEL.has(id) && channel?.status !== 'done') {
    return {
      status: 'failed',
      blockedBy: 'slack-channel',
      error: `Needs the Slack channel, which ${channel?.status === 'failed' ? 'failed' : 'was not created'}; retry the channel first`,
    };
  }
  return undefined;
}
