/**
 * Contract test: every Slack Web API call the declaration runner makes, and the calls aftercare
 * adds (chat.postMessage for status updates, the resolution, the after-action announcement to a
 * channel by name and the post-mortem review request; conversations.history when a post
 * interrupted by a crash is retried), sent by the real `SlackClient` (WebClient) to Prism serving
 * Slack's own OpenAPI description. Fails on any request-side violation Prism reports.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSlackClient,
  type SlackClient,
} from '../../src/main/core/integrations/slack-client.js';
import { SHARED_DIR, sharedAvailable } from '../helpers/shared-dir.js';
import { postMortemDraft, sampleIncident, serviceWith } from '../main/core/aftercare/harness.js';
import { startPrism, writeTempSpec, type PrismServer } from './prism.js';

const SPEC = 'contracts/slack/slack_web_openapi_v2.json';
const TOKEN = 'xoxb-contract-test';

type Json = Record<string, unknown>;
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
}

/**
 * Slack's spec declares some read methods GET only, while `WebClient` POSTs every call: add a
 * POST twin (query parameters as form fields, `token` as the header the other POST methods use).
 * SOURCES.md lists this for `users.lookupByEmail`; the runner also reads `auth.test`,
 * `conversations.list` and `conversations.history`, which the spec declares the same way.
 */
export const GET_ONLY_METHODS_WE_POST = [
  '/users.lookupByEmail',
  '/conversations.list',
  '/conversations.history',
  '/auth.test',
];

function slackOverlay(spec: Json): Json {
  const copy = structuredClone(spec);
  const paths = copy['paths'] as Record<string, Record<string, Json>>;
  for (const path of GET_ONLY_METHODS_WE_POST) {
    const item = paths[path];
    const get = item?.['get'];
    if (!item || !get || item['post']) continue;
    item['post'] = {
      ...structuredClone(get),
      operationId: `${String(get['operationId'])}_post`,
      consumes: ['application/x-www-form-urlencoded', 'application/json'],
      parameters: ((get['parameters'] as Parameter[] | undefined) ?? []).map((p) =>
        p.name === 'token'
          ? { ...p, in: 'header' }
          : p.in === 'query'
            ? { ...p, in: 'formData' }
            : p,
      ),
    };
  }
  return copy;
}

const available = sharedAvailable(SPEC);

