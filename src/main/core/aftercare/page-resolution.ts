/**
 * Resolving an incident resolves every page its declaration made: each platform page
 * (`POST /v1/pages/{id}/resolve`, which stops its escalation chain) and the PagerDuty incident
 * (status `resolved`). Each page's state is saved in the incident's record before and after the
 * call, so the console shows one line per page and a restart keeps retrying. Resolving a page
 * twice is harmless on both (the platform answers the resolved page; PagerDuty keeps it resolved),
 * so a retry after a lost answer is safe. Failed or unconfirmed pages are retried every
 * `RETRY_MS` until both confirm.
 */
import type { PageResolution } from '../../../shared/aftercare/views.js';
import { errorMessage } from '../integrations/integration-error.js';
import type { TimerHandle } from '../ports.js';
import type { IncidentRecord } from './aftercare-store.js';
import type { AftercareContext } from './context.js';

/** How long a failed page resolution waits before the next attempt. */
export const PAGE_RESOLVE_RETRY_MS = 30_000;

/** Resolves the pages of resolved incidents, and keeps retrying those not yet confirmed. */
export interface PageResolver {
  /** Records the declaration's pages of `incidentId` (once) and resolves those not resolved. */
  resolveAll(incidentId: string): Promise<PageResolution[]>;
  /** Retries every resolved incident's unconfirmed pages now (at start, and on its timer). */
  retryPending(): void;
  stop(): void;
}

/** The declaration's (and changes') pages of `r`, as records `pending`; those listed are kept. */
function withDeclaredPages(ctx: AftercareContext, r: IncidentRecord): PageResolution[] {
  const declared = ctx.deps.declarationFor?.(r.incidentId);
  const known = new Set(r.pageResolutions.map((p) => `${p.via}:${p.pageId}`));
  const added: PageResolution[] = [];
  const add = (pageId: string, via: PageResolution['via']) => {
    if (known.has(`${via}:${pageId}`)) return;
    known.add(`${via}:${pageId}`);
    added.push({ pageId, via, status: 'pending', attempts: 0, at: ctx.nowIso() });
  };
  for (const id of declared?.pageIds ?? []) add(id, 'platform');
  // The pages severity changes sent are the incident's too.
  for (const p of r.changePages) if (p.pageId) add(p.pageId, 'platform');
  if (declared?.pagerdutyIncidentId) add(declared.pagerdutyIncidentId, 'pagerduty');
  return [...r.pageResolutions, ...added];
}

/** Creates the resolver over one context. */
export function createPageResolver(ctx: AftercareContext): PageResolver {
  const { clock, logger } = ctx.deps;
  let timer: TimerHandle | undefined;
  let stopped = false;
  const running = new Set<string>();

  function setState(incidentId: string, next: PageResolution): void {
    const r = ctx.record(incidentId);
    ctx.save({
      ...r,
      pageResolutions: r.pageResolutions.map((p) =>
        p.pageId === next.pageId && p.via === next.via ? next : p,
      ),
    });
  }

  async function resolveOne(incidentId: string, page: PageResolution): Promise<void> {
    const integrations = ctx.deps.integrations();
    const attempt = { ...page, attempts: page.attempts + 1, at: ctx.nowIso() };
    try {
      if (page.via === 'platform') {
        if (!integrations.pages) throw new Error('The Zephyr platform is not connected.');
        await integrations.pages.resolvePage(page.pageId, `zephyr-resolve:${page.pageId}`);
      } else {
        if (!integrations.pagerduty) throw new Error('PagerDuty is not connected.');
        await integrations.pagerduty.resolveIncident(page.pageId, new AbortController().signal);
      }
      const { message: _m, ...rest } = attempt;
      setState(incidentId, { ...rest, status: 'resolved' });
    } catch (error) {
      setState(incidentId, { ...attempt, status: 'failed', message: errorMessage(error) });
    }
  }

  async function resolveAll(incidentId: string): Promise<PageResolution[]> {
    if (running.has(incidentId)) return ctx.record(incidentId).pageResolutions;
    running.add(incidentId);
    try {
      const r = ctx.record(incidentId);
      ctx.save({ ...r, pageResolutions: withDeclaredPages(ctx, r) });
      for (const page of ctx.record(incidentId).pageResolutions) {
        if (page.status !== 'resolved') await resolveOne(incidentId, page);
      }
    } finally {
      running.delete(incidentId);
    }
    arm();
    ctx.changed();
    return ctx.record(incidentId).pageResolutions;
  }

  function pendingIncidents(): string[] {
    return ctx.store
      .all()
      .filter(
        (r) =>
          r.incident.status === 'resolved' &&
          r.pageResolutions.some((p) => p.status !== 'resolved'),
      )
      .map((r) => r.incidentId);
  }

  function arm(): void {
    if (stopped || timer !== undefined || pendingIncidents().length === 0) return;
    timer = clock.setTimeout(() => {
      timer = undefined;
      retryPending();
    }, PAGE_RESOLVE_RETRY_MS);
  }

  function retryPending(): void {
    for (const id of pendingIncidents()) {
      resolveAll(id).catch((error: unknown) =>
        logger.warn('aftercare: could not resolve the pages of an incident', {
          incidentId: id,
          error: errorMessage(error),
        }),
      );
    }
    arm();
  }

  return {
    resolveAll,
    retryPending() {
      stopped = false;
      retryPending();
    },
    stop() {
      stopped = true;
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
    },
  };
}
