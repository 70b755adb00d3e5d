/**
 * Contract test: the Linear requests aftercare makes when a post-mortem is saved (find the team,
 * find or create the "post-mortem" label, look for and create one issue per action item), each
 * document and its variables validated against Linear's published `schema.graphql`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  buildSchema,
  getOperationAST,
  getVariableValues,
  parse,
  validate,
  type GraphQLSchema,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLinearClient } from '../../src/main/core/integrations/linear-client.js';
import { LinearFake } from '../fakes/linear-fake.js';
import { SHARED_DIR, sharedAvailable } from '../helpers/shared-dir.js';
import { sampleIncident, serviceWith } from '../main/core/aftercare/harness.js';

const SCHEMA = 'contracts/linear/schema.graphql';

function problems(
  schema: GraphQLSchema,
  query: string,
  variables: Record<string, unknown>,
): string[] {
  const doc = parse(query);
  const errors = validate(schema, doc).map((e) => e.message);
  const op = getOperationAST(doc);
  if (!op) return [...errors, 'no single operation in the document'];
  const coerced = getVariableValues(schema, op.variableDefinitions ?? [], variables);
  return [...errors, ...(coerced.errors ?? []).map((e) => e.message)];
}

describe.skipIf(!sharedAvailable(SCHEMA))(
  'aftercare Linear requests against Linear’s schema.graphql',
  () => {
    let schema: GraphQLSchema;
    beforeAll(() => {
      schema = buildSchema(readFileSync(resolve(SHARED_DIR, SCHEMA), 'utf8'));
    });

    it('ticketing two action items: every document and its variables validate', async () => {
      const fake = new LinearFake();
      const client = createLinearClient({
        token: 'lin_api_test',
        apiUrl: 'http://127.0.0.1:9/graphql',
        fetch: fake.fetch,
      });
      const { service } = serviceWith(
        { linear: { client, team: 'OPS' } },
        sampleIncident('C1', 'sp1'),
      );
      const item = (id: string, title: string, owner: string) => ({
        id,
        title,
        owner: { name: owner },
        status: 'open' as const,
        createdAt: '2026-03-02T04:00:00.000Z',
      });
      const view = await service.handlers['postmortems:save']({
        incidentId: 'INC-7',
        draft: {
          summary: 's',
          impact: 'i',
          rootCause: 'r',
          wentWell: [],
          wentBadly: [],
          actionItems: [
            item('a', 'Roll out config gradually', 'Robin Ops'),
            item('b', 'Alert on card failures', 'Sam Ortiz'),
          ],
          timeZone: 'UTC',
        },
      });
      expect(view.ticketProblems).toEqual([]);
      expect(fake.issues.map((i) => i.title)).toEqual([
        'Roll out config gradually',
        'Alert on card failures',
      ]);
      expect(new Set(fake.requests.map((r) => r.operationName))).toEqual(
        new Set([
          'ZephyrTeamByKey',
          'ZephyrLabelByName',
          'ZephyrLabelCreate',
          'ZephyrIssueById',
          'ZephyrIssueCreate',
        ]),
      );
      for (const r of fake.requests) {
        expect({ op: r.operationName, problems: problems(schema, r.query, r.variables) }).toEqual({
          op: r.operationName,
          problems: [],
        });
      }
    });
  },
);
