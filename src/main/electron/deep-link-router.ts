/**
 * Acting on `zephyr://` links (parsed by `deep-link.ts`): a page link opens the page, an incident
 * link opens the incident, and an `ack` link acknowledges only when it carries this launch's
 * nonce (our own toast's button); otherwise it opens the page like a page link, so the user sees
 * what they acknowledge. Links that arrive before the app has started wait for it.
 */
import type { AppState } from '../../shared/domain.js';
import type { Logger } from '../core/ports.js';
import {
  deepLinkFromArgv,
  deepLinkHash,
  parseDeepLink,
  resolvePageKey,
  type DeepLink,
} from './deep-link.js';

/** What the router needs from the host. */
export interface DeepLinkRouterDeps {
  state(): Pick<AppState, 'pages'>;
  acknowledge(key: string): Promise<unknown>;
  /** Shows the main window at a renderer hash (`#/now?page=…`, `#/incidents/…`). */
  open(hash: string): void;
  logger: Logger;
}

/** The router: feed it URLs (macOS `open-url`) or command lines (`second-instance`, start-up). */
export interface DeepLinkRouter {
  handleUrl(url: string): void;
  /** Returns whether the command line held a link. */
  handleArgv(argv: readonly string[]): boolean;
  /** The app has started: links that came earlier are handled now, later ones at once. */
  ready(deps: DeepLinkRouterDeps): void;
}

/** Creates a router that queues links until `ready`. */
export function createDeepLinkRouter(launchNonce: string): DeepLinkRouter {
  let deps: DeepLinkRouterDeps | undefined;
  const waiting: DeepLink[] = [];

  const act = (d: DeepLinkRouterDeps, link: DeepLink): void => {
    if (link.kind === 'incident') {
      d.open(deepLinkHash(link));
      return;
    }
    const key = resolvePageKey(link.id, d.state().pages) ?? link.id;
    if (link.kind === 'ack' && link.confirmed && d.state().pages.some((p) => p.key === key)) {
      d.logger.info('acknowledge from toast', { key });
      d.acknowledge(key).catch((error: unknown) => {
        d.logger.warn('acknowledge from toast failed', { key, error: String(error) });
        d.open(deepLinkHash({ kind: 'page', id: key }));
      });
      return;
    }
    if (link.kind === 'ack')
      d.logger.info('unconfirmed acknowledge link: opening the page', { key });
    d.open(deepLinkHash({ kind: 'page', id: key }));
  };

  const accept = (link: DeepLink | undefined): boolean => {
    if (!link) return false;
    if (deps) act(deps, link);
    else waiting.push(link);
    return true;
  };

  return {
    handleUrl(url) {
      if (!accept(parseDeepLink(url, launchNonce))) {
        deps?.logger.warn('ignored a zephyr:// link that is not one of ours', {
          url: url.slice(0, 80),
        });
      }
    },
    handleArgv: (argv) => accept(deepLinkFromArgv(argv, launchNonce)),
    ready(next) {
      deps = next;
      for (const link of waiting.splice(0)) act(next, link);
    },
  };
}
