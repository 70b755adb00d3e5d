/**
 * Linear client over plain GraphQL (`fetch`): "Test connection", team lookup, the incident and
 * severity labels, and the incident ticket.
 *
 * Why not `@linear/sdk`: it is not installed, and it pulls a generated client of ~1,200 types for
 * the five operations below. Plain documents are small, and the contract test validates each
 * document and its variables against Linear's published `schema.graphql`, which gives the same
 * guarantee the SDK's generated types would.
 *
 * A declaration's ticket is created with a client-chosen `id` (Linear accepts a UUID v4 in
 * `IssueCreateInput.id`), derived from the declaration id, so a resumed declaration finds the
 * ticket it may already have made instead of making a second one.
 */
import { createHash } from 'node:crypto';
import {
  INTEGRATION_NAMES,
  IntegrationError,
  realSleep,
  retryAfterMs,
  type Sleep,
} from './integration-error.js';

/** Linear's GraphQL endpoint. */
const LINEAR_API_URL = 'https://api.linear.app/graphql';

/** `query <op>($id: String!) { <field>(id: $id) { <fields> } }`: one entity by its id. */
function byIdQuery(op: string, field: string, fields: string): string {
  return `query ${op}($id: String!) { ${field}(id: $id) { ${fields} } }`;
}

/** `query <op>(<vars>) { <field>(<args>) { nodes { <fields> } } }`: a filtered list. */
function listQuery(q: { op: string; vars: string; field: string; args: string; fields: string }) {
  return `query ${q.op}(${q.vars}) { ${q.field}(${q.args}) { nodes { ${q.fields} } } }`;
}

/** `mutation <op>($input: <input>!) { <field>(input: $input) { success <entity> { <fields> } } }`. */
function createMutation(m: {
  op: string;
  input: string;
  field: string;
  entity: string;
  fields: string;
}): string {
  return `mutation ${m.op}($input: ${m.input}!) { ${m.field}(input: $input) { success ${m.entity} { ${m.fields} } } }`;
}

/**
 * Every GraphQL document the client sends (exported for the schema contract test), built from
 * its three shapes: a lookup by id, a filtered list and a create mutation.
 */
export const LINEAR_DOCUMENTS = {
  viewer: 'query ZephyrViewer { viewer { id name email } organization { name urlKey } }',
  teamByKey: listQuery({
    op: 'ZephyrTeamByKey',
    vars: '$key: String!',
    field: 'teams',
    args: 'filter: { key: { eqIgnoreCase: $key } }, first: 1',
    fields: 'id key name',
  }),
  teamById: byIdQuery('ZephyrTeamById', 'team', 'id key name'),
  labelByName: listQuery({
    op: 'ZephyrLabelByName',
    vars: '$name: String!, $teamId: ID!',
    field: 'issueLabels',
    args:
      'first: 10, filter: { name: { eqIgnoreCase: $name }, ' +
      'or: [{ team: { id: { eq: $teamId } } }, { team: { null: true } }] }',
    fields: 'id name',
  }),
  labelCreate: createMutation({
    op: 'ZephyrLabelCreate',
    input: 'IssueLabelCreateInput',
    field: 'issueLabelCreate',
    entity: 'issueLabel',
    fields: 'id name',
  }),
  issueById: byIdQuery('ZephyrIssueById', 'issue', 'id identifier url title state { type }'),
  userByEmail: listQuery({
    op: 'ZephyrUserByEmail',
    vars: '$email: String!',
    field: 'users',
    args: 'filter: { email: { eq: $email } }',
    fields: 'id name email',
  }),
  issueCreate: createMutation({
    op: 'ZephyrIssueCreate',
    input: 'IssueCreateInput',
    field: 'issueCreate',
    entity: 'issue',
    fields: 'id identifier url title',
  }),
};

/** Name of one document in `LINEAR_DOCUMENTS`. */
type LinearDocumentName = keyof typeof LINEAR_DOCUMENTS;

/** What the client needs. */
export interface LinearClientOptions {
  /** A personal API key (`lin_api_…`, sent as is) or an OAuth token (sent as Bearer). */
  token: string;
  apiUrl?: string;
  fetch?: typeof fetch;
  sleep?: Sleep;
  /** Longest wait honoured for one `Retry-After`, in ms (default 60 s); longer ones fail now. */
  maxRetryAfterMs?: number;
}

/** Linear's `extensions.type` for input errors, an unknown id among them (`@linear/sdk`). */
const LINEAR_INVALID_INPUT = 'invalid input';

/** The lookups whose only input error is an id Linear does not know. */
const LOOKUPS_BY_ID: ReadonlySet<LinearDocumentName> = new Set(['issueById', 'teamById']);

/** A fall-back wait (ms) after the `attempt`-th rate limit without a usable header. */
function backoffMs(attempt: number): number {
  return 1000 * 2 ** attempt;
}

/** A Linear issue as the app keeps it. */
export interface LinearIssue {
  id: string;
  identifier: string;
  url: string;
  /** Its workflow state's type (`triage`, `backlog`, `unstarted`, `started`, `completed`, `canceled`), when read. */
  state?: { type: string };
}