describe.skipIf(!available)('Slack client against Slack’s OpenAPI description (Prism)', () => {
  let prism: PrismServer;
  let cleanup: () => void = () => undefined;
  let slack: SlackClient;

  beforeAll(async () => {
    const spec = JSON.parse(readFileSync(resolve(SHARED_DIR, SPEC), 'utf8')) as Json;
    const temp = writeTempSpec(slackOverlay(spec), 'slack.json');
    cleanup = temp.cleanup;
    prism = await startPrism(temp.path);
    slack = newClient();
  }, 60_000);

  const newClient = (): SlackClient =>
    createSlackClient({
      token: TOKEN,
      slackApiUrl: `${prism.url}/`,
      // Prism reads Slack's `token` header parameter literally (SOURCES.md overlay).
      headers: { token: TOKEN },
      fetch: prism.fetch,
      retries: 0,
    });

  afterAll(async () => {
    await prism?.close();
    cleanup();
  });

  /** Prism was sent every one of `paths`, and no request broke Slack's description. */
  const expectSentValid = (paths: string[]): void => {
    expect(prism.exchanges.map((e) => e.path)).toEqual(expect.arrayContaining(paths));
    expect(prism.requestViolations()).toEqual([]);
  };

  it('auth.test: Test connection names the user and the team', async () => {
    const me = await slack.testConnection();
    expect(me.user).not.toBe('');
    expect(me.team).not.toBe('');
    expect(prism.exchanges.at(-1)?.path).toBe('/auth.test');
    expect(prism.requestViolations()).toEqual([]);
  });

  it('conversations.list (resume), conversations.create and setPurpose', async () => {
    await slack.findChannelForDeclaration('7b1c9e4e-1111-4222-8333-444455556666', [
      'inc-20260302-x',
    ]);
    const channel = await slack.createChannel('inc-20260302-checkout-p99');
    expect(channel.id).toMatch(/^C/);
    await slack.setPurpose(channel.id, 'SEV-2: checkout · Zephyr declaration 7b1c9e4e');
    expectSentValid(['/conversations.list', '/conversations.create', '/conversations.setPurpose']);
  });

  it('setTopic, users.lookupByEmail and conversations.invite', async () => {
    await slack.setTopic('C0EAQDV4Z', 'SEV-2 · investigating · IC Test User · checkout');
    const { found } = await slack.lookupUsers([
      { id: 'sam', name: 'Sam Ortiz', email: 'sam@example.com' },
    ]);
    expect(found).toHaveLength(1);
    await slack.invite('C0EAQDV4Z', ['W0123456']);
    expectSentValid(['/conversations.setTopic', '/users.lookupByEmail', '/conversations.invite']);
  });

  it('conversations.history (resume), chat.postMessage and pins.add', async () => {
    await slack.findOwnMessage('C0EAQDV4Z', 'kick-off · 7b1c9e4e');
    const { ts } = await slack.postMessage('C0EAQDV4Z', ':rotating_light: *SEV-2: checkout*');
    expect(ts).not.toBe('');
    await slack.pin('C0EAQDV4Z', ts);
    expectSentValid(['/conversations.history', '/chat.postMessage', '/pins.add']);
  });

  it('a request that breaks the contract is caught (the check itself works)', async () => {
    const before = prism.exchanges.length;
    // chat.postMessage without the required `channel` field.
    await prism.fetch(`${prism.url}/chat.postMessage`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${TOKEN}`,
        token: TOKEN,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'text=hello',
    });
    const last = prism.exchanges.slice(before);
    expect(last.flatMap((e) => e.requestViolations).length).toBeGreaterThan(0);
    prism.exchanges.splice(before);
  });

  it('status updates, the resolution, the announcement and the review request', async () => {
    const before = prism.exchanges.length;
    const { service } = serviceWith({ slack: newClient() }, sampleIncident('C0EAQDV4Z', 'sp1'));
    const first = await service.handlers['updates:post']({
      incidentId: 'INC-7',
      status: 'investigating',
      message: 'Still investigating. Next update in 15 minutes.',
    });
    expect(first.deliveries.slack.status).toBe('sent');
    await service.handlers['incidents:resolve']({ incidentId: 'INC-7', message: 'Resolved.' });
    const announced = await service.handlers['incidents:announce']({
      incidentId: 'INC-7',
      text: 'Resolved: checkout payments (SEV-2, 40 minutes).',
    });
    expect(announced.status).toBe('sent');
    await service.handlers['postmortems:save']({ incidentId: 'INC-7', draft: postMortemDraft() });
    const review = await service.handlers['postmortems:request-review']({
      incidentId: 'INC-7',
      markdown: '# Post-mortem',
    });
    expect(review.reviewRequest?.status).toBe('sent');
    expect(
      prism.exchanges.slice(before).filter((e) => e.path === '/chat.postMessage'),
    ).toHaveLength(4);
    expect(prism.requestViolations()).toEqual([]);
  });

  it('a retry after a crash reads the channel history first (conversations.history)', async () => {
    const before = prism.exchanges.length;
    const found = await newClient().findOwnMessage(
      'C0EAQDV4Z',
      '*Status update · SEV-2 · Investigating*',
    );
    expect(typeof found === 'string' || found === undefined).toBe(true);
    expect(prism.exchanges.slice(before).map((e) => e.path)).toContain('/conversations.history');
    expect(prism.requestViolations()).toEqual([]);
  });
});
