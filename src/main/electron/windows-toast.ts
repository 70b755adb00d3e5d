/**
 * Windows toasts for a ringing page, as `toastXml` (Electron's `Notification` option that
 * replaces every other one on Windows). `scenario="urgent"` lets the toast break through Focus
 * Assist / Do Not Disturb where the user allowed urgent notifications (Windows 11 22H2+; older
 * versions show a normal toast). Buttons use protocol activation, so they work even after the
 * app restarted or crashed since the toast was shown: Windows launches `zephyr://…`, which the
 * running instance (or a fresh one) receives as a deep link. See `deep-link.ts` for why the
 * Acknowledge button carries this launch's nonce and what happens without it.
 */
import type { NotificationRequest } from '../core/ports.js';
import { ackLink, pageLink } from './deep-link.js';

/** Escapes text for an XML attribute or element. */
export function xmlEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/**
 * The toast XML for `request` when it is a ringing page (it has an `acknowledge` action), else
 * `undefined` (other notifications keep Electron's plain options). `request.tag` is the page key.
 */
export function pageToastXml(
  request: NotificationRequest,
  launchNonce: string,
): string | undefined {
  if (!request.actions.some((a) => a.id === 'acknowledge')) return undefined;
  const open = xmlEscape(pageLink(request.tag));
  const ack = xmlEscape(ackLink(request.tag, launchNonce));
  const audio = request.sound
    ? '<audio src="ms-winsoundevent:Notification.Looping.Alarm" loop="true"/>'
    : '<audio silent="true"/>';
  return [
    `<toast scenario="urgent" activationType="protocol" launch="${open}">`,
    '<visual><binding template="ToastGeneric">',
    `<text>${xmlEscape(request.title)}</text>`,
    `<text>${xmlEscape(request.body)}</text>`,
    '</binding></visual>',
    audio,
    '<actions>',
    `<action content="Acknowledge" activationType="protocol" arguments="${ack}"/>`,
    `<action content="Open" activationType="protocol" arguments="${open}"/>`,
    '</actions>',
    '</toast>',
  ].join('');
}
