import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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
  it('never writes a known secret or an auth header value', () => {
    const file = join(dir(), 'z.log');
    const echoed: string[] = [];
    const log = createLogger({
      file,
      secrets: () => ['s3cret-planted-token'],
      echo: (l) => echoed.push(l),
    });
    log.info('calling platform', { headers: { authorization: 'Bearer s3cret-planted-token' } });
    log.error('failed with s3cret-planted-token', { other: 'Token token=abcdefghijk123' });
    const text = readFileSync(file, 'utf8') + echoed.join('\n');
    expect(text).not.toContain('s3cret-planted-token');
    expect(text).not.toContain('abcdefghijk123');
    expect(text).toContain('[redacted]');
    expect(statSync(file).mode & 0o777).toBe(0o600);
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
