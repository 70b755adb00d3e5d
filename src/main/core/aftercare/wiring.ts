/**
 * The small pieces compose.ts needs to build the aftercare service over the host: which platform
 * to post to (the configured one, or the embedded demo platform), the team's templates read
 * (through the host's `ReadText`) next to the playbook file, and the `mailto:` opener that admits
 * nothing else.
 */
import type { Declaration } from '../../../shared/declaration.js';
import type { Playbook } from '../../../shared/playbook.js';
import type { EffectiveConfig } from '../config/resolve-config.js';
import { isAllowedMailtoUrl } from '../url-policy.js';
import type { DeclarationTargets } from './context.js';
import {
  createPlatformUpdatesClient,
  type PlatformUpdatesClient,
} from '../integrations/platform-updates-client.js';
import {
  createPlatformPagesClient,
  type PlatformPagesClient,
} from '../integrations/platform-pages-client.js';
import {
  createPlatformChangesClient,
  type PlatformChangesClient,
} from '../integrations/platform-changes-client.js';
import {
  loadTemplate,
  type ReadText,
  type TemplateKind,
  type TemplateRoots,
} from './template-files.js';
import type { TemplateView } from '../../../shared/aftercare/views.js';

/**
 * The platform's update, page and change clients for the effective configuration: the configured
 * platform with its token, else the embedded one while it runs; all `undefined` when a platform
 * URL is set without a token (or nothing runs), so no other client stands in for them.
 */
export function platformClientsFor(
  config: EffectiveConfig,
  local: { url: string; token: string } | undefined,
): {
  platform: PlatformUpdatesClient | undefined;
  pages: PlatformPagesClient | undefined;
  changes: PlatformChangesClient | undefined;
} {
  const target = platformTarget(config, local);
  return target
    ? {
        platform: createPlatformUpdatesClient(target),
        pages: createPlatformPagesClient(target),
        changes: createPlatformChangesClient(target),
      }
    : { platform: undefined, pages: undefined, changes: undefined };
}

function platformTarget(
  config: EffectiveConfig,
  local: { url: string; token: string } | undefined,
): { baseUrl: string; token: string } | undefined {
  if (config.settings.platformUrl) {
    const token = config.secret('platformToken');
    return token ? { baseUrl: config.settings.platformUrl, token } : undefined;
  }
  return local ? { baseUrl: local.url, token: local.token } : undefined;
}

/** The Slack channel and status page incident a declaration made here recorded. */
export function targetsOfDeclaration(
  declaration: Declaration | undefined,
): DeclarationTargets | undefined {
  if (!declaration) return undefined;
  const { channelId, statusPageIncidentId, pageIds, pagerdutyIncidentId } = declaration.results;
  return {
    ...(channelId ? { channelId } : {}),
    ...(pageIds.length > 0 ? { pageIds: [...pageIds] } : {}),
    ...(pagerdutyIncidentId ? { pagerdutyIncidentId } : {}),
    ...(statusPageIncidentId ? { statuspageIncidentId: statusPageIncidentId } : {}),
  };
}

/**
 * Reads the team's template of `kind` from the roots in force at each use (the platform repo
 * checkout of Settings, else the playbook file's folder) with `readText` (see `loadTemplate`).
 */
export function templateReader(
  playbook: () => Playbook,
  roots: () => TemplateRoots,
  readText: ReadText,
): (kind: TemplateKind) => TemplateView {
  return (kind) => loadTemplate(kind, playbook(), roots(), readText);
}

/** Opens `url` through `openExternal` only when it is a `mailto:` URL. */
export function mailtoOpener(
  openExternal: (url: string) => Promise<boolean>,
): (url: string) => Promise<boolean> {
  return async (url) => (isAllowedMailtoUrl(url) ? openExternal(url) : false);
}

/** Where team templates are read: the platform repo checkout of Settings, the playbook file. */
export function templateRoots(
  settings: { platformRepoPath: string },
  playbookFile: string | undefined,
): TemplateRoots {
  const repoPath = settings.platformRepoPath;
  return { ...(repoPath ? { repoPath } : {}), ...(playbookFile ? { playbookFile } : {}) };
}
