import { describe, expect, it } from 'vitest';
import type { NotificationRequest } from '../../../src/main/core/ports.js';
import { parseDeepLink } from '../../../src/main/electron/deep-link.js';
import { createElectronNotifier } from '../../../src/main/electron/electron-notifier.js';
import { pageToastXml, xmlEscape } from '../../../src/main/electron/windows-toast.js';
import { createFakeElectron } from '../../fakes/electron/fake-electron.js';
import { RecordingLogger } from '../../fakes/recording-logger.js';

const NONCE = '0123456789abcdef0123456789abcdef';

const ring: NotificationRequest = {
  tag: 'zephyr:P1',
  title: 'Paged: <db> & "cache" down',
  body: 'SEV-1 · api · escalates in 4:59',
  urgency: 'critical',
  actions: [{ id: 'acknowledge', label: 'Acknowledge' }],
  sticky: true,
  sound: true,
};

/** The attribute values of every `<action>` in the XML, decoded. */
function actions(xml: string): { content: string; type: string; args: string }[] {
  const found = [
    ...xml.matchAll(/<action content="([^"]*)" activationType="([^"]*)" arguments="([^"]*)"\/>/g),
  ];
  const decode = (s: string) =>
    s
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  return found.map((m) => ({ content: m[1]!, type: m[2]!, args: decode(m[3]!) }));
}

describe('pageToastXml', () => {
  it('is an urgent toast whose buttons work by protocol activation (cold start too)', () => {
    const xml = pageToastXml(ring, NONCE)!;
    expect(xml).toMatch(
      /^<toast scenario="urgent" activationType="protocol" launch="zephyr:\/\/page\/zephyr%3AP1">/,
    );
    expect(xml).toContain('<text>Paged: &lt;db&gt; &amp; &quot;cache&quot; down</text>');
    expect(xml).toContain('Notification.Looping.Alarm');
    const [ack, open] = actions(xml);
    expect(ack).toMatchObject({ content: 'Acknowledge', type: 'protocol' });
    expect(open).toMatchObject({ content: 'Open', type: 'protocol' });
    // The Acknowledge button acknowledges in this launch only; after a restart it opens the page.
    expect(parseDeepLink(ack!.args, NONCE)).toEqual({
      kind: 'ack',
      id: 'zephyr:P1',
      confirmed: true,
    });
    expect(parseDeepLink(ack!.args, 'f'.repeat(32))).toMatchObject({ confirmed: false });
    expect(parseDeepLink(open!.args)).toEqual({ kind: 'page', id: 'zephyr:P1' });
  });

  it('leaves other notifications to the plain options', () => {
    expect(
      pageToastXml({ ...ring, actions: [{ id: 'open', label: 'Open' }] }, NONCE),
    ).toBeUndefined();
    expect(xmlEscape(`a&b<c>"d'`)).toBe('a&amp;b&lt;c&gt;&quot;d&apos;');
  });

  it.each(['win32', 'darwin'] as const)(
    'the notifier uses it on Windows only (%s)',
    async (platform) => {
      const fake = createFakeElectron({ platform });
      const notifier = createElectronNotifier({
        createNotification: (options) => new fake.Notification({ ...options }),
        isSupported: () => true,
        platform,
        logger: new RecordingLogger(),
        toastXml: (request) => pageToastXml(request, NONCE),
      });
      await notifier.show(ring);
      const options = fake.record.notifications[0]!.options;
      if (platform === 'win32') expect(options.toastXml).toContain('scenario="urgent"');
      else expect(options.toastXml).toBeUndefined();
    },
  );
});
