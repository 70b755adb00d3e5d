/**
 * DbusNotifier against a real desktop session: Xvfb, a private dbus-daemon and dunst
 * (test/helpers/desktop-session.ts). Actions are invoked through dunst's own context menu, so the
 * ActionInvoked signals come from dunst, not from the test.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import * as dbusNative from '@homebridge/dbus-native';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Logger, NotificationRequest } from '../../../src/main/core/ports.js';
import {
  DbusNotifier,
  NO_ACTION_BUTTONS,
  NO_NOTIFICATION_SERVER,
} from '../../../src/main/node/dbus-notifier.js';
import {
  missingDesktopTools,
  startDesktopSession,
  type DesktopSession,
} from '../../helpers/desktop-session.js';

const missing = missingDesktopTools();
if (missing.length > 0) {
  const message = `Linux notification test needs ${missing.join(', ')} (apt: xvfb dbus-daemon dbus-bin dunst systemd)`;
  if (process.env.CI) throw new Error(`${message}: required on CI`);
  console.warn(`Skipping: ${message}`);
}
const suite = describe.skipIf(missing.length > 0);

interface LogEntry {
  level: keyof Logger;
  message: string;
  fields?: Record<string, unknown>;
}

function recordingLogger(): Logger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const record = (level: keyof Logger) => (message: string, fields?: Record<string, unknown>) =>
    entries.push({ level, message, ...(fields ? { fields } : {}) });
  return {
    entries,
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
}

function pageNotification(overrides: Partial<NotificationRequest> = {}): NotificationRequest {
  return {
    tag: 'page:P-1',
    title: 'Page: DB down',
    body: 'orders-db primary unreachable',
    urgency: 'critical',
    actions: [{ id: 'acknowledge', label: 'Acknowledge' }],
    sticky: true,
    sound: true,
    ...overrides,
  };
}

/** Polls dunst until its waiting queue is empty, then answers how many it displays. */
async function displayedWhenSettled(session: DesktopSession): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if ((await session.dunstctl(['count', 'waiting'])).trim() === '0') break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Number((await session.dunstctl(['count', 'displayed'])).trim());
}

/** The next (tag, actionId) the notifier reports. */
function nextAction(notifier: DbusNotifier): Promise<[string, string]> {
  return new Promise((resolve) => {
    const unsubscribe = notifier.onAction((tag, actionId) => {
      unsubscribe();
      resolve([tag, actionId]);
    });
  });
}