/** A Linear user. */
export interface LinearUser {
  id: string;
  name: string;
  email: string;
}

/** The Linear operations of a declaration (the runner depends on this). */
export interface LinearClient {
  /** "Test connection": "connected as <name> in <workspace>". */
  testConnection(): Promise<{ name: string; email: string; workspace: string }>;
  /** The team with this key (`OPS`) or id. */
  findTeam(keyOrId: string): Promise<LinearTeam>;
  /** The label with this name on the team or the workspace, created on the team if absent. */
  ensureLabel(teamId: string, name: string): Promise<string>;
  /** The issue with this id (with its state's type), or `undefined`. */
  findIssue(id: string): Promise<LinearIssue | undefined>;
  /** Creates an issue with a client-chosen UUID `id`, assigned to `assigneeId` when given. */
  createIssue(input: {
    id: string;
    teamId: string;
    title: string;
    description: string;
    labelIds: string[];
    assigneeId?: string;
  }): Promise<LinearIssue>;
  /** The workspace member with this email, or `undefined`. */
  findUserByEmail(email: string): Promise<LinearUser | undefined>;
}

/** A UUID v4-shaped id derived from `seed` (the same seed always gives the same id). */
export function derivedUuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest();
  h[6] = ((h[6] ?? 0) & 0x0f) | 0x40;
  h[8] = ((h[8] ?? 0) & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

interface GraphQlAnswer {
  data?: Record<string, unknown> | null;
  errors?: {
    message?: string;
    path?: (string | number)[];
    extensions?: { code?: string; type?: string; userPresentableMessage?: string };
  }[];
}

/** A Linear team. */
interface LinearTeam {
  id: string;
  key: string;
  name: string;
}

/** The `data` each document of `LINEAR_DOCUMENTS` answers with. */
interface LinearAnswers {
  viewer: { viewer: { name: string; email: string }; organization: { name: string } };
  teamByKey: { teams: { nodes: LinearTeam[] } };
  teamById: { team: LinearTeam | null };
  labelByName: { issueLabels: { nodes: { id: string; name: string }[] } };
  labelCreate: { issueLabelCreate: { success: boolean; issueLabel: { id: string } | null } };
  issueById: { issue: LinearIssue | null };
  userByEmail: { users: { nodes: LinearUser[] } };
  issueCreate: { issueCreate: { success: boolean; issue: LinearIssue | null } };
}

/** Sends one GraphQL document to Linear and answers its `data`. */
type LinearRequester = <D extends LinearDocumentName>(
  doc: D,
  variables: Record<string, unknown>,
  what: string,
) => Promise<LinearAnswers[D]>;

/**
 * One Linear request: waits out rate limits (`429` or `RATELIMITED`) a few times, and turns every
 * failure into an `IntegrationError` that says what to do.
 */
function linearRequester(options: LinearClientOptions): LinearRequester {
  const url = options.apiUrl || LINEAR_API_URL;
  const doFetch = options.fetch ?? globalThis.fetch;
  const sleep = options.sleep ?? realSleep;
  const auth = options.token.startsWith('lin_api_') ? options.token : `Bearer ${options.token}`;
  const name = INTEGRATION_NAMES.linear;
  return async <D extends LinearDocumentName>(
    doc: D,
    variables: Record<string, unknown>,
    what: string,
  ): Promise<LinearAnswers[D]> => {
    const query = LINEAR_DOCUMENTS[doc];
    for (let attempt = 0; ; attempt += 1) {
      let res: Response;
      try {
        res = await doFetch(url, {
          method: 'POST',
          headers: {
            Authorization: auth,
            'Content-Type': 'application/json',
            Accept: 'application/json',
          },
          body: JSON.stringify({ query, variables }),
          redirect: 'error',
        });
      } catch (err) {
        throw new IntegrationError(
          'linear',
          'network',
          `could not reach ${name} for ${what}: ${(err as Error).message}`,
        );
      }
      let body: GraphQlAnswer | undefined;
      try {
        body = (await res.json()) as GraphQlAnswer;
      } catch {
        body = undefined;
      }
      const codes = (body?.errors ?? []).map((e) =>
        (e.extensions?.code ?? e.extensions?.type ?? '').toUpperCase(),
      );
      const rateLimited = res.status === 429 || codes.includes('RATELIMITED');
      if (rateLimited && attempt < 3) {
        const wait = retryAfterMs(res.headers.get('retry-after'), Date.now()) ?? backoffMs(attempt);
        // A wait longer than the cap fails now as rate-limited rather than hang the declaration.
        if (wait <= (options.maxRetryAfterMs ?? 60_000)) {
          await sleep(wait);
          continue;
        }
      }
      const said = (body?.errors ?? [])
        .map((e) => e.extensions?.userPresentableMessage ?? e.message)
        .filter(Boolean)
        .join('; ');
      if (res.status === 401 || codes.some((c) => c.includes('AUTHENTICATION')))
        throw new IntegrationError(
          'linear',
          'auth',
          `Linear rejected the token: set a new API key in Settings${said ? ` (Linear said: ${said})` : ''}`,
          res.status,
        );
      if (codes.some((c) => c.includes('FORBIDDEN')))
        throw new IntegrationError(
          'linear',
          'scope',
          `Linear refused ${what}: the key lacks the permission (${said})`,
          res.status,
        );
      if (rateLimited)
        throw new IntegrationError(
          'linear',
          'rate-limited',
          `Linear is rate limiting requests; try again in a minute`,
          res.status,
        );
      // An unknown id is an input error at the looked-up field (`path: ['issue']`), told by
      // Linear's structured fields; its words ("Entity not found", "Could not find referenced
      // Issue.") are for people and vary.
      const unknownId =
        LOOKUPS_BY_ID.has(doc) &&
        (body?.errors ?? []).some(
          (e) =>
            (e.extensions?.type ?? '').toLowerCase() === LINEAR_INVALID_INPUT &&
            (e.path?.length ?? 0) === 1,
        );
      if (unknownId)
        throw new IntegrationError('linear', 'not-found', `Linear: ${what}: ${said}`, res.status);
      if (body?.errors?.length) {
        throw new IntegrationError(
          'linear',
          res.status >= 500 ? 'server' : 'invalid-request',
          `Linear refused ${what}: ${said}`,
          res.status,
        );
      }
      if (!res.ok || !body?.data) {
        throw new IntegrationError(
          'linear',
          res.status >= 500 ? 'server' : 'invalid-response',
          `Linear answered ${what} with HTTP ${res.status} and no data`,
          res.status,
        );
      }
      return body.data as unknown as LinearAnswers[D];
    }
  };
}

/** The entity a create mutation made; an `invalid-response` error naming `what` when it made none. */
function created<T>(answer: { success: boolean }, entity: T | null, what: string): T {
  if (!answer.success || !entity)
    throw new IntegrationError('linear', 'invalid-response', `Linear did not create ${what}`);
  return entity;
}

/** The plain-GraphQL implementation of `LinearClient`. */
export function createLinearClient(options: LinearClientOptions): LinearClient {
  const request = linearRequester(options);

  /** A lookup by id, or `undefined` where Linear knows no such id (an input error at its field). */
  async function lookupById<D extends 'teamById' | 'issueById'>(
    doc: D,
    id: string,
    what: string,
  ): Promise<LinearAnswers[D] | undefined> {
    try {
      return await request(doc, { id }, what);
    } catch (err) {
      if (err instanceof IntegrationError && err.kind === 'not-found') return undefined;
      throw err;
    }
  }

  return {
    async testConnection() {
      const d = await request('viewer', {}, 'who am I (viewer)');
      return { name: d.viewer.name, email: d.viewer.email, workspace: d.organization.name };
    },

    async findTeam(keyOrId) {
      const wanted = keyOrId.trim();
      if (!wanted)
        throw new IntegrationError('linear', 'not-found', 'no Linear team is set in Settings');
      const what = `finding team '${wanted}'`;
      const byKey = await request('teamByKey', { key: wanted }, what);
      const team =
        byKey.teams.nodes[0] ??
        (/^[0-9a-f-]{36}$/i.test(wanted)
          ? (await lookupById('teamById', wanted, what))?.team
          : undefined);
      if (team) return team;
      throw new IntegrationError(
        'linear',
        'not-found',
        `Linear has no team with key or id '${wanted}': check the team in Settings`,
      );
    },

    async ensureLabel(teamId, labelName) {
      const found = await request(
        'labelByName',
        { name: labelName, teamId },
        `finding label '${labelName}'`,
      );
      const hit = found.issueLabels.nodes[0];
      if (hit) return hit.id;
      const { issueLabelCreate: made } = await request(
        'labelCreate',
        {
          input: {
            name: labelName,
            teamId,
            color: labelName.startsWith('SEV') ? '#eb5757' : '#f2994a',
          },
        },
        `creating label '${labelName}'`,
      );
      return created(made, made.issueLabel, `label '${labelName}'`).id;
    },

    async findIssue(id) {
      return (await lookupById('issueById', id, `finding issue ${id}`))?.issue ?? undefined;
    },

    async findUserByEmail(email) {
      const d = await request('userByEmail', { email }, `finding the Linear user ${email}`);
      const wanted = email.toLowerCase();
      return d.users.nodes.find((u) => u.email.toLowerCase() === wanted) ?? d.users.nodes[0];
    },

    async createIssue(input) {
      const { issueCreate: made } = await request(
        'issueCreate',
        {
          input: {
            id: input.id,
            teamId: input.teamId,
            title: input.title,
            description: input.description,
            labelIds: input.labelIds,
            ...(input.assigneeId ? { assigneeId: input.assigneeId } : {}),
          },
        },
        'creating the incident ticket',
      );
      return created(made, made.issue, 'the incident ticket');
    },
  };
}
