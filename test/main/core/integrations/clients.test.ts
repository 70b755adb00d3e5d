/** Vendor clients name what is wrong: bad token, missing scope, unknown page id, rate limits. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackClient } from '../../../../src/main/core/integrations/slack-client.js';
import { createStatuspageClient } from '../../../../src/main/core/integrations/statuspage-client.js';
import { createLinearClient } from '../../../../src/main/core/integrations/linear-client.js';
import { IntegrationError } from '../../../../src/main/core/integrations/integration-error.js';
import { LinearFake } from '../../../fakes/linear-fake.js';
import { SlackFake } from '../../../fakes/slack-fake.js';
import { StatuspageFake } from '../../../fakes/statuspage-fake.js';

describe('Slack client errors', () => {
  let slack: SlackFake;
  beforeAll(async () => {
    slack = await new SlackFake().start();
  });
  afterAll(async () => {
    await slack.close();
  });

  it('a wrong token says so', async () => {
    const client = createSlackClient({ token: 'xoxb-wrong', slackApiUrl: slack.url, retries: 0 });
    await expect(client.testConnection()).rejects.toMatchObject({
      kind: 'auth',
      message: expect.stringMatching(/Slack rejected the token \(invalid_auth\)/),
    });
  });

  it('a missing scope names the scope needed', async () => {
    slack.fault('conversations.list', {
      kind: 'error',
      error: 'missing_scope',
      needed: 'channels:read',
    });
    const client = createSlackClient({ token: slack.token, slackApiUrl: slack.url, retries: 0 });
    const err = await client.findChannelForDeclaration('x', []).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IntegrationError);
    expect((err as IntegrationError).message).toMatch(/missing the scope 'channels:read'/);
  });

  it('Test connection says who and where', async () => {
    const client = createSlackClient({ token: slack.token, slackApiUrl: slack.url });
    expect(await client.testConnection()).toMatchObject({
      user: 'zephyr-oncall',
      team: 'Zephyr Test',
    });
  });
});

describe('Statuspage client errors', () => {
  const fake = new StatuspageFake();
  const client = (over: { apiKey?: string; pageId?: string } = {}) =>
    createStatuspageClient({
      apiKey: over.apiKey ?? fake.apiKey,
      pageId: over.pageId ?? fake.pageId,
      apiUrl: 'http://127.0.0.1:9/v1',
      fetch: fake.fetch,
    });

  it('an unknown page id is named', async () => {
    await expect(client({ pageId: 'nope' }).testConnection()).rejects.toMatchObject({
      kind: 'not-found',
      message:
        "Statuspage has no page with id 'nope' (or the key cannot see it): check the page id in Settings",
    });
  });

  it('a wrong key says the token was rejected', async () => {
    await expect(client({ apiKey: 'bad' }).testConnection()).rejects.toMatchObject({
      kind: 'auth',
      message: expect.stringMatching(/^Statuspage rejected the token/),
    });
  });

  it('waits out 429 per Retry-After, then succeeds; gives up with a clear message', async () => {
    const waits: number[] = [];
    let limited = 1;
    const limitedFetch: typeof fetch = async (input, init) =>
      limited-- > 0
        ? new Response('{}', { status: 429, headers: { 'Retry-After': '7' } })
        : fake.fetch(input, init);
    const c = createStatuspageClient({
      apiKey: fake.apiKey,
      pageId: fake.pageId,
      apiUrl: 'http://127.0.0.1:9/v1',
      fetch: limitedFetch,
      sleep: async (ms) => void waits.push(ms),
    });
    expect(await c.testConnection()).toEqual({ pageName: 'Zephyr Status' });
    expect(waits).toEqual([7000]);
    limited = 10;
    await expect(c.testConnection()).rejects.toMatchObject({ kind: 'rate-limited' });
  });
});

describe('Linear client', () => {
  it('Test connection and an unknown team', async () => {
    const fake = new LinearFake();
    const c = createLinearClient({ token: 'lin_api_x', fetch: fake.fetch });
    expect(await c.testConnection()).toEqual({
      name: 'Test User',
      email: 'test.user@localhost',
      workspace: 'Zephyr',
    });
    await expect(c.findTeam('NOPE')).rejects.toThrow(
      "Linear has no team with key or id 'NOPE': check the team in Settings",
    );
  });

  /** A client answering every request with `data` (HTTP 200), but lookups by id with HTTP 503. */
  const answering = (data: Record<string, unknown>) =>
    createLinearClient({
      token: 'lin_api_x',
      fetch: async (_url, init) =>
        /ById\(/.test(String(init?.body))
          ? Response.json({ message: 'down' }, { status: 503 })
          : Response.json({ data }),
    });

  it('a create Linear answers without success is an invalid response naming what it did not make', async () => {
    const failed = answering({
      issueLabels: { nodes: [] },
      issueLabelCreate: { success: false, issueLabel: null },
      issueCreate: { success: true, issue: null },
    });
    await expect(failed.ensureLabel('team-1', 'SEV-2')).rejects.toMatchObject({
      kind: 'invalid-response',
      message: "Linear did not create label 'SEV-2'",
    });
    const ticket = { id: 'i', teamId: 't', title: 'x', description: 'd', labelIds: [] };
    await expect(failed.createIssue(ticket)).rejects.toMatchObject({
      kind: 'invalid-response',
      message: 'Linear did not create the incident ticket',
    });
  });

  it('a lookup by id that fails for another reason than an unknown id is not taken as absent', async () => {
    const down = answering({ teams: { nodes: [] } });
    await expect(down.findIssue('5b1c2d3e-0000-4000-8000-000000000001')).rejects.toMatchObject({
      kind: 'server',
    });
    const teamId = '5b1c2d3e-0000-4000-8000-00000000ffff';
    await expect(down.findTeam(teamId)).rejects.toMatchObject({ kind: 'server' });
  });
});