suite('DbusNotifier with dunst on a real session bus', () => {
  let session: DesktopSession;
  let notifier: DbusNotifier;
  let logger: ReturnType<typeof recordingLogger>;

  beforeAll(async () => {
    session = await startDesktopSession();
  });
  afterAll(async () => {
    await session?.stop();
  });
  afterEach(async () => {
    await notifier?.dispose();
    await session.dunstctl(['close-all']);
    await session.dunstctl(['set-paused', 'false']);
  });

  function makeNotifier(): DbusNotifier {
    logger = recordingLogger();
    notifier = new DbusNotifier({
      appName: 'Zephyr On-Call',
      logger,
      busAddress: session.busAddress,
    });
    return notifier;
  }

  it('reports dunst as available with action buttons, and its pause as Do Not Disturb', async () => {
    makeNotifier();
    expect(await notifier.capabilities()).toEqual({
      available: true,
      actions: true,
      doNotDisturb: false,
    });
    await session.dunstctl(['set-paused', 'true']);
    expect(await notifier.capabilities()).toMatchObject({ available: true, doNotDisturb: true });
  });

  it('shows a critical page, and Acknowledge picked in dunst reaches onAction with its tag', async () => {
    makeNotifier();
    const received = nextAction(notifier);
    await notifier.show(pageNotification());
    expect(await displayedWhenSettled(session)).toBe(1);

    const { menu, chosen } = await session.invokeAction('acknowledge');
    expect(menu).toEqual([
      expect.stringMatching(/^#Acknowledge \(Page: DB down\) \[\d+,acknowledge\]$/),
      expect.stringMatching(/^#Open \(Page: DB down\) \[\d+,default\]$/),
    ]);
    expect(chosen).toMatch(/,acknowledge\]$/);
    expect(await received).toEqual(['page:P-1', 'acknowledge']);

    // dunst keeps it on screen after the action: closing is the app's call (the acknowledgement
    // may still fail). Once closed, dunst's history shows what it understood.
    expect(await displayedWhenSettled(session)).toBe(1);
    await notifier.close('page:P-1');
    expect(await displayedWhenSettled(session)).toBe(0);
    const [latest] = await session.history();
    expect(latest).toMatchObject({
      appname: 'Zephyr On-Call',
      summary: 'Page: DB down',
      body: 'orders-db primary unreachable',
      timeout: 0,
    });
    expect(latest?.message).toMatch(/^\[critical\] /);
  });

  it('maps a click on the body (default action) of one of two notifications to its own tag', async () => {
    makeNotifier();
    await notifier.show(pageNotification({ tag: 'page:P-1', title: 'Page one' }));
    await notifier.show(pageNotification({ tag: 'page:P-2', title: 'Page two' }));
    expect(await displayedWhenSettled(session)).toBe(2);

    const received = nextAction(notifier);
    const { chosen } = await session.invokeAction('default', 'Page two');
    expect(chosen).toMatch(/^#Open \(Page two\) \[\d+,default\]$/);
    expect(await received).toEqual(['page:P-2', 'default']);
  });

  it('replaces the notification when the same tag is shown again, never stacks', async () => {
    makeNotifier();
    await notifier.show(pageNotification({ title: 'Page: DB down' }));
    expect(await displayedWhenSettled(session)).toBe(1);
    await notifier.show(pageNotification({ title: 'Page: DB down (re-sent)' }));
    expect(await displayedWhenSettled(session)).toBe(1);

    // The one on screen is the re-sent one: close it through the notifier and read the history.
    await notifier.close('page:P-1');
    expect(await displayedWhenSettled(session)).toBe(0);
    const [latest] = await session.history();
    expect(latest?.summary).toBe('Page: DB down (re-sent)');
    // And the re-sent notification still answers to its tag.
    await notifier.show(pageNotification({ title: 'Page: DB down (again)' }));
    const received = nextAction(notifier);
    await session.invokeAction('acknowledge');
    expect(await received).toEqual(['page:P-1', 'acknowledge']);
  });

  it('replaces, not stacks, when the same tag is shown twice at once', async () => {
    makeNotifier();
    await Promise.all([
      notifier.show(pageNotification({ title: 'Page: first' })),
      notifier.show(pageNotification({ title: 'Page: second' })),
    ]);
    expect(await displayedWhenSettled(session)).toBe(1);
  });

  it('lets normal, non-sticky notifications expire on the server default', async () => {
    makeNotifier();
    await notifier.show(
      pageNotification({ tag: 'info', title: 'Shift starts', urgency: 'normal', sticky: false }),
    );
    expect(await displayedWhenSettled(session)).toBe(1);
    await notifier.close('info');
    const [latest] = await session.history();
    expect(latest?.message).toMatch(/^\[normal\] /);
    expect(latest?.timeout).toBeGreaterThan(0);
  });

  it('reconnects on the next show after the bus went away, without throwing', async () => {
    makeNotifier();
    await notifier.show(pageNotification());
    await session.restartBus();

    await notifier.show(pageNotification({ title: 'Page: DB down (after restart)' }));
    expect(await displayedWhenSettled(session)).toBe(1);
    expect(logger.entries).toContainEqual(
      expect.objectContaining({ level: 'warn', message: expect.stringMatching(/connection lost/) }),
    );
    const received = nextAction(notifier);
    await session.invokeAction('acknowledge');
    expect(await received).toEqual(['page:P-1', 'acknowledge']);
  });
});

suite('DbusNotifier without a notification server', () => {
  let session: DesktopSession;

  beforeAll(async () => {
    session = await startDesktopSession({ notificationServer: false });
  });
  afterAll(async () => {
    await session?.stop();
  });

  it('reports unavailable with the reason when nobody owns org.freedesktop.Notifications', async () => {
    const logger = recordingLogger();
    const notifier = new DbusNotifier({
      appName: 'Zephyr',
      logger,
      busAddress: session.busAddress,
    });
    expect(await notifier.capabilities()).toEqual({
      available: false,
      actions: false,
      problem: NO_NOTIFICATION_SERVER,
    });
    await expect(notifier.show(pageNotification())).resolves.toBeUndefined();
    expect(logger.entries).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: 'Desktop notification could not be shown',
      }),
    );
    await notifier.dispose();
  });

  it('reports unavailable when the session bus cannot be reached', async () => {
    const notifier = new DbusNotifier({
      appName: 'Zephyr',
      logger: recordingLogger(),
      busAddress: 'unix:path=/nonexistent/zephyr-test-bus',
    });
    expect(await notifier.capabilities()).toEqual({
      available: false,
      actions: false,
      problem: NO_NOTIFICATION_SERVER,
    });
    await expect(notifier.close('nothing')).resolves.toBeUndefined();
  });

  describe('with a server that has no action buttons (GNOME-like, on the real bus)', () => {
    let server: FakeServer;
    let configHome: string;

    beforeAll(async () => {
      server = await startFakeServer(session.busAddress, {
        name: 'gnome-shell',
        capabilities: ['body'],
      });
      configHome = await mkdtemp(join(tmpdir(), 'zephyr-gsettings-'));
    });
    afterAll(async () => {
      server?.stop();
      vi.unstubAllEnvs();
      await rm(configHome, { recursive: true, force: true });
    });

    it('says it cannot show an Acknowledge button, and reads GNOME banners as Do Not Disturb', async () => {
      // gsettings' keyfile backend keeps the test away from the developer's own dconf.
      vi.stubEnv('GSETTINGS_BACKEND', 'keyfile');
      vi.stubEnv('XDG_CONFIG_HOME', configHome);
      const gsettings = (...args: string[]) =>
        new Promise<void>((resolve, reject) =>
          execFile('gsettings', args, (error) => (error ? reject(error) : resolve())),
        );
      const notifier = new DbusNotifier({
        appName: 'Zephyr',
        logger: recordingLogger(),
        busAddress: session.busAddress,
      });
      const gnomeDnd = missingDesktopTools(['gsettings']).length === 0;
      if (!gnomeDnd && process.env.CI) {
        throw new Error(
          'the Do Not Disturb check needs gsettings (apt: libglib2.0-bin): required on CI',
        );
      }
      if (gnomeDnd) {
        await gsettings('set', 'org.gnome.desktop.notifications', 'show-banners', 'false');
      }
      expect(await notifier.capabilities()).toEqual({
        available: true,
        actions: false,
        problem: NO_ACTION_BUTTONS,
        ...(gnomeDnd ? { doNotDisturb: true } : {}),
      });
      await notifier.dispose();
    });
  });
});

