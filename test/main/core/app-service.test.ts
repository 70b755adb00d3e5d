import { describe, expect, it } from 'vitest';
import {
  createAppService,
  DEMO_TOOLTIP,
  RING_RESEND_MS,
} from '../../../src/main/core/app-service.js';
import { FEED_ALARM_TITLE } from '../../../src/main/core/feeds/feed-health.js';
import {
  SourceError,
  type AppService,
  type AppServiceDeps,
  type CommandHandlers,
  type TrayMenuItem,
  type TrayView,
} from '../../../src/main/core/ports.js';
import { createDispatcher } from '../../../src/main/core/ipc-dispatcher.js';
import { COMMAND_NAMES, SettingsView, type Settings } from '../../../src/shared/contract.js';
import { AppState, type PageView, type TrayState } from '../../../src/shared/domain.js';
import { DEFAULT_PLAYBOOK } from '../../../src/shared/playbook.js';
import { FakeClock } from '../../fakes/fake-clock.js';
import { FakeSource, makePage, makeRotation, person } from '../../fakes/fake-source.js';
import { InMemoryStores } from '../../fakes/in-memory-store.js';
import { RecordingLogger } from '../../fakes/recording-logger.js';
import { RecordingNotifier } from '../../fakes/recording-notifier.js';

const me = person('Ann Example');
const bob = person('Bob Lee');
const HOUR = 3600_000;

class RecordingTray implements TrayView {
  updates: { state: TrayState; tooltip: string; menu: TrayMenuItem[] }[] = [];
  private listener: ((id: string) => void) | undefined;
  update(state: TrayState, tooltip: string, menu: TrayMenuItem[]): void {
    this.updates.push({ state, tooltip, menu });
  }
  onMenu(listener: (id: string) => void): () => void {
    this.listener = listener;
    return () => (this.listener = undefined);
  }
  last() {
    return this.updates[this.updates.length - 1];
  }
  choose(id: string): void {
    this.listener?.(id);
  }
}

interface Options {
  clock?: FakeClock;
  stores?: InMemoryStores;
  source?: FakeSource;
  /** Every source at once (default: `[source]`). */
  sources?: FakeSource[];
  env?: Record<string, string>;
  settings?: Partial<Settings>;
}

function setup(options: Options = {}) {
  const clock = options.clock ?? new FakeClock();
  const stores = options.stores ?? new InMemoryStores();
  const source = options.source ?? new FakeSource(clock, me);
  const notifier = new RecordingNotifier();
  const tray = new RecordingTray();
  const logger = new RecordingLogger();
  const presented: PageView[][] = [];
  const hostCommands: string[] = [];
  const sourceConfigs: { platformUrl: string; platformToken: string | undefined }[] = [];
  let raw: unknown = { firstRunDone: true, ...options.settings };
  const secrets = new Map<string, string>();
  const deps: AppServiceDeps = {
    clock,
    logger,
    stores: stores.factory,
    settings: { readRaw: () => raw, write: (s) => (raw = s) },
    secrets: {
      get: (n) => secrets.get(n),
      set: (n, v) => void secrets.set(n, v),
      delete: (n) => void secrets.delete(n),
    },
    env: options.env ?? {},
    playbook: {
      current: () => ({ playbook: DEFAULT_PLAYBOOK, origin: 'built-in' }),
      onChange: () => () => {},
    },
    notifier,
    tray,
    alerts: { present: (pages) => void presented.push(pages) },
    createSources: async (config) => {
      sourceConfigs.push({
        platformUrl: config.settings.platformUrl,
        platformToken: config.secret('platformToken'),
      });
      return options.sources ?? [source];
    },
    openExternal: async () => true,
    onTrayCommand: (id) => void hostCommands.push(id),
  };
  const app = createAppService(deps);
  return {
    deps,
    app,
    clock,
    stores,
    source,
    notifier,
    tray,
    presented,
    hostCommands,
    sourceConfigs,
    logger,
    secrets,
    raw: () => raw,
  };
}

/** A dispatcher over the app service's handlers; other services' commands are not answered here. */
function dispatcherOf(handlers: AppService['handlers']) {
  const others = Object.fromEntries(
    COMMAND_NAMES.map((name) => [
      name,
      async () => {
        throw new Error(`${name} is not answered by the app service`);
      },
    ]),
  ) as unknown as CommandHandlers;
  return createDispatcher({ ...others, ...handlers }, new RecordingLogger());
}

function depsOf(ctx: ReturnType<typeof setup>): AppServiceDeps {
  return ctx.deps;
}

async function started(options: Options = {}) {
  const ctx = setup(options);
  await ctx.app.start();
  await ctx.clock.advanceAsync(100);
  return ctx;
}

