/**
 * A stateful Linear GraphQL fake behind a `fetch` function: teams, labels and issues in memory,
 * answering the operations of `LINEAR_DOCUMENTS` by operation name, as Linear would (an issue id
 * used twice is refused). Every request is recorded for schema validation. `start()` also serves
 * it over HTTP on 127.0.0.1 for a separate process.
 */
import { randomUUID } from 'node:crypto';
import { checkLinearAnswer } from '../helpers/vendor-contracts.js';
import { serveFetch, type ServedFetch } from './statuspage-fake.js';

/** One recorded GraphQL request. */
export interface RecordedGraphQl {
  operationName: string;
  query: string;
  variables: Record<string, unknown>;
}

/** The fake's state and its `fetch`. */
export class LinearFake {
  readonly teams = [{ id: 'a3c5ee46-5a0b-4b43-9d5e-0d1b2f6b7c11', key: 'OPS', name: 'Operations' }];
  readonly labels: { id: string; name: string; teamId: string | null }[] = [
    { id: 'label-incident', name: 'incident', teamId: null },
  ];
  readonly issues: {
    id: string;
    identifier: string;
    url: string;
    title: string;
    description: string;
    labelIds: string[];
    teamId: string;
    assigneeId?: string;
    /** The workflow state's type; tests move it (`completed`, `canceled`…). */
    stateType: string;
  }[] = [];
  /** The workspace's members, looked up by email. */
  readonly users: { id: string; name: string; email: string }[] = [
    { id: 'user-cat', name: 'Cat Lin', email: 'cat@example.com' },
  ];
  readonly requests: RecordedGraphQl[] = [];
  /** Answers the next issueCreate with HTTP 500 after creating the issue (lost answer). */
  loseNextIssueCreateAnswer = false;
  /**
   * Answers the next `count` requests as Linear's rate limiter does: HTTP 400, a `RATELIMITED`
   * error, its `X-RateLimit-*` headers and (when given) `Retry-After` in seconds.
   */
  rateLimit: { count: number; retryAfterSeconds?: number } | undefined;
  /** When set, only this `Authorization` value is accepted (others get 401). */
  acceptedAuth: string | undefined;
  /** The GraphQL endpoint once `start()` has run. */
  apiUrl = '';
  private served: ServedFetch | undefined;

  /** Serves the fake over HTTP on a free loopback port; `apiUrl` is then its endpoint. */
  async start(): Promise<this> {
    this.served = await serveFetch(this.fetch);
    this.apiUrl = `${this.served.origin}/graphql`;
    return this;
  }

  async close(): Promise<void> {
    await this.served?.close();
  }

  readonly fetch: typeof fetch = async (_input, init) => {
    const body = JSON.parse(String(init?.body)) as {
      query: string;
      variables?: Record<string, unknown>;
    };
    const operationName = /(?:query|mutation)\s+(\w+)/.exec(body.query)?.[1] ?? '';
    const variables = body.variables ?? {};
    this.requests.push({ operationName, query: body.query, variables });
    const answer = this.respond(operationName, variables, init);
    checkLinearAnswer(body.query, variables, answer.status, await answer.clone().json());
    return answer;
  };

  private respond(
    operationName: string,
    variables: Record<string, unknown>,
    init: RequestInit | undefined,
  ): Response {
    if (this.rateLimit && this.rateLimit.count > 0) {
      this.rateLimit.count -= 1;
      return rateLimited(this.rateLimit.retryAfterSeconds);
    }
    const auth = new Headers(init?.headers).get('authorization');
    if (!auth || (this.acceptedAuth !== undefined && auth !== this.acceptedAuth))
      return json(401, {
        errors: [
          { message: 'Authentication required', extensions: { code: 'AUTHENTICATION_ERROR' } },
        ],
      });
    return this.answer(operationName, variables);
  }

