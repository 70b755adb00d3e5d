import { describe, expect, it } from 'vitest';
import type { NotificationRequest } from '../../../src/main/core/ports.js';
import { createElectronNotifier } from '../../../src/main/electron/electron-notifier.js';
import { createFakeElectron } from '../../fakes/electron/fake-electron.js';
import { RecordingLogger } from '../../fakes/recording-logger.js';

function request(overrides: Partial<NotificationRequest> = {}): NotificationRequest {
  return {
    tag: 'page:zephyr:p1',
    title: 'Paged: database down',
    body: 'Escalates to Bo in 5:00',
    urgency: 'critical',
    actions: [{ id: 'ack', label: 'Acknowledge' }],
    sticky: true,
    sound: true,
    ...overrides,
  };
}

function setup(platform: NodeJS.Platform, supported = true) {
  const fake = createFakeElectron({ platform, notificationsSupported: supported });
  const notifier = createElectronNotifier({
    createNotification: (options) => new fake.Notification({ ...options }),
    isSupported: () => fake.Notification.isSupported(),
    platform,
    dock: fake.app.dock,
    logger: new RecordingLogger(),
  });
  return { fake, notifier };
}

describe('createElectronNotifier', () => {
  it('replaces the notification of a tag instead of stacking a second one', async () => {
    const { fake, notifier } = setup('darwin');
    await notifier.show(request({ body: 'first' }));
    await notifier.show(request({ body: 'second' }));
    const [first, second] = fake.record.notifications;
    expect(first?.closed).toBe(true);
    expect(second?.closed).toBe(false);
    expect(second?.options.body).toBe('second');
    expect(fake.record.notifications.filter((n) => !n.closed)).toHaveLength(1);
  });

  it('keeps notifications of different tags apart and closes by tag', async () => {
    const { fake, notifier } = setup('win32');
    await notifier.show(request({ tag: 'a' }));
    await notifier.show(request({ tag: 'b' }));
    await notifier.close('a');
    expect(fake.record.notifications.map((n) => n.closed)).toEqual([true, false]);
  });

  it('reports the Acknowledge button and body clicks with the tag', async () => {
    const { fake, notifier } = setup('darwin');
    const seen: [string, string][] = [];
    notifier.onAction((tag, action) => seen.push([tag, action]));
    await notifier.show(
      request({
        actions: [
          { id: 'ack', label: 'Acknowledge' },
          { id: 'open', label: 'Open' },
        ],
      }),
    );
    const shown = fake.record.notifications[0]!;
    shown.pressAction(0);
    shown.pressAction(1);
    shown.click();
    expect(seen).toEqual([
      ['page:zephyr:p1', 'ack'],
      ['page:zephyr:p1', 'open'],
      ['page:zephyr:p1', 'default'],
    ]);
  });

  it('ignores actions of a replaced notification', async () => {
    const { fake, notifier } = setup('darwin');
    const seen: string[] = [];
    notifier.onAction((_tag, action) => seen.push(action));
    await notifier.show(request());
    await notifier.show(request());
    fake.record.notifications[1]!.pressAction(0);
    expect(seen).toEqual(['ack']);
  });

  it('on macOS shows an Acknowledge button with sound and bounces the dock for critical pages', async () => {
    const { fake, notifier } = setup('darwin');
    await notifier.show(request());
    const options = fake.record.notifications[0]!.options;
    expect(options.actions).toEqual([{ type: 'button', text: 'Acknowledge' }]);
    expect(options.silent).toBe(false);
    expect(fake.app.dock?.bounces).toEqual(['critical']);
    await notifier.close('page:zephyr:p1');
    expect(fake.app.dock?.cancelled).toEqual([1]);
  });

  it('on Windows asks for a critical toast that never times out', async () => {
    const { fake, notifier } = setup('win32');
    await notifier.show(request());
    expect(fake.record.notifications[0]!.options).toMatchObject({
      urgency: 'critical',
      timeoutType: 'never',
      actions: [{ type: 'button', text: 'Acknowledge' }],
    });
  });

  it('says clearly when notifications are unsupported', async () => {
    const { notifier } = setup('win32', false);
    const caps = await notifier.capabilities();
    expect(caps.available).toBe(false);
    expect(caps.problem).toMatch(/does not support notifications/);
    expect(await setup('darwin').notifier.capabilities()).toEqual({
      available: true,
      actions: true,
    });
  });
});
