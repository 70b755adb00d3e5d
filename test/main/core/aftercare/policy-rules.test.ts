/**
 * Issue 11's aftercare rules: resolving an incident resolves every page its declaration made
 * (platform and PagerDuty), idempotently, shown per page and retried until confirmed, also after a
 * restart; and the 15-minute status-update clock resets only when both the channel and the status
 * page got the update (or the missing one is not connected).
 */
import { describe, expect, it } from 'vitest';
import type { AftercareIntegrations } from '../../../../src/main/core/aftercare/aftercare-service.js';
import { PAGE_RESOLVE_RETRY_MS } from '../../../../src/main/core/aftercare/page-resolution.js';
import type { PlatformPagesClient } from '../../../../src/main/core/integrations/platform-pages-client.js';
import { IntegrationError } from '../../../../src/main/core/integrations/integration-error.js';
import type { Page } from '../../../../src/shared/domain.js';
import { InMemoryStore } from '../../../fakes/in-memory-store.js';
import { RecordingNotifier } from '../../../fakes/recording-notifier.js';
import { FakeSlack, FakeStatuspage } from './fakes.js';
import { sampleAppState, sampleIncident, serviceWith } from './harness.js';

const MIN = 60_000;

/** Resolves pages by id; can fail its next calls; counts every call. */
class FakePages implements PlatformPagesClient {
  readonly calls: string[] = [];
  readonly resolved = new Set<string>();
  failNext = 0;
  async resolvePage(pageId: string): Promise<Page> {
    this.calls.push(pageId);
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new IntegrationError('platform', 'network', 'could not reach the platform');
    }
    this.resolved.add(pageId);
    return { id: pageId, status: 'resolved' } as unknown as Page;
  }
}

function setup(opts: { pagerduty?: boolean; store?: InMemoryStore<unknown> } = {}) {
  const pages = new FakePages();
  const pdCalls: string[] = [];
  const integrations: AftercareIntegrations = {
    slack: new FakeSlack(),
    statuspage: new FakeStatuspage(),
    pages,
    ...(opts.pagerduty
      ? {
          pagerduty: {
            resolveIncident: async (id: string) => {
              pdCalls.push(id);
              return { id, status: 'resolved' } as unknown as Page;
            },
          },
        }
      : {}),
  };
  const h = serviceWith(integrations, sampleIncident('C0INC7', 'sp7'), {
    declarationFor: () => ({
      pageIds: ['P-1', 'P-2', 'P-3'],
      ...(opts.pagerduty ? { pagerdutyIncidentId: 'PD-9' } : {}),
    }),
    ...(opts.store ? { store: opts.store } : {}),
  });
  return { ...h, pages, pdCalls, integrations };
}

describe('resolving an incident resolves its pages', () => {
  it('resolves every platform page and the PagerDuty incident, each shown in the console', async () => {
    const { service, pages, pdCalls } = setup({ pagerduty: true });
    await service.handlers['incidents:resolve']({ incidentId: 'INC-7', message: 'Fixed.' });
    expect([...pages.resolved].sort()).toEqual(['P-1', 'P-2', 'P-3']);
    expect(pdCalls).toEqual(['PD-9']);
    const detail = await service.handlers['incidents:get']({ incidentId: 'INC-7' });
    expect(detail.pageResolutions.map((p) => [p.via, p.pageId, p.status])).toEqual([
      ['platform', 'P-1', 'resolved'],
      ['platform', 'P-2', 'resolved'],
      ['platform', 'P-3', 'resolved'],
      ['pagerduty', 'PD-9', 'resolved'],
    ]);
  });

  it('resolving again resolves nothing twice', async () => {
    const { service, pages } = setup();
    await service.handlers['incidents:resolve']({ incidentId: 'INC-7', message: 'Fixed.' });
    await service.handlers['incidents:resolve']({ incidentId: 'INC-7', message: 'Fixed.' });
    expect(pages.calls).toEqual(['P-1', 'P-2', 'P-3']);
  });

  it('a failed page is shown with why and retried until confirmed', async () => {
    const { service, pages, clock } = setup();
    pages.failNext = 1;
    await service.handlers['incidents:resolve']({ incidentId: 'INC-7', message: 'Fixed.' });
    let detail = await service.handlers['incidents:get']({ incidentId: 'INC-7' });
    expect(detail.pageResolutions[0]).toMatchObject({
      pageId: 'P-1',
      status: 'failed',
      message: expect.stringContaining('could not reach the platform'),
    });
    await clock.advanceAsync(PAGE_RESOLVE_RETRY_MS);
    detail = await service.handlers['incidents:get']({ incidentId: 'INC-7' });
    expect(detail.pageResolutions.every((p) => p.status === 'resolved')).toBe(true);
    expect(pages.calls.filter((c) => c === 'P-1')).toHaveLength(2);
  });

  it('a restart keeps retrying the pages not yet confirmed', async () => {
    const store = new InMemoryStore<unknown>();
    const first = setup({ store });
    first.pages.failNext = 3;
    await first.service.handlers['incidents:resolve']({ incidentId: 'INC-7', message: 'Fixed.' });
    first.service.stop();
    expect(first.pages.resolved.size).toBe(0);
    const second = setup({ store });
    await second.clock.advanceAsync(0);
    expect([...second.pages.resolved].sort()).toEqual(['P-1', 'P-2', 'P-3']);
  });
});

