/**
 * A stateful Linear GraphQL fake behind a `fetch` function: teams, labels and issues in memory,
 * answering the operations of `LINEAR_DOCUMENTS` by operation name, as Linear would (an issue id
 * used twice is refused). Every request is recorded for schema validation. `start()` also serves
 * it over HTTP on 127.0.0.1 for a separate process.
 */
import { randomUUID } from 'node:crypto';
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
  }[] = [];
  readonly requests: RecordedGraphQl[] = [];
  /** Answers the next issueCreate with HTTP 500 after creating the issue (lost answer). */
  loseNextIssueCreateAnswer = false;
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
    const auth = new Headers(init?.headers).get('authorization');
    if (!auth || (this.acceptedAuth !== undefined && auth !== this.acceptedAuth))
      return json(401, {
        errors: [
          { message: 'Authentication required', extensions: { code: 'AUTHENTICATION_ERROR' } },
        ],
      });
    return this.answer(operationName, variables);
  };

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
      case 'ZephyrTeamById':
        return json(200, { data: { team: this.teams.find((t) => t.id === v['id']) ?? null } });
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
        if (!issue)
          return json(200, {
            data: null,
            errors: [{ message: 'Entity not found: Issue', extensions: { code: 'INVALID_INPUT' } }],
          });
        return json(200, {
          data: {
            issue: {
              id: issue.id,
              identifier: issue.identifier,
              url: issue.url,
              title: issue.title,
            },
          },
        });
      }
      case 'ZephyrIssueCreate': {
        const input = v['input'] as {
          id?: string;
          teamId: string;
          title: string;
          description: string;
          labelIds: string[];
        };
        const id = input.id ?? randomUUID();
        if (this.issues.some((i) => i.id === id)) {
          return json(200, {
            data: null,
            errors: [
              {
                message: 'Argument Validation Error',
                extensions: {
                  code: 'INVALID_INPUT',
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

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}