describe('app service', () => {
  it('rings a page for me: one critical sticky notification with Acknowledge, the alert, tray "paged"', async () => {
    const clock = new FakeClock();
    const source = new FakeSource(clock, me);
    source.pages = [makePage('p1', me, clock.now(), { next: bob, severity: 1 })];
    const { app, notifier, presented, tray } = await started({ clock, source });

    const shown = notifier.shownWithTag('zephyr:p1');
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({
      title: 'Paged: Page p1',
      urgency: 'critical',
      sticky: true,
      sound: true,
      actions: [{ id: 'acknowledge', label: 'Acknowledge' }],
    });
    expect(shown[0]?.body).toContain('SEV-1');
    expect(shown[0]?.body).toMatch(/escalates to Bob Lee in 5:00$/);
    expect(presented.at(-1)?.map((p) => p.key)).toEqual(['zephyr:p1']);
    expect(app.state().pages[0]).toMatchObject({
      key: 'zephyr:p1',
      ringing: true,
      ack: { state: 'none' },
    });
    expect(tray.last()?.state).toBe('paged');
    // What goes over IPC matches the contract's schema.
    expect(AppState.safeParse(app.state()).error).toBeUndefined();
    expect(SettingsView.safeParse(await app.handlers['settings:get']({})).error).toBeUndefined();
    const ackItem = tray.last()?.menu.find((m) => m.kind === 'item' && m.id === 'ack:zephyr:p1');
    expect(ackItem).toMatchObject({
      label: 'Acknowledge Page p1 (via Test platform)',
      enabled: true,
    });
    await app.stop();
  });

  it('after a night asleep rings once on wake, not once per missed minute, then every 60 s', async () => {
    const clock = new FakeClock();
    const source = new FakeSource(clock, me);
    source.pages = [makePage('p1', me, clock.now())];
    const { app, notifier } = await started({ clock, source });
    expect(notifier.shownWithTag('zephyr:p1')).toHaveLength(1);
    await clock.suspend(8 * 3_600_000);
    expect(notifier.shownWithTag('zephyr:p1')).toHaveLength(2);
    clock.jump(-3_600_000);
    await clock.advanceAsync(RING_RESEND_MS);
    expect(notifier.shownWithTag('zephyr:p1')).toHaveLength(3);
    await app.stop();
  });

  it('re-sends at the ringResendSeconds setting (the e2e tests use 1 s)', async () => {
    const clock = new FakeClock();
    const source = new FakeSource(clock, me);
    source.pages = [makePage('p1', me, clock.now())];
    const { app, notifier } = await started({ clock, source, settings: { ringResendSeconds: 3 } });
    expect(notifier.shownWithTag('zephyr:p1')).toHaveLength(1);
    await clock.advanceAsync(3_000);
    expect(notifier.shownWithTag('zephyr:p1')).toHaveLength(2);
    await clock.advanceAsync(3_000);
    expect(notifier.shownWithTag('zephyr:p1')).toHaveLength(3);
    await app.stop();
  });

  it('re-sends the notification every 60 s with the same tag until acknowledged elsewhere, then closes it', async () => {
    const clock = new FakeClock();
    const source = new FakeSource(clock, me);
    const page = makePage('p1', me, clock.now());
    source.pages = [page];
    const { app, notifier, presented } = await started({ clock, source });
    await clock.advanceAsync(RING_RESEND_MS);
    await clock.advanceAsync(RING_RESEND_MS);
    expect(notifier.shownWithTag('zephyr:p1')).toHaveLength(3);
    expect([...notifier.visible.keys()]).toEqual(['zephyr:p1']);

    source.pages = [
      {
        ...page,
        status: 'acknowledged',
        acknowledgedBy: bob,
        updatedAt: new Date(clock.now()).toISOString(),
      },
    ];
    source.touch();
    await clock.advanceAsync(5_000);
    expect(notifier.visible.has('zephyr:p1')).toBe(false);
    expect(notifier.closed).toContain('zephyr:p1');
    expect(presented.at(-1)).toEqual([]);
    await clock.advanceAsync(5 * RING_RESEND_MS);
    expect(notifier.shownWithTag('zephyr:p1')).toHaveLength(3);
    await app.stop();
  });

  it('acknowledges from the notification through the outbox: "pending" first, then confirmed', async () => {
    const clock = new FakeClock();
    const source = new FakeSource(clock, me);
    source.pages = [makePage('p1', me, clock.now())];
    const { app, notifier, presented } = await started({ clock, source });

    notifier.click('zephyr:p1', 'acknowledge');
    expect(app.state().pages[0]?.ack).toEqual({ state: 'pending', message: 'acknowledging…' });
    expect(app.state().pages[0]?.ringing).toBe(false);
    expect(notifier.visible.has('zephyr:p1')).toBe(false);
    expect(presented.at(-1)).toEqual([]);

    await clock.advanceAsync(0);
    const calls = source.callsOf('acknowledge');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args).toMatchObject({
      pageId: 'p1',
      idempotencyKey: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(app.state().pages[0]?.ack.state).toBe('confirmed');
    await clock.advanceAsync(10 * RING_RESEND_MS);
    expect(notifier.shownWithTag('zephyr:p1')).toHaveLength(1);
    expect(await app.acknowledge('zephyr:p1')).toBe('confirmed');
    expect(source.callsOf('acknowledge')).toHaveLength(1);
    await app.stop();
  });

  it('a body click brings the alert forward; the tray acknowledges and passes open/quit to the host', async () => {
    const clock = new FakeClock();
    const source = new FakeSource(clock, me);
    source.pages = [makePage('p1', me, clock.now())];
    const { app, notifier, presented, tray, hostCommands } = await started({ clock, source });
    const before = presented.length;
    notifier.click('zephyr:p1', 'default');
    expect(presented).toHaveLength(before + 1);
    expect(presented.at(-1)?.[0]?.key).toBe('zephyr:p1');
    tray.choose('open');
    tray.choose('quit');
    expect(hostCommands).toEqual(['open', 'quit']);
    tray.choose('ack:zephyr:p1');
    await clock.advanceAsync(100);
    expect(source.callsOf('acknowledge')).toHaveLength(1);
    await app.stop();
  });

  it('after a restart, an unacknowledged page rings at once and an acknowledged one does not', async () => {
    const clock = new FakeClock();
    const stores = new InMemoryStores();
    const source = new FakeSource(clock, me);
    source.pages = [makePage('p1', me, clock.now()), makePage('p2', me, clock.now())];
    const first = await started({ clock, stores, source });
    // Acknowledge p2 while the platform is unreachable: the outbox keeps it pending.
    source.next('acknowledge', { error: new SourceError('network', 'ECONNREFUSED') });
    await first.app.acknowledge('zephyr:p2');
    await clock.advanceAsync(0);
    await first.app.stop();

    source.next('pollPages', { hang: true });
    const second = setup({ clock, stores, source });
    await second.app.start();
    expect(second.notifier.shownWithTag('zephyr:p1')).toHaveLength(1);
    expect(second.notifier.shownWithTag('zephyr:p2')).toHaveLength(0);
    expect(second.app.state().pages.find((p) => p.key === 'zephyr:p2')?.ack.state).toBe('pending');
    await clock.advanceAsync(5_000);
    const acks = source.callsOf('acknowledge');
    expect(acks).toHaveLength(2);
    expect((acks[0]?.args as { idempotencyKey: string }).idempotencyKey).toBe(
      (acks[1]?.args as { idempotencyKey: string }).idempotencyKey,
    );
    expect(second.app.state().pages.find((p) => p.key === 'zephyr:p2')?.ack.state).toBe(
      'confirmed',
    );
    await second.app.stop();
  });

  it('a refused token on acknowledge raises the feed alarm at once and the page rings again', async () => {
    const clock = new FakeClock();
    const source = new FakeSource(clock, me);
    source.pages = [makePage('p1', me, clock.now())];
    const { app, notifier } = await started({ clock, source });
    source.next('acknowledge', { error: new SourceError('unauthorized', 'token revoked', 401) });
    await app.acknowledge('zephyr:p1');
    await clock.advanceAsync(100);
    const state = app.state();
    expect(state.sources[0]?.health).toMatchObject({ state: 'unauthorized', alarm: true });
    expect(state.tray.state).toBe('feed-down');
    expect(state.pages[0]).toMatchObject({ ringing: true, ack: { state: 'failed' } });
    expect(notifier.shownWithTag('feed-alarm:zephyr')[0]?.title).toBe(FEED_ALARM_TITLE);
    expect(notifier.visible.has('zephyr:p1')).toBe(true);
    await app.stop();
  });

  it('tray precedence: feed-down > paged > on-call > off-call', async () => {
    const clock = new FakeClock();
    const source = new FakeSource(clock, me);
    const { app, tray } = await started({ clock, source });
    expect(tray.last()?.state).toBe('off-call');
    expect(app.state().onCall).toBe(false);

    source.rotationsList = [
      makeRotation('platform', [[me, clock.now() - HOUR, clock.now() + HOUR]]),
    ];
    app.pollNow('user');
    await clock.advanceAsync(100);
    expect(app.state().onCall).toBe(true);
    expect(app.state().myShiftsNow.map((s) => s.rotationId)).toEqual(['platform']);
    expect(tray.last()?.state).toBe('on-call');

    source.pages = [makePage('p1', me, clock.now())];
    source.touch();
    await clock.advanceAsync(5_000);
    expect(tray.last()?.state).toBe('paged');

    const down = () => ({ error: new SourceError('network', 'ECONNREFUSED') });
    source.next('pollPages', ...Array.from({ length: 30 }, down));
    await clock.advanceAsync(59_000);
    expect(app.state().sources[0]?.health).toMatchObject({ state: 'down', alarm: false });
    expect(tray.last()?.state).toBe('paged');
    await clock.advanceAsync(6_000);
    expect(app.state().sources[0]?.health.alarm).toBe(true);
    expect(tray.last()?.state).toBe('feed-down');
    expect(tray.last()?.tooltip).toMatch(/cannot reach Test platform: you may miss pages/);
    await app.stop();
  });

  it('moves to on-call when my shift starts and checks notification reachability then', async () => {
    const clock = new FakeClock();
    const source = new FakeSource(clock, me);
    source.rotationsList = [
      makeRotation('platform', [[me, clock.now() + HOUR, clock.now() + 2 * HOUR]]),
    ];
    const { app, notifier } = await started({ clock, source });
    expect(app.state().myNextShift?.rotationId).toBe('platform');
    expect(app.state().rotations[0]?.next.map((n) => n.person.id)).toEqual([me.id]);
    const checks = notifier.capabilityChecks;
    notifier.caps = { available: true, actions: false, doNotDisturb: true };
    await clock.advanceAsync(HOUR);
    expect(app.state().onCall).toBe(true);
    expect(notifier.capabilityChecks).toBeGreaterThan(checks);
    expect(app.state().reachability.ok).toBe(false);
    expect(app.state().reachability.problems).toEqual([
      expect.stringMatching(/Acknowledge button/),
      expect.stringMatching(/Do Not Disturb is on/),
    ]);
    await app.stop();
  });

  it("sends one quiet heads-up when I am next on someone else's page", async () => {
    const clock = new FakeClock();
    const source = new FakeSource(clock, me);
    source.pages = [makePage('p1', bob, clock.now(), { next: me, title: 'DB down' })];
    const { app, notifier } = await started({ clock, source });
    await clock.advanceAsync(30_000);
    const notes = notifier.shownWithTag('headsup:zephyr:p1');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({
      urgency: 'low',
      sticky: false,
      title: 'Heads-up: Bob Lee is paged',
    });
    expect(notes[0]?.body).toBe('"DB down" reaches you in 5:00 if nobody acknowledges.');
    expect(app.state().pages[0]).toMatchObject({ ringing: false, headsUp: true });
    expect(notifier.shownWithTag('zephyr:p1')).toHaveLength(0);
    await app.stop();
  });

  it('says when the platform is a demo, and firstRun until dismissed', async () => {
    const clock = new FakeClock();
    const source = new FakeSource(clock, me, 'zephyr', 'Demo platform', true);
    const { app, tray } = await started({ clock, source, settings: { firstRunDone: false } });
    expect(tray.last()?.tooltip).toContain(DEMO_TOOLTIP);
    expect(app.state().firstRun).toBe(true);
    await app.handlers['app:dismiss-first-run']({});
    expect(app.state().firstRun).toBe(false);
    await app.stop();
  });

  it('handles settings: env-managed values are refused, a new token reconnects, secrets never leak', async () => {
    const { app, sourceConfigs, secrets, raw } = await started({
      env: { ZEPHYR_PLATFORM_URL: 'https://z.example.com' },
      settings: { alertVolume: 0.5 },
    });
    const dispatch = dispatcherOf(app.handlers);
    const refused = await dispatch('settings:update', {
      patch: { platformUrl: 'https://other.example.com' },
    });
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'conflict',
        message: 'platformUrl is managed by ZEPHYR_PLATFORM_URL and cannot be changed here.',
      },
    });
    const updated = await dispatch('settings:update', { patch: { pollIntervalSeconds: 10 } });
    if (!updated.ok) throw new Error(updated.error.message);
    expect(updated).toMatchObject({
      ok: true,
      value: { values: { pollIntervalSeconds: 10 }, origins: { pollIntervalSeconds: 'settings' } },
    });
    // A one-field patch leaves the other stored fields alone.
    expect(raw()).toMatchObject({ alertVolume: 0.5, pollIntervalSeconds: 10, firstRunDone: true });
    expect(raw()).not.toHaveProperty('platformUrl', 'https://z.example.com');
    expect(sourceConfigs).toHaveLength(1);
    const set = await dispatch('settings:set-secret', { name: 'platformToken', value: 'tok-new' });
    expect(set).toMatchObject({
      ok: true,
      value: { secrets: { platformToken: { set: true, managed: false } } },
    });
    expect(JSON.stringify(set)).not.toContain('tok-new');
    expect(secrets.get('platformToken')).toBe('tok-new');
    expect(sourceConfigs.at(-1)).toEqual({
      platformUrl: 'https://z.example.com',
      platformToken: 'tok-new',
    });
    const unknown = await dispatch('pages:acknowledge', { key: 'zephyr:nope' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not-found' } });
    await app.stop();
  });

  it('sends a test page that then rings', async () => {
    const { app, notifier, clock, source } = await started();
    const answer = await app.handlers['pages:send-test']({});
    await clock.advanceAsync(100);
    expect(source.callsOf('sendTestPage')).toHaveLength(1);
    expect(notifier.shownWithTag(`zephyr:${answer.pageId}`)[0]?.title).toBe('Test page: Test page');
    await app.stop();
  });

  it('coalesces bursts of changes into one state event', async () => {
    const { app, clock, source } = await started();
    const events: unknown[] = [];
    app.onStateChanged((s) => events.push(s));
    source.pages = [makePage('p1', me, clock.now())];
    source.touch();
    app.pollNow('user');
    await app.acknowledge('zephyr:p1').catch(() => 'unknown yet');
    await clock.advanceAsync(49);
    expect(events).toHaveLength(0);
    await clock.advanceAsync(1);
    expect(events).toHaveLength(1);
    await app.stop();
  });
  it('a page re-triggered after my acknowledgement rings again and takes a new acknowledgement', async () => {
    const clock = new FakeClock();
    const source = new FakeSource(clock, me);
    source.pages = [makePage('p1', me, clock.now())];
    const { app, notifier } = await started({ clock, source });
    await app.acknowledge('zephyr:p1');
    await clock.advanceAsync(100);
    expect(app.state().pages[0]?.ack.state).toBe('confirmed');

    await clock.advanceAsync(60_000);
    const page = source.pages[0];
    if (!page) throw new Error('page missing');
    source.pages = [
      { ...page, status: 'triggered', updatedAt: new Date(clock.now()).toISOString() },
    ];
    source.touch();
    await clock.advanceAsync(5_000);
    expect(app.state().pages[0]).toMatchObject({ ringing: true, ack: { state: 'none' } });
    expect(notifier.shownWithTag('zephyr:p1')).toHaveLength(2);
    expect(await app.acknowledge('zephyr:p1')).toBe('pending');
    await clock.advanceAsync(100);
    const keys = source
      .callsOf('acknowledge')
      .map((c) => (c.args as { idempotencyKey: string }).idempotencyKey);
    expect(keys).toHaveLength(2);
    expect(keys[0]).not.toBe(keys[1]);
    await app.stop();
  });

  it('an acknowledgement answered 409 ends with a clear message and stops the ring', async () => {
    const clock = new FakeClock();
    const source = new FakeSource(clock, me);
    source.pages = [makePage('p1', me, clock.now())];
    const { app, notifier } = await started({ clock, source });
    source.next('acknowledge', { error: new SourceError('conflict', 'resolved', 409) });
    await app.acknowledge('zephyr:p1');
    await clock.advanceAsync(100);
    expect(app.state().pages[0]).toMatchObject({
      ringing: false,
      ack: {
        state: 'failed',
        message: 'the page was resolved (or removed) before your acknowledgement',
      },
    });
    expect(notifier.visible.has('zephyr:p1')).toBe(false);
    await app.stop();
  });

  it('off call, a failing feed shows feed-down in the tray after the threshold but raises no alarm', async () => {
    const clock = new FakeClock();
    const source = new FakeSource(clock, me);
    const { app, notifier, tray } = await started({ clock, source });
    const down = () => ({ error: new SourceError('server', 'GET /v1/pages → 502', 502) });
    source.next('pollPages', ...Array.from({ length: 40 }, down));
    await clock.advanceAsync(10 * 60_000);
    expect(app.state().sources[0]?.health).toMatchObject({ state: 'down', alarm: false });
    expect(tray.last()?.state).toBe('feed-down');
    expect(notifier.shownWithTag('feed-alarm:zephyr')).toHaveLength(0);
    await app.stop();
  });

  it('when the sources cannot be set up, says why and shows the feed as down', async () => {
    const ctx = setup();
    const app = createAppService({
      ...depsOf(ctx),
      createSources: async () => {
        throw new Error('Refusing plain http:// to zephyr.example.com');
      },
    });
    await app.start();
    const state = app.state();
    expect(state.tray.state).toBe('feed-down');
    expect(state.sources[0]?.health.message).toContain('Refusing plain http://');
    expect(ctx.notifier.shownWithTag('feed-alarm:setup')).toHaveLength(1);
    await expect(app.handlers['pages:send-test']({})).rejects.toThrow(/No platform is connected/);
    await app.stop();
  });

  it('pollNow on wake polls every feed at once', async () => {
    const { app, clock, source } = await started();
    const before = source.callsOf('pollPages').length;
    await clock.advanceAsync(1_000);
    app.pollNow('wake');
    await clock.advanceAsync(0);
    expect(source.callsOf('pollPages').length).toBe(before + 1);
    await app.stop();
  });
});