  private answer(op: string, v: Record<string, unknown>): Response {
    switch (op) {
      case 'ZephyrViewer':
        return json(200, {
          data: {
            viewer: { id: 'u1', name: 'Test User', email: 'test.user@localhost' },
            organization: { name: 'Zephyr', urlKey: 'zephyr' },
          },
        });
      case 'ZephyrTeamByKey':
        return json(200, {
          data: {
            teams: {
              nodes: this.teams.filter(
                (t) => t.key.toLowerCase() === String(v['key']).toLowerCase(),
              ),
            },
          },
        });
      case 'ZephyrTeamById': {
        // `team(id:)` is `Team!`: an unknown id is an error, never `team: null`.
        const team = this.teams.find((t) => t.id === v['id']);
        return team ? json(200, { data: { team } }) : entityNotFound('Team', 'team');
      }
      case 'ZephyrLabelByName':
        return json(200, {
          data: {
            issueLabels: {
              nodes: this.labels
                .filter(
                  (l) =>
                    l.name.toLowerCase() === String(v['name']).toLowerCase() &&
                    (l.teamId === null || l.teamId === v['teamId']),
                )
                .map(({ id, name }) => ({ id, name })),
            },
          },
        });
      case 'ZephyrLabelCreate': {
        const input = v['input'] as { name: string; teamId?: string };
        const label = {
          id: `label-${randomUUID()}`,
          name: input.name,
          teamId: input.teamId ?? null,
        };
        this.labels.push(label);
        return json(200, {
          data: {
            issueLabelCreate: { success: true, issueLabel: { id: label.id, name: label.name } },
          },
        });
      }
      case 'ZephyrIssueById': {
        const issue = this.issues.find((i) => i.id === v['id']);
        if (!issue) return entityNotFound('Issue', 'issue');
        return json(200, {
          data: {
            issue: {
              id: issue.id,
              identifier: issue.identifier,
              url: issue.url,
              title: issue.title,
              state: { type: issue.stateType },
            },
          },
        });
      }
      case 'ZephyrUserByEmail': {
        const email = String(v['email']);
        // `eq` is exact, as in Linear.
        const nodes = this.users.filter((u) => u.email === email);
        return json(200, { data: { users: { nodes } } });
      }
      case 'ZephyrIssueCreate': {
        const input = v['input'] as {
          id?: string;
          teamId: string;
          title: string;
          description: string;
          labelIds: string[];
          assigneeId?: string;
        };
        const id = input.id ?? randomUUID();
        if (this.issues.some((i) => i.id === id)) {
          return json(200, {
            data: null,
            errors: [
              {
                message: 'Argument Validation Error',
                path: ['issueCreate'],
                extensions: {
                  code: 'INVALID_INPUT',
                  type: 'invalid input',
                  statusCode: 400,
                  userError: true,
                  userPresentableMessage: 'An issue with this id already exists',
                },
              },
            ],
          });
        }
        const team = this.teams.find((t) => t.id === input.teamId);
        const identifier = `${team?.key ?? 'X'}-${this.issues.length + 1}`;
        const issue = {
          id,
          identifier,
          url: `https://linear.app/zephyr/issue/${identifier}`,
          title: input.title,
          description: input.description,
          labelIds: input.labelIds,
          teamId: input.teamId,
          ...(input.assigneeId ? { assigneeId: input.assigneeId } : {}),
          stateType: 'unstarted',
        };
        this.issues.push(issue);
        if (this.loseNextIssueCreateAnswer) {
          this.loseNextIssueCreateAnswer = false;
          return json(502, { errors: [{ message: 'Bad gateway' }] });
        }
        return json(200, {
          data: {
            issueCreate: {
              success: true,
              issue: { id, identifier, url: issue.url, title: issue.title },
            },
          },
        });
      }
      default:
        return json(400, { errors: [{ message: `unknown operation '${op}'` }] });
    }
  }
}

/**
 * Linear's answer to a lookup of an unknown id (`issue(id:)`, `team(id:)`): `data: null` and
 * an input error at that field, shaped as `@linear/sdk` parses it (`extensions.type`).
 */
function entityNotFound(entity: string, field: string): Response {
  return json(200, {
    data: null,
    errors: [
      {
        message: `Entity not found: ${entity}`,
        path: [field],
        locations: [{ line: 2, column: 3 }],
        extensions: {
          code: 'INPUT_ERROR',
          type: 'invalid input',
          statusCode: 400,
          userError: true,
          userPresentableMessage: `Could not find referenced ${entity}.`,
        },
      },
    ],
  });
}

/** Linear's rate-limit answer (HTTP 400, `RATELIMITED`). */
function rateLimited(retryAfterSeconds: number | undefined): Response {
  return json(
    400,
    {
      errors: [
        {
          message: 'Rate limit exceeded',
          extensions: {
            code: 'RATELIMITED',
            type: 'ratelimited',
            statusCode: 429,
            userError: true,
            userPresentableMessage: 'Rate limit exceeded, please try again later.',
          },
        },
      ],
    },
    {
      'X-RateLimit-Requests-Limit': '1500',
      'X-RateLimit-Requests-Remaining': '0',
      ...(retryAfterSeconds !== undefined ? { 'Retry-After': String(retryAfterSeconds) } : {}),
    },
  );
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}
