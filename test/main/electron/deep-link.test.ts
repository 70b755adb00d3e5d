import { describe, expect, it } from 'vitest';
import {
  ackLink,
  createLaunchNonce,
  deepLinkFromArgv,
  deepLinkHash,
  pageLink,
  parseDeepLink,
  resolvePageKey,
} from '../../../src/main/electron/deep-link.js';

const NONCE = 'a'.repeat(32);

describe('parseDeepLink', () => {
  it('accepts the page and incident forms and decodes their ids', () => {
    expect(parseDeepLink('zephyr://page/P123')).toEqual({ kind: 'page', id: 'P123' });
    expect(parseDeepLink('zephyr://page/zephyr%3AP123/')).toEqual({
      kind: 'page',
      id: 'zephyr:P123',
    });
    expect(parseDeepLink('zephyr://incident/INC-42')).toEqual({ kind: 'incident', id: 'INC-42' });
    expect(parseDeepLink('ZEPHYR://Incident/INC-42')).toEqual({ kind: 'incident', id: 'INC-42' });
  });

  it.each([
    'zephyr://page/',
    'zephyr://page',
    'zephyr://page/a/b',
    'zephyr://page/..',
    'zephyr://page/%2e%2e%2fsettings',
    'zephyr://page/a%2Fb',
    'zephyr://page/%E0%A4%A',
    'zephyr://page/a?acknowledge=1',
    'zephyr://page/a#x',
    'zephyr://user:pw@page/a',
    'zephyr://page:99/a',
    'zephyr://settings/x',
    'zephyr://acknowledge/P1',
    'zephyr:page/P1',
    'https://page/P1',
    'javascript:alert(1)',
    'zephyr://page/<script>',
    `zephyr://page/${'x'.repeat(200)}`,
    `zephyr://page/a${'%20'.repeat(300)}`,
    '',
  ])('refuses %s', (link) => {
    expect(parseDeepLink(link, NONCE)).toBeUndefined();
  });

  it('confirms an ack link only with this launch nonce; otherwise it merely opens the page', () => {
    const link = ackLink('zephyr:P1', NONCE);
    expect(parseDeepLink(link, NONCE)).toEqual({ kind: 'ack', id: 'zephyr:P1', confirmed: true });
    // A toast from an earlier launch, a guessed nonce, no nonce, or no nonce known here.
    expect(parseDeepLink(ackLink('zephyr:P1', 'b'.repeat(32)), NONCE)).toMatchObject({
      confirmed: false,
    });
    expect(parseDeepLink('zephyr://ack?page=zephyr%3AP1', NONCE)).toMatchObject({
      kind: 'ack',
      confirmed: false,
    });
    expect(parseDeepLink(link)).toMatchObject({ confirmed: false });
    expect(parseDeepLink(`zephyr://ack?page=P1&nonce=`, '')).toMatchObject({ confirmed: false });
    // Extra or repeated parameters, a path, or a bad page id: refused outright.
    expect(parseDeepLink(`${link}&x=1`, NONCE)).toBeUndefined();
    expect(parseDeepLink(`${link}&page=P2`, NONCE)).toBeUndefined();
    expect(parseDeepLink(`zephyr://ack/x?page=P1&nonce=${NONCE}`, NONCE)).toBeUndefined();
    expect(parseDeepLink(`zephyr://ack?page=../x&nonce=${NONCE}`, NONCE)).toBeUndefined();
  });
});

describe('deepLinkFromArgv', () => {
  it('finds the link among the other arguments a second launch passes', () => {
    const argv = ['/opt/Zephyr/zephyr-oncall', '--allow-file-access', 'zephyr://incident/INC-1'];
    expect(deepLinkFromArgv(argv)).toEqual({ kind: 'incident', id: 'INC-1' });
    expect(deepLinkFromArgv(['app', 'zephyr://bad/1', 'zephyr://page/P2'])).toEqual({
      kind: 'page',
      id: 'P2',
    });
    expect(deepLinkFromArgv(['app', '--hidden'])).toBeUndefined();
  });
});

describe('helpers', () => {
  it('makes a 128-bit hex nonce, links that round-trip, and the renderer hashes', () => {
    const nonce = createLaunchNonce((n) => new Uint8Array(n).fill(171));
    expect(nonce).toBe('ab'.repeat(16));
    expect(parseDeepLink(pageLink('zephyr:P9'))).toEqual({ kind: 'page', id: 'zephyr:P9' });
    expect(deepLinkHash({ kind: 'page', id: 'zephyr:P9' })).toBe('#/now?page=zephyr%3AP9');
    expect(deepLinkHash({ kind: 'incident', id: 'INC-1' })).toBe('#/incidents/INC-1');
  });

  it('resolves a page id to its key, preferring the ringing page', () => {
    const pages = [
      { key: 'pagerduty:P1', page: { id: 'P1' }, ringing: false },
      { key: 'zephyr:P1', page: { id: 'P1' }, ringing: true },
    ];
    expect(resolvePageKey('P1', pages)).toBe('zephyr:P1');
    expect(resolvePageKey('pagerduty:P1', pages)).toBe('pagerduty:P1');
    expect(resolvePageKey('P404', pages)).toBeUndefined();
  });
});