describe('app service: incidents, urgency, alert test, secrets', () => {
  it('shows open incidents from the source and puts the tray in its incident state', async () => {
    const clock = new FakeClock();
    const source = new FakeSource(clock, me);
    const incident = {
      id: 'inc-1',
      severity: 2 as const,
      summary: 'Checkout p99 elevated',
      status: 'investigating' as const,
      openedAt: new Date(clock.now()).toISOString(),
      roles: { investigators: [] },
      links: {},
    };
    const withIncidents = Object.assign(source, {
      incidents: async () => ({ incidents: [incident], invalid: [], skewMs: 0 }),
    });
    const { app, tray } = await started({ clock, source: withIncidents });
    expect(app.state().incidents).toEqual([{ sourceId: 'zephyr', incident }]);
    expect(tray.last()?.state).toBe('incident');
    expect(tray.last()?.tooltip).toContain('1 open incident');
    // A page that rings outranks the incident.
    source.pages = [makePage('p1', me, clock.now())];
    source.touch();
    app.pollNow('user');
    await clock.advanceAsync(200);
    expect(tray.last()?.state).toBe('paged');
    await app.stop();
  });

  it('never rings a low-urgency page for me, but shows it', async () => {
    const clock = new FakeClock();
    const source = new FakeSource(clock, me);
    source.pages = [makePage('low', me, clock.now(), { urgency: 'low' })];
    const { app, notifier } = await started({ clock, source });
    const view = app.state().pages.find((p) => p.key === 'zephyr:low');
    expect(view?.ringing).toBe(false);
    expect(notifier.shownWithTag('zephyr:low')).toHaveLength(0);
    await app.stop();
  });

  it('"Test my alerts" sends a test page and reports what could stop it reaching me', async () => {
    const clock = new FakeClock();
    const source = new FakeSource(clock, me);
    const ctx = await started({ clock, source });
    ctx.notifier.caps = { available: true, actions: true, doNotDisturb: true };
    const dispatch = dispatcherOf(ctx.app.handlers);
    const result = await dispatch('alerts:test', {});
    expect(result).toMatchObject({
      ok: true,
      value: { problems: [expect.stringMatching(/Do Not Disturb/)] },
    });
    expect(source.calls.filter((c) => c.method === 'sendTestPage')).toHaveLength(1);
    await ctx.app.stop();
  });

  it('"Test my alerts" lists the shell extra problems and what the OS may block', async () => {
    const clock = new FakeClock();
    const source = new FakeSource(clock, me);
    const ctx = await started({ clock, source });
    ctx.notifier.caps = {
      available: true,
      actions: true,
      extraProblems: ['This desktop shows no tray icons'],
      osLimits: ['macOS Focus hides page notifications'],
    };
    const dispatch = dispatcherOf(ctx.app.handlers);
    const result = await dispatch('alerts:test', {});
    expect(result).toMatchObject({
      ok: true,
      value: {
        problems: ['This desktop shows no tray icons', 'macOS Focus hides page notifications'],
      },
    });
    // The missing tray is a real problem (banner and tray); the OS limit only answers the check.
    expect(ctx.app.state().reachability).toEqual({
      ok: false,
      problems: ['This desktop shows no tray icons'],
    });
    await ctx.app.stop();
  });

  it('clears a secret, and refuses to clear one the environment manages', async () => {
    const ctx = await started({ env: { ZEPHYR_PAGERDUTY_TOKEN: 'pd-env-token' } });
    const dispatch = dispatcherOf(ctx.app.handlers);
    await dispatch('settings:set-secret', { name: 'slackToken', value: 'xoxb-1' });
    expect(ctx.secrets.get('slackToken')).toBe('xoxb-1');
    const cleared = await dispatch('settings:clear-secret', { name: 'slackToken' });
    expect(cleared).toMatchObject({ ok: true, value: { secrets: { slackToken: { set: false } } } });
    expect(ctx.secrets.has('slackToken')).toBe(false);
    const refused = await dispatch('settings:clear-secret', { name: 'pagerdutyToken' });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('ZEPHYR_PAGERDUTY_TOKEN') },
    });
    const empty = await dispatch('settings:set-secret', { name: 'slackToken', value: '' });
    expect(empty).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    await ctx.app.stop();
  });

  describe('two sources at once', () => {
    function twoSources(clock: FakeClock) {
      const zephyr = new FakeSource(clock, me);
      // The same person under another id, as PagerDuty would know them.
      const pdMe = { ...me, id: 'PME0001' };
      const pagerduty = new FakeSource(clock, pdMe, 'pagerduty', 'PagerDuty');
      const shift = (): [typeof me, number, number][] => [
        [me, clock.now() - HOUR, clock.now() + 12 * HOUR],
      ];
      zephyr.rotationsList = [makeRotation('platform', shift())];
      pagerduty.rotationsList = [
        makeRotation('PPLATFM', [[pdMe, clock.now() - HOUR, clock.now() + 12 * HOUR]]),
      ];
      return { zephyr, pagerduty, pdMe };
    }

    it('keys pages by source: the same page id at both rings twice, each saying where it came from', async () => {
      const clock = new FakeClock();
      const { zephyr, pagerduty, pdMe } = twoSources(clock);
      zephyr.pages = [makePage('p1', me, clock.now(), { title: 'Checkout down' })];
      pagerduty.pages = [makePage('p1', pdMe, clock.now(), { title: 'Payments down' })];
      const { app, notifier, presented, tray } = await started({
        clock,
        sources: [zephyr, pagerduty],
      });

      expect(app.state().pages.map((p) => [p.key, p.sourceLabel, p.ringing])).toEqual([
        ['zephyr:p1', 'Test platform', true],
        ['pagerduty:p1', 'PagerDuty', true],
      ]);
      expect(notifier.shownWithTag('zephyr:p1')[0]?.body).toContain('Test platform');
      expect(notifier.shownWithTag('pagerduty:p1')[0]?.body).toContain('PagerDuty');
      expect(presented.at(-1)?.map((p) => p.key)).toEqual(['zephyr:p1', 'pagerduty:p1']);
      const labels = tray
        .last()
        ?.menu.flatMap((m) => (m.kind === 'item' && m.id.startsWith('ack:') ? [m.label] : []));
      expect(labels).toEqual([
        'Acknowledge Checkout down (via Test platform)',
        'Acknowledge Payments down (via PagerDuty)',
      ]);
      expect(tray.last()?.tooltip).toContain(
        'paged: Checkout down (via Test platform), Payments down (via PagerDuty)',
      );
      await app.stop();
    });

    it('routes each acknowledgement to the source its page came from', async () => {
      const clock = new FakeClock();
      const { zephyr, pagerduty, pdMe } = twoSources(clock);
      zephyr.pages = [makePage('p1', me, clock.now())];
      pagerduty.pages = [makePage('p1', pdMe, clock.now())];
      const { app } = await started({ clock, sources: [zephyr, pagerduty] });

      await app.acknowledge('pagerduty:p1');
      await clock.advanceAsync(100);
      expect(pagerduty.callsOf('acknowledge').map((c) => c.args)).toMatchObject([{ pageId: 'p1' }]);
      expect(zephyr.callsOf('acknowledge')).toHaveLength(0);
      const byKey = (key: string) => app.state().pages.find((p) => p.key === key);
      expect(byKey('pagerduty:p1')).toMatchObject({ ringing: false, ack: { state: 'confirmed' } });
      expect(byKey('zephyr:p1')).toMatchObject({ ringing: true, ack: { state: 'none' } });

      await app.acknowledge('zephyr:p1');
      await clock.advanceAsync(100);
      expect(zephyr.callsOf('acknowledge')).toHaveLength(1);
      expect(pagerduty.callsOf('acknowledge')).toHaveLength(1);
      await app.stop();
    });

    it('one source down raises only its alarm, naming it; the other keeps ringing new pages', async () => {
      const clock = new FakeClock();
      const { zephyr, pagerduty } = twoSources(clock);
      const { app, notifier, tray } = await started({ clock, sources: [zephyr, pagerduty] });
      expect(app.state().onCall).toBe(true);

      const down = () => ({ error: new SourceError('network', 'ECONNREFUSED') });
      pagerduty.next('pollPages', ...Array.from({ length: 40 }, down));
      await clock.advanceAsync(65_000);

      const [zephyrView, pdView] = app.state().sources;
      expect(zephyrView).toMatchObject({ id: 'zephyr', health: { state: 'ok', alarm: false } });
      expect(pdView).toMatchObject({ id: 'pagerduty', health: { state: 'down', alarm: true } });
      expect(notifier.shownWithTag('feed-alarm:zephyr')).toHaveLength(0);
      const alarm = notifier.shownWithTag('feed-alarm:pagerduty');
      expect(alarm).toHaveLength(1);
      expect(alarm[0]?.body).toMatch(/^PagerDuty: pages feed: ECONNREFUSED/);
      expect(tray.last()?.state).toBe('feed-down');
      expect(tray.last()?.tooltip).toMatch(/cannot reach PagerDuty: you may miss pages/);
      expect(tray.last()?.tooltip).not.toContain('Test platform');

      zephyr.pages = [makePage('p9', me, clock.now(), { title: 'Still ringing' })];
      zephyr.touch();
      await clock.advanceAsync(5_000);
      expect(notifier.shownWithTag('zephyr:p9')).toHaveLength(1);
      expect(app.state().pages.find((p) => p.key === 'zephyr:p9')?.ringing).toBe(true);
      await app.stop();
    });

    it('a PagerDuty acknowledgement survives an outage and a restart: same key, sent once it is back', async () => {
      const clock = new FakeClock();
      const stores = new InMemoryStores();
      const { zephyr, pagerduty, pdMe } = twoSources(clock);
      pagerduty.pages = [makePage('PINC001', pdMe, clock.now())];
      const first = await started({ clock, stores, sources: [zephyr, pagerduty] });

      const down = () => ({ error: new SourceError('network', 'ECONNREFUSED') });
      pagerduty.next('acknowledge', down(), down());
      await first.app.acknowledge('pagerduty:PINC001');
      await clock.advanceAsync(0);
      expect(first.app.state().pages[0]?.ack.state).toBe('pending');
      await first.app.stop();

      const second = setup({ clock, stores, sources: [zephyr, pagerduty] });
      await second.app.start();
      expect(second.app.state().pages[0]).toMatchObject({
        key: 'pagerduty:PINC001',
        ringing: false,
        ack: { state: 'pending' },
      });
      expect(second.notifier.shownWithTag('pagerduty:PINC001')).toHaveLength(0);
      await clock.advanceAsync(30_000);
      const acks = pagerduty.callsOf('acknowledge');
      expect(acks.length).toBeGreaterThanOrEqual(3);
      const keys = new Set(acks.map((c) => (c.args as { idempotencyKey: string }).idempotencyKey));
      expect(keys.size).toBe(1);
      expect(zephyr.callsOf('acknowledge')).toHaveLength(0);
      expect(second.app.state().pages[0]?.ack.state).toBe('confirmed');
      expect(pagerduty.pages[0]?.status).toBe('acknowledged');
      await second.app.stop();
    });
  });
});

