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

/** Every GraphQL document the client sends (exported for the schema contract test). */
export const LINEAR_DOCUMENTS = {
  viewer: /* GraphQL */ `
    query ZephyrViewer {
      viewer {
        id
        name
        email
      }
      organization {
        name
        urlKey
      }
    }
  `,
  teamByKey: /* GraphQL */ `
    query ZephyrTeamByKey($key: String!) {
      teams(filter: { key: { eqIgnoreCase: $key } }, first: 1) {
        nodes {
          id
          key
          name
        }
      }
    }
  `,
  teamById: /* GraphQL */ `
    query ZephyrTeamById($id: String!) {
      team(id: $id) {
        id
        key
        name
      }
    }
  `,
  labelByName: /* GraphQL */ `
    query ZephyrLabelByName($name: String!, $teamId: ID!) {
      issueLabels(
        first: 10
        filter: {
          name: { eqIgnoreCase: $name }
          or: [{ team: { id: { eq: $teamId } } }, { team: { null: true } }]
        }
      ) {
        nodes {
          id
          name
        }
      }
    }
  `,
  labelCreate: /* GraphQL */ `
    mutation ZephyrLabelCreate($input: IssueLabelCreateInput!) {
      issueLabelCreate(input: $input) {
        success
        issueLabel {
          id
          name
        }
      }
    }
  `,
  issueById: /* GraphQL */ `
    query ZephyrIssueById($id: String!) {
      issue(id: $id) {
        id
        identifier
        url
        title
        state {
          type
        }
      }
    }
  `,
  userByEmail: /* GraphQL */ `
    query ZephyrUserByEmail($email: String!) {
      users(filter: { email: { eq: $email } }) {
        nodes {
          id
          name
          email
        }
      }
    }
  `,
  issueCreate: /* GraphQL */ `
    mutation ZephyrIssueCreate($input: IssueCreateInput!) {
      issueCreate(input: $input) {
        success
        issue {
          id
          identifier
          url
          title
        }
      }
    }
  `,
} as const;

/** Name of one document in `LINEAR_DOCUMENTS`. */
export type LinearDocumentName = keyof typeof LINEAR_DOCUMENTS;

/** One request as sent: the document's name, its text and variables (tests record these). */
export interface LinearRequest {
  name: LinearDocumentName;
  query: string;
  variables: Record<string, unknown>;
}

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
  findTeam(keyOrId: string): Promise<{ id: string; key: string; name: string }>;
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

/** Sends one GraphQL document to Linear. */
type LinearRequester = <T>(
  doc: LinearDocumentName,
  variables: Record<string, unknown>,
  what: string,
) => Promise<T>;

/**
 * One Linear request: waits out rate limits (`429` or `RATELIMITED`) a few times, and turns every
 * failure into an `IntegrationError` that says what to do.
 */
function linearRequester(
  options: LinearClientOptions & { onRequest?: (request: LinearRequest) => void },
): LinearRequester {
  const url = options.apiUrl || LINEAR_API_URL;
  const doFetch = options.fetch ?? globalThis.fetch;
  const sleep = options.sleep ?? realSleep;
  const auth = options.token.startsWith('lin_api_') ? options.token : `Bearer ${options.token}`;
  const name = INTEGRATION_NAMES.linear;
  return async <T>(
    doc: LinearDocumentName,
    variables: Record<string, unknown>,
    what: string,
  ): Promise<T> => {
    const query = LINEAR_DOCUMENTS[doc];
    options.onRequest?.({ name: doc, query, variables });
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
      return body.data as T;
    }
  };
}

/** The plain-GraphQL implementation of `LinearClient`. */
export function createLinearClient(
  options: LinearClientOptions & { onRequest?: (request: LinearRequest) => void },
): LinearClient {
  const request = linearRequester(options);

  return {
    async testConnection() {
      const d = await request<{
        viewer: { name: string; email: string };
        organization: { name: string };
      }>('viewer', {}, 'who am I (viewer)');
      return { name: d.viewer.name, email: d.viewer.email, workspace: d.organization.name };
    },

    async findTeam(keyOrId) {
      const wanted = keyOrId.trim();
      if (!wanted)
        throw new IntegrationError('linear', 'not-found', 'no Linear team is set in Settings');
      const byKey = await request<{
        teams: { nodes: { id: string; key: string; name: string }[] };
      }>('teamByKey', { key: wanted }, `finding team '${wanted}'`);
      const team = byKey.teams.nodes[0];
      if (team) return team;
      if (/^[0-9a-f-]{36}$/i.test(wanted)) {
        try {
          const byId = await request<{ team: { id: string; key: string; name: string } | null }>(
            'teamById',
            { id: wanted },
            `finding team '${wanted}'`,
          );
          if (byId.team) return byId.team;
        } catch (err) {
          if (!(err instanceof IntegrationError && err.kind === 'not-found')) throw err;
        }
      }
      throw new IntegrationError(
        'linear',
        'not-found',
        `Linear has no team with key or id '${wanted}': check the team in Settings`,
      );
    },

    async ensureLabel(teamId, labelName) {
      const found = await request<{ issueLabels: { nodes: { id: string; name: string }[] } }>(
        'labelByName',
        { name: labelName, teamId },
        `finding label '${labelName}'`,
      );
      const hit = found.issueLabels.nodes[0];
      if (hit) return hit.id;
      const created = await request<{
        issueLabelCreate: { success: boolean; issueLabel: { id: string } | null };
      }>(
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
      if (!created.issueLabelCreate.success || !created.issueLabelCreate.issueLabel) {
        throw new IntegrationError(
          'linear',
          'invalid-response',
          `Linear did not create label '${labelName}'`,
        );
      }
      return created.issueLabelCreate.issueLabel.id;
    },

    async findIssue(id) {
      try {
        const d = await request<{ issue: LinearIssue | null }>(
          'issueById',
          { id },
          `finding issue ${id}`,
        );
        return d.issue ?? undefined;
      } catch (err) {
        // Linear answers an unknown id with an input error at `issue` (see `request`).
        if (err instanceof IntegrationError && err.kind === 'not-found') return undefined;
        throw err;
      }
    },

    async findUserByEmail(email) {
      const d = await request<{ users: { nodes: LinearUser[] } }>(
        'userByEmail',
        { email },
        `finding the Linear user ${email}`,
      );
      const wanted = email.toLowerCase();
      return d.users.nodes.find((u) => u.email.toLowerCase() === wanted) ?? d.users.nodes[0];
    },

    async createIssue(input) {
      const d = await request<{ issueCreate: { success: boolean; issue: LinearIssue | null } }>(
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
      if (!d.issueCreate.success || !d.issueCreate.issue) {
        throw new IntegrationError(
          'linear',
          'invalid-response',
          'Linear did not create the incident ticket',
        );
      }
      return d.issueCreate.issue;
    },
  };
}
