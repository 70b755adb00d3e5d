import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger, redact } from '../../../src/main/node/logger.js';
import { JsonFileStore } from '../../../src/main/node/json-file-store.js';
import type { RecoveredFile } from '../../../src/shared/domain.js';
import { FileSecretStore } from '../../../src/main/node/file-secret-store.js';
import { isAllowedExternalUrl } from '../../../src/main/core/url-policy.js';

const dir = () => mkdtempSync(join(tmpdir(), 'zephyr-'));

describe('logger', () => {
  it('never writes a known secret or an auth header value', async () => {
    const file = join(dir(), 'z.log');
    const echoed: string[] = [];
    const log = createLogger({
      file,
      secrets: () => ['s3cret-planted-token'],
      echo: (l) => echoed.push(l),
    });
    log.info('calling platform', { headers: { authorization: 'Bearer s3cret-planted-token' } });
    log.error('failed with s3cret-planted-token', { other: 'Token token=abcdefghijk123' });
    await log.close();
    const text = readFileSync(file, 'utf8') + echoed.join('\n');
    expect(text).not.toContain('s3cret-planted-token');
    expect(text).not.toContain('abcdefghijk123');
    expect(text).toContain('[redacted]');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('rotates at the size cap, keeps a bounded number of old files, still redacted', async () => {
    const folder = dir();
    const file = join(folder, 'zephyr.log');
    const log = createLogger({
      file,
      level: 'debug',
      secrets: () => ['s3cret-planted-token'],
      echo: () => undefined,
      rotation: { maxBytes: 4096, keep: 3 },
    });
    const filler = 'x'.repeat(150);
    for (let i = 0; i < 400; i += 1) {
      log.debug('feed failed', { i, filler, token: 's3cret-planted-token' });
      // Rotation happens between writes, as it does under a real flapping feed.
      if (i % 20 === 19) await new Promise((r) => setTimeout(r, 5));
    }
    await log.close();
    const names = readdirSync(folder).sort();
    expect(names).toEqual(['zephyr.log', 'zephyr.log.1', 'zephyr.log.2', 'zephyr.log.3']);
    for (const name of names) {
      const path = join(folder, name);
      // The cap is checked after each write: at most one line over it.
      expect(statSync(path).size).toBeLessThan(4096 + 300);
      expect(statSync(path).mode & 0o777).toBe(0o600);
      const text = readFileSync(path, 'utf8');
      expect(text).not.toContain('s3cret-planted-token');
      if (name !== 'zephyr.log') expect(statSync(path).size).toBeGreaterThanOrEqual(4096);
    }
    // Nothing queued is lost: the newest line is in the current file or the one just rotated.
    const newest = readFileSync(file, 'utf8') + readFileSync(`${file}.1`, 'utf8');
    expect(newest).toContain('"i":399');
  });

  it('redact leaves text without secrets alone', () => {
    expect(redact('page p1 acknowledged', ['zzzz-secret'])).toBe('page p1 acknowledged');
  });
});

describe('stores', () => {
  it('JsonFileStore round-trips and moves a corrupt file aside, reporting it', () => {
    const file = join(dir(), 'tracker.json');
    const reported: RecoveredFile[] = [];
    const store = new JsonFileStore<{ a: number }>(file, { onRecovered: (r) => reported.push(r) });
    expect(store.read()).toBeUndefined();
    store.write({ a: 1 });
    expect(store.read()).toEqual({ a: 1 });
    writeFileSync(file, '{"a":');
    expect(store.read()).toBeUndefined();
    expect(reported).toHaveLength(1);
    expect(reported[0]?.file).toBe(file);
    expect(readFileSync(reported[0]!.movedTo, 'utf8')).toBe('{"a":');
    expect(reported[0]?.problem).toMatch(/not valid JSON/);
  });

  it('FileSecretStore keeps secrets in a 0600 file', () => {
    const file = join(dir(), 'secrets.json');
    const secrets = new FileSecretStore(file);
    secrets.set('platformToken', 'tok-123456');
    expect(secrets.get('platformToken')).toBe('tok-123456');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    secrets.delete('platformToken');
    expect(secrets.get('platformToken')).toBeUndefined();
  });
});

describe('external URL policy', () => {
  it('allows only https links to known hosts', () => {
    expect(
      isAllowedExternalUrl('https://github.com/zephyr/platform/blob/main/runbooks/incident.md'),
    ).toBe(true);
    expect(isAllowedExternalUrl('https://acme.slack.com/archives/C1')).toBe(true);
    expect(isAllowedExternalUrl('http://github.com/')).toBe(false);
    expect(isAllowedExternalUrl('file:///etc/passwd')).toBe(false);
    expect(isAllowedExternalUrl('https://github.com.evil.example/')).toBe(false);
    expect(isAllowedExternalUrl('https://user:pw@github.com/')).toBe(false);
    expect(isAllowedExternalUrl('https://wiki.acme.dev/runbook', ['wiki.acme.dev'])).toBe(true);
  });
});
