/**
 * Contract test: every GraphQL document the Linear client sends, and the variables it sends with
 * it on a real run of each operation, validate against Linear's published `schema.graphql`
 * (graphql 16: `buildSchema`, `parse`, `validate`, `getVariableValues`): the declaration's
 * ticket, and the requests aftercare makes when a post-mortem is saved (find the team, find or
 * create the "post-mortem" label, look for and create one issue per action item).
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
import {
  LINEAR_DOCUMENTS,
  createLinearClient,
  derivedUuid,
} from '../../src/main/core/integrations/linear-client.js';
import { LinearFake } from '../fakes/linear-fake.js';
import { SHARED_DIR, sharedAvailable } from '../helpers/shared-dir.js';
import { postMortemDraft, sampleIncident, serviceWith } from '../main/core/aftercare/harness.js';

const SCHEMA = 'contracts/linear/schema.graphql';
const available = sharedAvailable(SCHEMA);

/** Problems of `query` + `variables` against `schema`, as lines (empty when valid). */
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

describe.skipIf(!available)('Linear client against Linear’s schema.graphql', () => {
  let schema: GraphQLSchema;

  beforeAll(() => {
    schema = buildSchema(readFileSync(resolve(SHARED_DIR, SCHEMA), 'utf8'));
  });

  /** Every request `fake` was sent validates (document and variables), each named by its operation. */
  const expectAllValid = (fake: LinearFake): void => {
    for (const r of fake.requests) {
      expect({ op: r.operationName, problems: problems(schema, r.query, r.variables) }).toEqual({
        op: r.operationName,
        problems: [],
      });
    }
  };

  it('every document validates against the schema', () => {
    for (const [name, query] of Object.entries(LINEAR_DOCUMENTS)) {
      expect({ name, errors: validate(schema, parse(query)).map((e) => e.message) }).toEqual({
        name,
        errors: [],
      });
    }
  });

  it('every request of a full run (documents and variables) validates', async () => {
    const fake = new LinearFake();
    const linear = createLinearClient({
      token: 'lin_api_test',
      apiUrl: 'http://127.0.0.1:9/graphql',
      fetch: fake.fetch,
    });
    await linear.testConnection();
    const team = await linear.findTeam('OPS');
    await linear.findTeam(team.id).catch(() => undefined);
    const incident = await linear.ensureLabel(team.id, 'incident');
    const sev = await linear.ensureLabel(team.id, 'SEV-2');
    const id = derivedUuid('declaration:linear');
    expect(await linear.findIssue(id)).toBeUndefined();
    const owner = await linear.findUserByEmail('cat@example.com');
    expect(owner).toMatchObject({ id: 'user-cat', email: 'cat@example.com' });
    expect(await linear.findUserByEmail('nobody@example.com')).toBeUndefined();
    await linear.createIssue({
      id,
      teamId: team.id,
      title: 'SEV-2: Checkout p99',
      description: '**SEV-2**',
      labelIds: [incident, sev],
      assigneeId: owner?.id ?? '',
    });
    expect(await linear.findIssue(id)).toMatchObject({ state: { type: 'unstarted' } });
    expect(fake.issues[0]?.assigneeId).toBe('user-cat');

    const ops = new Set(fake.requests.map((r) => r.operationName));
    // Every document was exercised at least once.
    expect(ops.size).toBe(Object.keys(LINEAR_DOCUMENTS).length);
    expectAllValid(fake);
  });

  it('the check catches a wrong variable (the check itself works)', () => {
    const wrong = problems(schema, LINEAR_DOCUMENTS.issueCreate, {
      input: { title: 'x', labelIds: 'not-a-list', teamId: 3 },
    });
    expect(wrong.length).toBeGreaterThan(0);
    expect(
      problems(schema, LINEAR_DOCUMENTS.issueCreate, { input: { title: 'x', teamId: 't' } }),
    ).toEqual([]);
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
      owner: { name: owner, email: 'cat@example.com' },
      status: 'open' as const,
      createdAt: '2026-03-02T04:00:00.000Z',
    });
    const view = await service.handlers['postmortems:save']({
      incidentId: 'INC-7',
      draft: postMortemDraft([
        item('a', 'Roll out config gradually', 'Robin Ops'),
        item('b', 'Alert on card failures', 'Sam Ortiz'),
      ]),
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
        'ZephyrUserByEmail',
      ]),
    );
    expectAllValid(fake);
  });
});