describe('app service: long poll spacing', () => {
  it('asks again at once after a long-poll answer moved the cursor, and breathes 1 s otherwise', async () => {
    const clock = new FakeClock();
    const source = new FakeSource(clock, me, 'zephyr', 'Test platform', false, true);
    source.pages = [makePage('p1', me, clock.now())];
    const { app } = await started({ clock, source });
    const polls = () => source.callsOf('pollPages').map((c) => c.at);
    // First answer moved the cursor: the second poll follows at once; it moved nothing: 1 s gap.
    const [first, second, third] = polls();
    expect(second! - first!).toBeLessThan(50);
    expect(third).toBeUndefined();
    await clock.advanceAsync(1_000);
    expect(polls()[2]! - second!).toBeGreaterThanOrEqual(1_000);
    await app.stop();
  });
});

describe('app service: show the main window', () => {
  it('asks the host to show the main window at a route, and says when there is none', async () => {
    const ctx = setup();
    const shown: [string, string | undefined][] = [];
    const withHost = createAppService({
      ...ctx.deps,
      showMain: (route, pageKey) => (shown.push([route, pageKey]), true),
    });
    expect(
      await withHost.handlers['app:show-main']({ route: '/declare', pageKey: 'zephyr:p1' }),
    ).toEqual({ shown: true });
    expect(shown).toEqual([['/declare', 'zephyr:p1']]);
    expect(await ctx.app.handlers['app:show-main']({ route: '/now' })).toEqual({ shown: false });
  });
});