interface FakeServer {
  stop(): void;
}

/** Minimal view of @homebridge/dbus-native for exporting an object (its typings omit this). */
interface ServerBus {
  connection: { end(): void; on(event: 'error', listener: (error: unknown) => void): void };
  requestName(
    name: string,
    flags: number,
    callback: (error: unknown, reply: unknown) => void,
  ): void;
  exportInterface(implementation: object, path: string, description: object): void;
}

/**
 * A stand-in notification server owning org.freedesktop.Notifications on the real test bus, for
 * server kinds this machine cannot run (here: no action buttons, GNOME's name).
 */
async function startFakeServer(
  busAddress: string,
  server: { name: string; capabilities: string[] },
): Promise<FakeServer> {
  const library = dbusNative as unknown as {
    sessionBus(options: { busAddress: string }): ServerBus;
  };
  const bus = library.sessionBus({ busAddress });
  bus.connection.on('error', () => undefined);
  bus.exportInterface(
    {
      GetCapabilities: () => server.capabilities,
      GetServerInformation: () => [server.name, 'test', '1', '1.2'],
      Notify: () => 1,
      CloseNotification: () => undefined,
    },
    '/org/freedesktop/Notifications',
    {
      name: 'org.freedesktop.Notifications',
      methods: {
        GetCapabilities: ['', 'as'],
        GetServerInformation: ['', 'ssss'],
        Notify: ['susssasa{sv}i', 'u'],
        CloseNotification: ['u', ''],
      },
      signals: {},
      properties: {},
    },
  );
  await new Promise<void>((resolve, reject) =>
    bus.requestName('org.freedesktop.Notifications', 4, (error, reply) =>
      error || reply !== 1
        ? reject(new Error(`RequestName: ${String(error ?? reply)}`))
        : resolve(),
    ),
  );
  return { stop: () => bus.connection.end() };
}

describe('sound muted (pactl)', () => {
  it('reads "Mute: yes/no" and says nothing when pactl cannot answer', async () => {
    const { soundMutedOnLinux } = await import('../../../src/main/node/dbus-notifier.js');
    const answering = (text: string | undefined) => async () => text;
    expect(await soundMutedOnLinux(answering('Mute: yes'))).toBe(true);
    expect(await soundMutedOnLinux(answering('Mute: no'))).toBe(false);
    expect(await soundMutedOnLinux(answering(undefined))).toBeUndefined();
    expect(await soundMutedOnLinux(answering('Connection failure'))).toBeUndefined();
  });
});
