/**
 * Contract test: every Statuspage call the app makes (Test connection, create the incident,
 * look for it on resume, update it; and aftercare's status update and resolution on the
 * incident's status page entry, `PATCH /pages/{page_id}/incidents/{incident_id}`, made through
 * the aftercare service; the impact a severity change sets, the same `PATCH`), sent by the real `StatuspageClient` to Prism serving the Statuspage
 * OpenAPI description. Fails on any request-side violation Prism reports.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createStatuspageClient,
  type StatuspageClient,
} from '../../src/main/core/integrations/statuspage-client.js';
import { SHARED_DIR, sharedAvailable } from '../helpers/shared-dir.js';
import { sampleIncident, serviceWith } from '../main/core/aftercare/harness.js';
import { startPrism, type PrismServer } from './prism.js';

const SPEC = 'contracts/statuspage/statuspage-openapi3.json';
const available = sharedAvailable(SPEC);

describe.skipIf(!available)(
  'Statuspage client against the Statuspage OpenAPI description (Prism)',
  () => {
    let prism: PrismServer;
    let statuspage: StatuspageClient;

    beforeAll(async () => {
      // No overlay needed (SOURCES.md): the spec is served as published.
      prism = await startPrism(resolve(SHARED_DIR, SPEC));
      statuspage = createStatuspageClient({
        apiKey: 'contract-test-key',
        pageId: 'kctbh9vrtdwd',
        apiUrl: prism.url,
        fetch: prism.fetch,
      });
    }, 60_000);

    afterAll(async () => {
      await prism?.close();
    });

    it('GET /pages/{page_id}: Test connection names the page', async () => {
      const { pageName } = await statuspage.testConnection();
      expect(pageName).not.toBe('');
      expect(prism.exchanges.at(-1)).toMatchObject({ method: 'GET', path: '/pages/kctbh9vrtdwd' });
      expect(prism.requestViolations()).toEqual([]);
    });

    it('POST /pages/{page_id}/incidents: investigating, impact from the playbook, tagged', async () => {
      const incident = await statuspage.createIncident({
        name: 'Checkout p99 elevated in eu-frankfurt',
        body: 'We are investigating this issue.',
        impact: 'major',
        declarationId: '7b1c9e4e-1111-4222-8333-444455556666',
      });
      expect(incident.id).not.toBe('');
      expect(incident.url).toMatch(/^https?:\/\//);
      expect(prism.exchanges.at(-1)).toMatchObject({
        method: 'POST',
        path: '/pages/kctbh9vrtdwd/incidents',
      });
      expect(prism.requestViolations()).toEqual([]);
    });

    it('GET /pages/{page_id}/incidents/unresolved (resume) and PATCH an incident', async () => {
      await statuspage.findIncidentForDeclaration('7b1c9e4e-1111-4222-8333-444455556666');
      await statuspage.updateIncident('p31zjtct2jer', { status: 'identified', body: 'Found it.' });
      const tail = prism.exchanges.slice(-2).map((e) => `${e.method} ${e.path.split('?')[0]}`);
      expect(tail).toEqual([
        'GET /pages/kctbh9vrtdwd/incidents/unresolved',
        'PATCH /pages/kctbh9vrtdwd/incidents/p31zjtct2jer',
      ]);
      expect(prism.requestViolations()).toEqual([]);
    });

    it('PATCH an incident’s impact alone (a severity changed during the incident)', async () => {
      await statuspage.setImpact('p31zjtct2jer', 'critical');
      expect(prism.exchanges.at(-1)).toMatchObject({
        method: 'PATCH',
        path: '/pages/kctbh9vrtdwd/incidents/p31zjtct2jer',
      });
      expect(prism.requestViolations()).toEqual([]);
    });

    it('a request that breaks the contract is caught (the check itself works)', async () => {
      const before = prism.exchanges.length;
      await prism.fetch(`${prism.url}/pages/kctbh9vrtdwd/incidents`, {
        method: 'POST',
        headers: { Authorization: 'OAuth k', 'Content-Type': 'application/json' },
        body: JSON.stringify({ incident: { status: 'on-fire' } }),
      });
      expect(
        prism.exchanges.slice(before).flatMap((e) => e.requestViolations).length,
      ).toBeGreaterThan(0);
      prism.exchanges.splice(before);
    });

    it('an update and the resolution PATCH the incident with status and body', async () => {
      const statuspage = createStatuspageClient({
        apiKey: 'contract-test-key',
        pageId: 'kctbh9vrtdwd',
        apiUrl: prism.url,
        fetch: prism.fetch,
      });
      const before = prism.exchanges.length;
      const { service } = serviceWith({ statuspage }, sampleIncident('C1', 'p31zjtct2jer'));
      const post = await service.handlers['updates:post']({
        incidentId: 'INC-7',
        status: 'identified',
        message: 'A configuration change broke card payments; reverting it.',
      });
      expect(post.deliveries.statuspage.status).toBe('sent');
      const final = await service.handlers['incidents:resolve']({
        incidentId: 'INC-7',
        message: 'Resolved.',
      });
      expect(final.deliveries.statuspage.status).toBe('sent');
      expect(prism.exchanges.slice(before).map((e) => `${e.method} ${e.path}`)).toEqual([
        'PATCH /pages/kctbh9vrtdwd/incidents/p31zjtct2jer',
        'PATCH /pages/kctbh9vrtdwd/incidents/p31zjtct2jer',
      ]);
      expect(prism.requestViolations()).toEqual([]);
    });
  },
);
