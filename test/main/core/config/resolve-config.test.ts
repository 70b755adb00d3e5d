import { describe, expect, it } from 'vitest';
import { managedBy, resolveConfig } from '../../../../src/main/core/config/resolve-config.js';

const noSecrets = { get: () => undefined };

describe('resolveConfig', () => {
  it('uses defaults for an empty or missing file', () => {
    const c = resolveConfig({ raw: undefined, env: {}, secrets: noSecrets });
    expect(c.settings.pollIntervalSeconds).toBe(5);
    expect(c.settings.feedAlarmSeconds).toBe(60);
    expect(c.errors).toEqual([]);
    expect(c.view.origins.platformUrl).toBe('default');
    expect(c.view.secrets.platformToken).toEqual({ set: false, managed: false });
  });

  it('keeps valid fields and names each bad one, which falls back to its default', () => {
    const c = resolveConfig({
      raw: {
        platformUrl: 'https://zephyr.example.com',
        pollIntervalSeconds: 'fast',
        alertVolume: 7,
      },
      env: {},
      secrets: noSecrets,
    });
    expect(c.settings.platformUrl).toBe('https://zephyr.example.com');
    expect(c.view.origins.platformUrl).toBe('settings');
    expect(c.settings.pollIntervalSeconds).toBe(5);
    expect(c.settings.alertVolume).toBe(1);
    expect(c.errors).toHaveLength(2);
    expect(c.errors[0]).toMatch(
      /^settings file: pollIntervalSeconds: .*number.*using the default$/,
    );
    expect(c.errors[1]).toMatch(/^settings file: alertVolume: /);
    expect(c.view.origins.pollIntervalSeconds).toBe('default');
  });

  it('takes a feed alarm from 1 s (the e2e tests use it) to 3600 s', () => {
    const fast = resolveConfig({ raw: { feedAlarmSeconds: 1 }, env: {}, secrets: noSecrets });
    expect(fast.settings.feedAlarmSeconds).toBe(1);
    expect(fast.errors).toEqual([]);
    const zero = resolveConfig({ raw: { feedAlarmSeconds: 0 }, env: {}, secrets: noSecrets });
    expect(zero.settings.feedAlarmSeconds).toBe(60);
    expect(zero.errors).toEqual([expect.stringMatching(/^settings file: feedAlarmSeconds: /)]);
  });

  it('says so when the file is not an object at all', () => {
    const c = resolveConfig({ raw: [1, 2], env: {}, secrets: noSecrets });
    expect(c.errors).toEqual(['settings file: expected a JSON object; using the defaults']);
    expect(c.settings.platformUrl).toBe('');
  });

  it('lets the environment override settings and secrets, marking them managed, never exposing the token', () => {
    const c = resolveConfig({
      raw: { platformUrl: 'https://a.example.com', playbookPath: '/x.yaml' },
      env: {
        ZEPHYR_PLATFORM_URL: 'https://b.example.com',
        ZEPHYR_PLATFORM_TOKEN: 'tok-env',
        ZEPHYR_PLAYBOOK: '/etc/zephyr/playbook.yaml',
      },
      secrets: { get: () => 'tok-stored' },
    });
    expect(c.settings.platformUrl).toBe('https://b.example.com');
    expect(c.stored.platformUrl).toBe('https://a.example.com');
    expect(c.settings.playbookPath).toBe('/etc/zephyr/playbook.yaml');
    expect(c.view.origins).toMatchObject({ platformUrl: 'env', playbookPath: 'env' });
    expect(c.platformToken).toBe('tok-env');
    expect(c.view.secrets.platformToken).toEqual({ set: true, managed: true });
    expect(JSON.stringify(c.view)).not.toContain('tok-');
    expect(managedBy('platformUrl', { ZEPHYR_PLATFORM_URL: 'x' })).toBe('ZEPHYR_PLATFORM_URL');
    expect(managedBy('platformUrl', { ZEPHYR_PLATFORM_URL: '' })).toBeUndefined();
  });

  it('uses the stored token when no env token is set', () => {
    const c = resolveConfig({ raw: {}, env: {}, secrets: { get: () => 'tok-stored' } });
    expect(c.platformToken).toBe('tok-stored');
    expect(c.view.secrets.platformToken).toEqual({ set: true, managed: false });
  });
});
