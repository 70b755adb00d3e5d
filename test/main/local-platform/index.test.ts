import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from '../../../src/shared/domain.js';
import { startLocalPlatform } from '../../../src/main/local-platform/index.js';
import { STATE_FILE_NAME } from '../../../src/main/local-platform/state-file.js';
import { validateResponse } from '../../helpers/openapi.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'zephyr-platform-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const user = { name: 'Grace Hopper', email: 'grace@localhost' };

async function post(url: string, token: string, path: string, body?: unknown) {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const json = (await res.json()) as unknown;
  validateResponse('POST', path, res.status, json);
  return { status: res.status, body: json };
}

describe('startLocalPlatform', () => {
  it('listens on 127.0.0.1 and puts the user on call at level 1 of the platform rotation', async () => {
    const platform = await startLocalPlatform({ dataDir: tempDir(), token: 'tok', user });
    try {
      expect(platform.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(platform.token).toBe('tok');
      const res = await fetch(`${platform.url}/v1/oncall`, {
        headers: { Authorization: 'Bearer tok' },
      });
      const body = (await res.json()) as {
        rotations: {
          id: string;
          shifts: { level: number; person: { name: string; email: string } }[];
        }[];
      };
      validateResponse('GET', '/v1/oncall', res.status, body);
      const level1 = body.rotations
        .find((r) => r.id === 'platform')
        ?.shifts.find((s) => s.level === 1);
      expect(level1?.person).toMatchObject(user);
    } finally {
      await platform.close();
    }
  });

  it('loses nothing across a restart and keeps everyone else’s tokens', async () => {
    const dataDir = tempDir();
    const first = await startLocalPlatform({
      dataDir,
      token: 'tok',
      user,
      control: { token: 'ctl' },
    });
    const priyaToken = first.engine.tokenFor('priya');
    const created = await post(first.url, 'tok', '/v1/pages', {
      title: 'Disk',
      target: { rotation: 'platform' },
    });
    const page = created.body as Page;
    first.engine.advance(120);
    await post(first.url, 'tok', '/v1/incidents', { severity: 3, summary: 'Slow builds' });
    const before = first.engine.controlState();
    await first.close();

    const mode = statSync(join(dataDir, STATE_FILE_NAME)).mode & 0o777;
    expect(mode).toBe(0o600);

    const second = await startLocalPlatform({ dataDir, token: 'tok2', user });
    try {
      const after = second.engine.controlState();
      expect(after.pages).toEqual(before.pages);
      expect(after.incidents).toEqual(before.incidents);
      expect(after.notifications).toEqual(before.notifications);
      expect(second.engine.tokenFor('priya')).toBe(priyaToken);
      // The clock offset survives too: three more minutes reach the five-minute step.
      second.engine.advance(180);
      expect(second.engine.controlState().pages.find((p) => p.id === page.id)?.target.id).toBe(
        'priya',
      );
      // The user's token is the one given at this start.
      const old = await fetch(`${second.url}/v1/me`, { headers: { Authorization: 'Bearer tok' } });
      expect(old.status).toBe(401);
    } finally {
      await second.close();
    }
  });

  it('moves a corrupt state file aside (never overwritten) and starts afresh', async () => {
    const dataDir = tempDir();
    const path = join(dataDir, STATE_FILE_NAME);
    const moved: string[] = [];
    for (const bad of [
      '{"version": 1, "people": [',
      JSON.stringify({ version: 1, people: 'nobody' }),
    ]) {
      writeFileSync(path, bad);
      const platform = await startLocalPlatform({
        dataDir,
        token: 'tok',
        user,
        onRecovered: (r) => moved.push(r.movedTo),
      });
      await platform.close();
      expect(readFileSync(moved.at(-1)!, 'utf8')).toBe(bad);
    }
    expect(new Set(moved).size).toBe(2);
  });

  it('says clearly when the port is taken', async () => {
    const a = await startLocalPlatform({ dataDir: tempDir(), token: 'tok', user });
    try {
      const port = Number(new URL(a.url).port);
      await expect(
        startLocalPlatform({ dataDir: tempDir(), token: 'tok', user, port }),
      ).rejects.toThrow(`port ${port} on 127.0.0.1 is already in use`);
    } finally {
      await a.close();
    }
  });

  it('never writes a token to the log', async () => {
    const lines: string[] = [];
    const logger = {
      debug: (m: string, f?: Record<string, unknown>) => lines.push(m + JSON.stringify(f ?? {})),
      info: (m: string, f?: Record<string, unknown>) => lines.push(m + JSON.stringify(f ?? {})),
      warn: (m: string, f?: Record<string, unknown>) => lines.push(m + JSON.stringify(f ?? {})),
      error: (m: string, f?: Record<string, unknown>) => lines.push(m + JSON.stringify(f ?? {})),
    };
    const platform = await startLocalPlatform({
      dataDir: tempDir(),
      token: 'secret-user-token',
      user,
      control: { token: 'secret-control-token' },
      logger,
    });
    try {
      await post(platform.url, 'secret-user-token', '/v1/pages', {
        title: 'x',
        target: { rotation: 'platform' },
      });
      await fetch(`${platform.url}/control/state`, {
        headers: { Authorization: 'Bearer secret-control-token' },
      });
    } finally {
      await platform.close();
    }
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toMatch(/secret-(user|control)-token/);
  });
});