/** Posts "Still looking." to INC-7 from the console. */
async function stillLooking(service: ReturnType<typeof setup>['service']): Promise<void> {
  await service.handlers['updates:post']({
    incidentId: 'INC-7',
    status: 'investigating',
    message: 'Still looking.',
  });
}

describe('the 15-minute status-update clock', () => {
  it('does not reset when the status page failed, and reminders keep going', async () => {
    const { service, clock, integrations } = setup();
    (integrations.statuspage as FakeStatuspage).failNext = 1;
    await clock.advanceAsync(10 * MIN);
    await stillLooking(service);
    const entry = service.view().incidents[0];
    const update = entry?.clocks.find((c) => c.kind === 'status-update');
    // Opened 03:00 (the harness starts at 03:05): still due at 03:15, not 03:30.
    expect(update?.dueAt).toBe('2026-03-02T03:15:00.000Z');
    expect(update?.note).toContain('did not reach the status page');
  });

  it('resets when the update reached both the channel and the status page', async () => {
    const { service, clock } = setup();
    await clock.advanceAsync(10 * MIN);
    await stillLooking(service);
    const update = service.view().incidents[0]?.clocks.find((c) => c.kind === 'status-update');
    expect(update?.dueAt).toBe('2026-03-02T03:30:00.000Z');
  });

  it('resets without the status page when it is not connected, and says so', async () => {
    const { service, clock, integrations } = setup();
    delete integrations.statuspage;
    await clock.advanceAsync(10 * MIN);
    await stillLooking(service);
    const update = service.view().incidents[0]?.clocks.find((c) => c.kind === 'status-update');
    expect(update?.dueAt).toBe('2026-03-02T03:30:00.000Z');
    expect(update?.note).toContain('Statuspage is not connected');
  });
});

describe('the incident clocks count in the platform’s time', () => {
  // The platform's clock runs 14.5 minutes ahead: laptop 03:05 is 03:19:30 there, and the update
  // of the incident opened at 03:00 (platform time) is due at 03:15 there, already passed.
  const SKEW = 14.5 * MIN;

  function skewed() {
    const notifier = new RecordingNotifier();
    const incident = sampleIncident('C0INC7', 'sp7');
    const h = serviceWith({ slack: new FakeSlack(), statuspage: new FakeStatuspage() }, incident, {
      appState: () => sampleAppState(incident, SKEW),
      notifier,
    });
    return { ...h, titles: () => notifier.shown.map((n) => n.title) };
  }

  it('an update posted now restarts the 15 minutes from the platform’s now', async () => {
    const { service } = skewed();
    await stillLooking(service);
    const update = service.view().incidents[0]?.clocks.find((c) => c.kind === 'status-update');
    expect(update?.dueAt).toBe('2026-03-02T03:34:30.000Z');
  });

  it('reminds when the update is due there, not 14.5 minutes later', async () => {
    const { clock, titles } = skewed();
    await clock.advanceAsync(0);
    expect(titles()).toEqual(['Status update due for Checkout payments failing']);
    await clock.advanceAsync(MIN / 2);
    expect(titles()).toEqual([
      'Status update due for Checkout payments failing',
      'Status update overdue for Checkout payments failing',
    ]);
  });

  it('after an update, reminds 15 minutes later in the platform’s time', async () => {
    const { service, clock, titles } = skewed();
    await clock.advanceAsync(0);
    await stillLooking(service);
    const before = titles().length;
    await clock.advanceAsync(15 * MIN - 1);
    expect(titles()).toHaveLength(before);
    await clock.advanceAsync(1);
    expect(titles()).toHaveLength(before + 1);
  });
});
