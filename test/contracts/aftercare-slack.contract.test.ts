/**
 * Contract test: the Slack calls aftercare adds (chat.postMessage for status updates, the
 * resolution, the after-action announcement to a channel by name and the post-mortem review
 * request; conversations.history when a post interrupted by a crash is retried), made by the
 * aftercare service through the real `SlackClient` to Prism serving Slack's OpenAPI description.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackClient } from '../../src/main/core/integrations/slack-client.js';
import { SHARED_DIR, sharedAvailable } from '../helpers/shared-dir.js';
import { sampleIncident, serviceWith } from '../main/core/aftercare/harness.js';
import { startPrism, writeTempSpec, type PrismServer } from './prism.js';

const SPEC = 'contracts/slack/slack_web_openapi_v2.json';
const TOKEN = 'xoxb-contract-test';
type Json = Record<string, unknown>;

/**
 * Slack declares `conversations.history` and `auth.test` GET only while `WebClient` POSTs every
 * call (SOURCES.md): a POST twin with the query parameters as form fields, as in
 * slack.contract.test.ts.
 */
function overlay(spec: Json): Json {
  const copy = structuredClone(spec);
  const paths = copy['paths'] as Record<string, Record<string, Json>>;
  for (const path of ['/conversations.history', '/auth.test']) {
    const get = paths[path]?.['get'];
    if (!get || paths[path]?.['post']) continue;
    (paths[path] as Record<string, Json>)['post'] = {
      ...structuredClone(get),
      operationId: `${String(get['operationId'])}_post`,
      consumes: ['application/x-www-form-urlencoded', 'application/json'],
      parameters: ((get['parameters'] as { name: string; in: string }[] | undefined) ?? []).map(
        (p) =>
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

describe.skipIf(!sharedAvailable(SPEC))(
  'aftercare Slack calls against Slack’s OpenAPI description (Prism)',
  () => {
    let prism: PrismServer;
    let cleanup: () => void = () => undefined;

    beforeAll(async () => {
      const spec = JSON.parse(readFileSync(resolve(SHARED_DIR, SPEC), 'utf8')) as Json;
      const temp = writeTempSpec(overlay(spec), 'slack.json');
      cleanup = temp.cleanup;
      prism = await startPrism(temp.path);
    }, 60_000);

    afterAll(async () => {
      await prism?.close();
      cleanup();
    });

    const slack = () =>
      createSlackClient({
        token: TOKEN,
        slackApiUrl: `${prism.url}/`,
        headers: { token: TOKEN },
        fetch: prism.fetch,
        retries: 0,
      });

    it('status updates, the resolution, the announcement and the review request', async () => {
      const { service } = serviceWith({ slack: slack() }, sampleIncident('C0EAQDV4Z', 'sp1'));
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
      await service.handlers['postmortems:save']({
        incidentId: 'INC-7',
        draft: {
          summary: 's',
          impact: 'i',
          rootCause: 'r',
          wentWell: [],
          wentBadly: [],
          actionItems: [],
          timeZone: 'UTC',
        },
      });
      const review = await service.handlers['postmortems:request-review']({
        incidentId: 'INC-7',
        markdown: '# Post-mortem',
      });
      expect(review.reviewRequest?.status).toBe('sent');
      expect(prism.exchanges.filter((e) => e.path === '/chat.postMessage')).toHaveLength(4);
      expect(prism.requestViolations()).toEqual([]);
    });

    it('a retry after a crash reads the channel history first (conversations.history)', async () => {
      const before = prism.exchanges.length;
      const found = await slack().findOwnMessage(
        'C0EAQDV4Z',
        '*Status update · SEV-2 · Investigating*',
      );
      expect(typeof found === 'string' || found === undefined).toBe(true);
      expect(prism.exchanges.slice(before).map((e) => e.path)).toContain('/conversations.history');
      expect(prism.requestViolations()).toEqual([]);
    });
  },
);
