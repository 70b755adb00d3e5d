/**
 * The one platform page call aftercare makes: resolve a page (`POST /v1/pages/{id}/resolve`), which
 * stops its escalation chain. Resolving a resolved page answers it unchanged, so a retry is safe.
 */
import { Page } from '../../../shared/domain.js';
import type { HttpDeps } from './http-json.js';
import { platformSender } from './platform-incidents-client.js';

/** Resolves platform pages (a fake implements it in tests). */
export interface PlatformPagesClient {
  /** Resolves page `pageId`; answers the page (status `resolved`). */
  resolvePage(pageId: string, idempotencyKey: string): Promise<Page>;
}

/** The HTTP implementation of `PlatformPagesClient`. */
export function createPlatformPagesClient(
  options: { baseUrl: string; token: string } & HttpDeps,
): PlatformPagesClient {
  const call = platformSender(options);
  return {
    resolvePage: (pageId, key) =>
      call(
        'POST',
        `/v1/pages/${encodeURIComponent(pageId)}/resolve`,
        {},
        key,
        Page,
        `resolving page '${pageId}'`,
      ),
  };
}
