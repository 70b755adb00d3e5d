import { describe, expect, it } from 'vitest';
import { createConfigReader } from '../../../../src/main/core/config/config-reader.js';
import type { Settings } from '../../../../src/shared/contract.js';
import { RecordingLogger } from '../../../fakes/recording-logger.js';

function reader(env: Record<string, string> = {}, initial: unknown = {}) {
  let raw: unknown = initial;
  let reads = 0;
  const secrets = new Map<string, string>();
  const logger = new RecordingLogger();
  const config = createConfigReader({
    settings: {
      readRaw: () => {
        reads += 1;
        if (raw === 'unreadable') throw new Error('settings.json: unexpected end of JSON');
        return raw;
      },
      write: (s: Settings) => void (raw = s),
    },
    secrets: {
      get: (n) => secrets.get(n),
      set: (n, v) => void secrets.set(n, v),
      delete: (n) => void secrets.delete(n),
    },
    env,
    logger,
  });
  return { config, reads: () => reads, logger };
}

describe('config reader', () => {
  it('resolves once: current() does not read the settings file again', () => {
    const { config, reads } = reader({}, { pollIntervalSeconds: 7 });
    expect(config.current().settings.pollIntervalSeconds).toBe(7);
    config.current();
    config.current();
    expect(reads()).toBe(1);
  });

  it('writes settings and secrets, resolves again and tells listeners what changed', () => {
    const { config } = reader({ ZEPHYR_PLATFORM_TOKEN: 'env-token' });
    const seen: [string | undefined, string | undefined][] = [];
    config.onChange((now, before) =>
      seen.push([before.secret('pagerdutyToken'), now.secret('pagerdutyToken')]),
    );
    config.setSecret('pagerdutyToken', 'pd');
    expect(config.current().secret('pagerdutyToken')).toBe('pd');
    expect(config.current().secret('platformToken')).toBe('env-token');
    config.writeSettings({ ...config.current().stored, pollIntervalSeconds: 9 });
    expect(config.current().settings.pollIntervalSeconds).toBe(9);
    config.deleteSecret('pagerdutyToken');
    expect(seen).toEqual([
      [undefined, 'pd'],
      ['pd', 'pd'],
      ['pd', undefined],
    ]);
  });

  it('an unreadable settings file means the defaults, and says so in the log', () => {
    const { config, logger } = reader({}, 'unreadable');
    expect(config.current().settings.pollIntervalSeconds).toBeGreaterThan(0);
    expect(logger.entries).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: 'settings file unreadable; using defaults',
      }),
    );
  });
});
