/**
 * Contract test: the Statuspage calls aftercare makes (a status update and the resolution on the
 * incident's status page entry, `PATCH /pages/{page_id}/incidents/{incident_id}`), made by the
 * aftercare service through the real `StatuspageClient` to Prism serving the Statuspage spec.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStatuspageClient } from '../../src/main/core/integrations/statuspage-client.js';
import { SHARED_DIR, sharedAvailable } from '../helpers/shared-dir.js';
import { sampleIncident, serviceWith } from '../main/core/aftercare/harness.js';
import { startPrism, type PrismServer } from './prism.js';

const SPEC = 'contracts/statuspage/statuspage-openapi3.json';

describe.skipIf(!sharedAvailable(SPEC))(
  'aftercare Statuspage calls against the Statuspage OpenAPI description (Prism)',
  () => {
    let prism: PrismServer;

    beforeAll(async () => {
      prism = await startPrism(resolve(SHARED_DIR, SPEC));
    }, 60_000);

    afterAll(async () => {
      await prism?.close();
    });

    it('an update and the resolution PATCH the incident with status and body', async () => {
      const statuspage = createStatuspageClient({
        apiKey: 'contract-test-key',
        pageId: 'kctbh9vrtdwd',
        apiUrl: prism.url,
        fetch: prism.fetch,
      });
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
      expect(prism.exchanges.map((e) => `${e.method} ${e.path}`)).toEqual([
        'PATCH /pages/kctbh9vrtdwd/incidents/p31zjtct2jer',
        'PATCH /pages/kctbh9vrtdwd/incidents/p31zjtct2jer',
      ]);
      expect(prism.requestViolations()).toEqual([]);
    });
  },
);