describe('app service: playbook file setting', () => {
  it('points the playbook at the file the settings name, and follows changes', async () => {
    const ctx = setup({ settings: { playbookPath: '/teams/a.yaml' } });
    const files: (string | undefined)[] = [];
    const app = createAppService({
      ...ctx.deps,
      playbook: { ...ctx.deps.playbook, setFile: (f) => void files.push(f) },
    });
    await app.start();
    expect(files.at(-1)).toBe('/teams/a.yaml');
    await app.handlers['settings:update']({ patch: { playbookPath: '' } });
    expect(files.at(-1)).toBeUndefined();
    await app.stop();
  });
});

describe('app service: can I be reached', () => {
  it('reports a muted system sound as a reachability problem', async () => {
    const ctx = setup();
    ctx.notifier.caps = { available: true, actions: true, soundMuted: true };
    await ctx.app.start();
    expect(ctx.app.state().reachability).toEqual({
      ok: false,
      problems: ['Your sound is muted: you will not hear the alarm when a page rings.'],
    });
    await ctx.app.stop();
  });
});

describe('app service: reachability is reported like feed health', () => {
  it('notifies and names the problem in the tray tooltip, and clears when it is gone', async () => {
    const ctx = setup();
    ctx.notifier.caps = { available: true, actions: true, doNotDisturb: true };
    await ctx.app.start();
    await ctx.clock.advanceAsync(100);
    const shown = ctx.notifier.shownWithTag('reachability');
    expect(shown).toHaveLength(1);
    expect(shown[0]?.body).toContain('Do Not Disturb');
    expect(ctx.tray.last()?.tooltip).toContain('Alerts may not reach you: Do Not Disturb is on');
    ctx.notifier.caps = { available: true, actions: true, doNotDisturb: false };
    await ctx.app.handlers['alerts:test']({});
    await ctx.clock.advanceAsync(100);
    expect(ctx.notifier.closed).toContain('reachability');
    expect(ctx.tray.last()?.tooltip).not.toContain('Alerts may not reach you');
    await ctx.app.stop();
  });

  it('keeps the alarm of a refused acknowledgement after the next poll succeeds', async () => {
    const clock = new FakeClock();
    const source = new FakeSource(clock, me);
    source.pages = [makePage('p1', me, clock.now())];
    const { app } = await started({ clock, source });
    source.next('acknowledge', {
      error: new SourceError('unauthorized', 'token may not write', 403),
    });
    await app.acknowledge('zephyr:p1');
    await clock.advanceAsync(100);
    expect(app.state().sources[0]?.health).toMatchObject({ state: 'unauthorized', alarm: true });
    await clock.advanceAsync(30_000);
    expect(source.callsOf('pollPages').length).toBeGreaterThan(2);
    expect(app.state().sources[0]?.health).toMatchObject({ state: 'unauthorized', alarm: true });
    expect(app.state().tray.state).toBe('feed-down');
    await app.stop();
  });
});
