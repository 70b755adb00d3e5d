/**
 * The paths the vendor fakes used to hide (issue 16): each fake now answers as its vendor does
 * (paging, error codes, error shapes, rate limits), and each test here failed on the client
 * before it learnt that answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLinearClient } from '../../../../src/main/core/integrations/linear-client.js';
import { createSlackClient } from '../../../../src/main/core/integrations/slack-client.js';
import { createStatuspageClient } from '../../../../src/main/core/integrations/statuspage-client.js';
import { LinearFake } from '../../../fakes/linear-fake.js';
import { SlackFake } from '../../../fakes/slack-fake.js';
import { StatuspageFake } from '../../../fakes/statuspage-fake.js';

describe('Slack, as Slack answers', () => {
  let slack: SlackFake;
  beforeAll(async () => {
    slack = await new SlackFake().start();
  });
  afterAll(async () => {
    await slack.close();
  });
  const client = () =>
    createSlackClient({ token: slack.token, slackApiUrl: slack.url, retries: 0 });

  it('finds its own kick-off in a busy channel, pages back (no second kick-off)', async () => {
    const channel = slack.addChannel('inc-busy', 'zephyr:d-busy', slack.botUserId);
    channel.members.push(slack.botUserId);
    const { ts } = await client().postMessage(channel.id, 'Kick-off [zephyr:d-busy]');
    for (let i = 0; i < 450; i += 1) slack.addMessage(channel, `chatter ${i}`);
    expect(await client().findOwnMessage(channel.id, '[zephyr:d-busy]')).toBe(ts);
    const reads = slack.calls.filter((c) => c.method === 'conversations.history');
    expect(reads.length).toBeGreaterThan(1);
    expect(reads.at(-1)?.params['cursor']).toBeTruthy();
  });

  it('a message Slack refuses with rate_limited (HTTP 200) is a rate limit, not a refusal', async () => {
    const channel = slack.addChannel('inc-limited', '', slack.botUserId);
    channel.members.push(slack.botUserId);
    slack.fault('chat.postMessage', { kind: 'error', error: 'rate_limited' });
    await expect(client().postMessage(channel.id, 'hello')).rejects.toMatchObject({
      kind: 'rate-limited',
    });
  });

  it('posting into a channel the bot is not in is refused with not_in_channel', async () => {
    const channel = slack.addChannel('someone-elses');
    await expect(client().postMessage(channel.id, 'hello')).rejects.toMatchObject({
      kind: 'invalid-request',
      message: expect.stringMatching(/not_in_channel/),
    });
    expect(channel.messages).toEqual([]);
  });
});

describe('Linear, as Linear answers', () => {
  const sleeps: number[] = [];
  const fake = new LinearFake();
  const client = (maxRetryAfterMs?: number) =>
    createLinearClient({
      token: 'lin_api_test',
      apiUrl: 'http://127.0.0.1:9/graphql',
      fetch: fake.fetch,
      sleep: async (ms) => void sleeps.push(ms),
      ...(maxRetryAfterMs !== undefined ? { maxRetryAfterMs } : {}),
    });

  it('an issue Linear does not know is not found (so a failed issueCreate can be retried)', async () => {
    expect(await client().findIssue('5b1c2d3e-0000-4000-8000-000000000001')).toBeUndefined();
  });

  it('a team id Linear does not know is an error, never a null team, and is named', async () => {
    await expect(client().findTeam('5b1c2d3e-0000-4000-8000-00000000ffff')).rejects.toMatchObject({
      kind: 'not-found',
      message: expect.stringMatching(/no team with key or id/),
    });
  });

  it('waits out Linear’s RATELIMITED answer (HTTP 400) per Retry-After, then succeeds', async () => {
    sleeps.length = 0;
    fake.rateLimit = { count: 1, retryAfterSeconds: 2 };
    expect((await client().findTeam('OPS')).key).toBe('OPS');
    expect(sleeps).toEqual([2000]);
  });

  it('does not sleep an hour on a long Retry-After: fails now as rate-limited', async () => {
    sleeps.length = 0;
    fake.rateLimit = { count: 4, retryAfterSeconds: 3600 };
    await expect(client().findTeam('OPS')).rejects.toMatchObject({ kind: 'rate-limited' });
    expect(sleeps).toEqual([]);
    fake.rateLimit = undefined;
  });
});

describe('Statuspage, as Statuspage answers', () => {
  const sleeps: number[] = [];
  const fake = new StatuspageFake();
  const client = () =>
    createStatuspageClient({
      apiKey: fake.apiKey,
      pageId: fake.pageId,
      apiUrl: 'http://127.0.0.1:9/v1',
      fetch: fake.fetch,
      sleep: async (ms) => void sleeps.push(ms),
    });

  it('waits out HTTP 420 per Retry-After, then succeeds', async () => {
    fake.rateLimit = { count: 1, retryAfterSeconds: 1 };
    expect(await client().testConnection()).toEqual({ pageName: 'Zephyr Status' });
    expect(sleeps).toEqual([1000]);
  });

  it('keeps each update’s text; an unknown incident is not found', async () => {
    const c = client();
    const incident = await c.createIncident({
      name: 'Checkout down',
      body: 'Investigating',
      impact: 'major',
      declarationId: 'd-sp',
    });
    await c.updateIncident(incident.id, { status: 'identified', body: 'Cause found' });
    expect(fake.incidents[0]?.updates).toEqual([{ status: 'identified', body: 'Cause found' }]);
    expect(fake.incidents[0]?.body).toBe('Cause found');
    await expect(c.updateIncident('nope', { status: 'resolved', body: 'x' })).rejects.toMatchObject(
      { kind: 'not-found' },
    );
  });
});
