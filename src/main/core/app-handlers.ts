/**
 * The app service's IPC handler table: app state, acknowledge, test pages, settings and secrets,
 * the playbook. Each handler is a few lines over what the service gives it; settings and secrets
 * are written through the one configuration reader.
 */
import { IpcError, Settings, type SecretName } from '../../shared/contract.js';
import type { AppState } from '../../shared/domain.js';
import type { ConfigReader } from './config/config-reader.js';
import { managedBy } from './config/resolve-config.js';
import { toSourceError } from './feeds/poller.js';
import type { SourceRuntime } from './feeds/source-runtime.js';
import { REQUEST_GRACE_MS } from './feeds/zephyr-client.js';
import type { AckState } from './paging/acknowledge.js';
import type { PagerExtrasCommand } from './pager-extras.js';
import { STORM_TAG } from './paging/ringer.js';
import { TRAY_IDS } from './app-state/tray-view.js';
import type { AppCommandName, AppServiceDeps, Clock, HandlersFor } from './ports.js';

/** What the handlers need from the app service. */
export interface AppHandlersContext {
  deps: Pick<AppServiceDeps, 'clock' | 'env' | 'playbook' | 'openExternal' | 'showMain'>;
  config: ConfigReader;
  state(): AppState;
  acknowledge(key: string): Promise<AckState>;
  /** The source test pages go through (the first one). */
  firstSource(): SourceRuntime | undefined;
  sourcesError(): string | undefined;
  /** Checks reachability again and answers its problems. */
  checkReachability(): Promise<string[]>;
  /** Settles once the last configuration change has been applied (a reconnect, say). */
  settled(): Promise<void>;
  /** The handlers other modules answer (resolve, escalate, re-acknowledge: `pager-extras`). */
  more: HandlersFor<PagerExtrasCommand>;
}

async function withTimeout<T>(
  clock: Clock,
  run: (signal: AbortSignal) => Promise<T>,
  ms: number,
): Promise<T> {
  const controller = new AbortController();
  const timer = clock.setTimeout(() => controller.abort(), ms);
  try {
    return await run(controller.signal);
  } finally {
    clock.clearTimeout(timer);
  }
}

/** Refuses a change to a value the environment manages. */
function refuseManaged(key: string, env: AppServiceDeps['env']): void {
  const name = managedBy(key, env);
  if (name)
    throw new IpcError('conflict', `${key} is managed by ${name} and cannot be changed here.`);
}

/** Builds the app service's handler table. */
export function createAppHandlers(ctx: AppHandlersContext): HandlersFor<AppCommandName> {
  const { deps, config } = ctx;

  async function sendTestPage(): Promise<{ pageId: string }> {
    const rt = ctx.firstSource();
    if (!rt) {
      const why = ctx.sourcesError();
      throw new IpcError('unavailable', `No platform is connected${why ? `: ${why}` : ' yet'}.`);
    }
    try {
      const page = await withTimeout(
        deps.clock,
        (signal) => rt.source.sendTestPage(signal),
        REQUEST_GRACE_MS,
      );
      rt.pagesPoller?.pollNow();
      return { pageId: page.id };
    } catch (error) {
      const e = toSourceError(error);
      throw new IpcError(
        'unavailable',
        `Could not send the test page through ${rt.source.label}: ${e.message}`,
      );
    }
  }

  async function changeSecret(name: SecretName, value: string | undefined) {
    refuseManaged(name, deps.env);
    if (value === undefined) config.deleteSecret(name);
    else config.setSecret(name, value);
    await ctx.settled();
    return config.current().view;
  }

  return {
    ...ctx.more,
    'app:get-state': async () => ctx.state(),
    'app:dismiss-first-run': async () => {
      config.writeSettings({ ...config.current().stored, firstRunDone: true });
      await ctx.settled();
      return {};
    },
    'app:show-main': async ({ route, pageKey }) => ({
      shown: deps.showMain?.(route, pageKey) ?? false,
    }),
    'pages:acknowledge': async ({ key }) => ({ state: await ctx.acknowledge(key) }),
    'pages:send-test': sendTestPage,
    // The whole path: a real page through the platform (it rings like any other) and a fresh
    // check of what could stop it reaching me.
    'alerts:test': async () => {
      const { pageId } = await sendTestPage();
      return { pageId, problems: await ctx.checkReachability() };
    },
    'alerts:open-external': async ({ url }) => {
      if (!url.startsWith('https://')) {
        throw new IpcError('invalid-payload', 'Only https:// links can be opened.');
      }
      return { opened: await deps.openExternal(url) };
    },
    'settings:get': async () => config.current().view,
    'settings:update': async ({ patch }) => {
      for (const key of Object.keys(patch)) refuseManaged(key, deps.env);
      const parsed = Settings.safeParse({ ...config.current().stored, ...patch });
      if (!parsed.success) throw new IpcError('invalid-payload', parsed.error.message);
      config.writeSettings(parsed.data);
      await ctx.settled();
      return config.current().view;
    },
    'settings:set-secret': ({ name, value }) => changeSecret(name, value),
    'settings:clear-secret': ({ name }) => changeSecret(name, undefined),
    'playbook:get': async () => {
      const { playbook, origin, error } = deps.playbook.current();
      return { playbook, origin, ...(error !== undefined ? { error } : {}) };
    },
  };
}

/** What the notification and tray entry points need. */
export interface EntryPointsContext {
  deps: Pick<AppServiceDeps, 'logger' | 'alerts' | 'onTrayCommand'>;
  acknowledge(key: string): Promise<AckState>;
  /** Whether the page with `key` rings now. */
  ringing(key: string): boolean;
  /** Brings the alert forward (used when the host has an alert presenter). */
  presentAlert(): void;
  sendTestPage(): Promise<unknown>;
}

/** The notification actions and tray menu choices, as listeners for the notifier and the tray. */
export function createEntryPoints(ctx: EntryPointsContext): {
  onNotificationAction(tag: string, actionId: string): void;
  onTrayMenu(id: string): void;
} {
  const { logger, alerts } = ctx.deps;
  return {
    onNotificationAction(tag, actionId) {
      if (actionId === 'acknowledge') {
        ctx
          .acknowledge(tag)
          .catch((error: unknown) =>
            logger.warn('acknowledge from notification failed', { key: tag, error: String(error) }),
          );
        return;
      }
      if (actionId === 'default' && (ctx.ringing(tag) || tag === STORM_TAG) && alerts) {
        ctx.presentAlert();
        return;
      }
      if (actionId === 'default' || actionId === 'open') ctx.deps.onTrayCommand?.('open');
    },
    onTrayMenu(id) {
      if (id.startsWith('ack:')) {
        ctx
          .acknowledge(id.slice(4))
          .catch((error: unknown) =>
            logger.warn('acknowledge from tray failed', { error: String(error) }),
          );
      } else if (id === TRAY_IDS.sendTest) {
        ctx
          .sendTestPage()
          .catch((error: unknown) =>
            logger.warn('test page from tray failed', { error: String(error) }),
          );
      } else if (id === 'open' || id === 'quit' || id === 'declare') {
        ctx.deps.onTrayCommand?.(id);
      }
    },
  };
}
