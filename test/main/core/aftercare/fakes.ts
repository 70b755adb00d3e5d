/**
 * Hand-written fakes of the integrations aftercare talks to, recording every call: Slack (the
 * channel messages), Statuspage (incident updates), Linear (teams, labels, issues) and the
 * platform's incident updates. Each can be told to fail its next calls.
 */
import type {
  Incident,
  IncidentStatus,
  IncidentUpdate,
  Person,
} from '../../../../src/shared/domain.js';
import { IntegrationError } from '../../../../src/main/core/integrations/integration-error.js';
import type {
  LinearClient,
  LinearIssue,
} from '../../../../src/main/core/integrations/linear-client.js';
import type { SlackClient } from '../../../../src/main/core/integrations/slack-client.js';
import type {
  StatuspageClient,
  StatuspageImpact,
} from '../../../../src/main/core/integrations/statuspage-client.js';
import type { PlatformUpdatesClient } from '../../../../src/main/core/integrations/platform-updates-client.js';

function unused(): never {
  throw new Error('not used by aftercare');
}

/** Slack: keeps posted messages per channel. */
export class FakeSlack implements SlackClient {
  readonly posts: { channel: string; text: string; ts: string }[] = [];
  failNext = 0;
  private n = 0;
  testConnection = unused;
  findChannelForDeclaration = unused;
  createChannel = unused;
  setPurpose = unused;
  setTopic: SlackClient['setTopic'] = unused;
  async lookupUsers(people: Person[]) {
    const found = people.flatMap((person) =>
      person.slackUserId ? [{ person, userId: person.slackUserId }] : [],
    );
    return { found, missing: people.filter((p) => !p.slackUserId) };
  }
  invite: SlackClient['invite'] = unused;
  pin = unused;
  channelUrl = unused;
  async findOwnMessage(channel: string, marker: string): Promise<string | undefined> {
    return this.posts.find((p) => p.channel === channel && p.text.includes(marker))?.ts;
  }
  async postMessage(channel: string, text: string): Promise<{ ts: string }> {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new IntegrationError('slack', 'network', 'could not reach Slack: connection reset');
    }
    this.n += 1;
    const ts = `1700000000.00000${this.n}`;
    this.posts.push({ channel, text, ts });
    return { ts };
  }
}

/** Statuspage: records updates, impacts set and entries opened (found again by their key). */
export class FakeStatuspage implements StatuspageClient {
  readonly updates: { incidentId: string; status: string; body: string }[] = [];
  readonly impacts: { incidentId: string; impact: string }[] = [];
  readonly created: { id: string; name: string; impact: string; declarationId: string }[] = [];
  failNext = 0;
  testConnection = unused;
  async createIncident(input: {
    name: string;
    body: string;
    impact: StatuspageImpact;
    declarationId: string;
  }) {
    this.failIfAsked();
    const entry = { id: `sp-new-${this.created.length + 1}`, ...input };
    this.created.push(entry);
    return { ...entry, status: 'investigating', url: `https://status.example.com/${entry.id}` };
  }
  async findIncidentForDeclaration(declarationId: string) {
    const entry = this.created.find((c) => c.declarationId === declarationId);
    return (
      entry && { ...entry, status: 'investigating', url: `https://status.example.com/${entry.id}` }
    );
  }
  async setImpact(incidentId: string, impact: StatuspageImpact) {
    this.failIfAsked();
    this.impacts.push({ incidentId, impact });
    return {
      id: incidentId,
      name: 'x',
      status: 'investigating',
      url: `https://status.example.com/${incidentId}`,
    };
  }
  private failIfAsked(): void {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new IntegrationError('statuspage', 'server', 'Statuspage failed (HTTP 503)', 503);
    }
  }
  async updateIncident(
    incidentId: string,
    update: { status: 'investigating' | 'identified' | 'monitoring' | 'resolved'; body: string },
  ) {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new IntegrationError('statuspage', 'server', 'Statuspage failed (HTTP 503)', 503);
    }
    this.updates.push({ incidentId, ...update });
    return {
      id: incidentId,
      name: 'x',
      status: update.status,
      url: 'https://example.statuspage.io/incidents/x',
    };
  }
}

/** Linear: one team, labels by name, issues by id (an id used twice is refused, as Linear does). */
export class FakeLinear implements LinearClient {
  readonly labels = new Map<string, string>();
  readonly issues = new Map<
    string,
    LinearIssue & {
      title: string;
      labelIds: string[];
      description: string;
      assigneeId?: string;
      state: { type: string };
    }
  >();
  readonly users = [
    { id: 'user-ana', name: 'Ana Ruiz', email: 'ana@example.com' },
    { id: 'user-ben', name: 'Ben Cho', email: 'ben@example.com' },
  ];
  async findUserByEmail(email: string) {
    return this.users.find((u) => u.email === email);
  }
  failTitles = new Set<string>();
  testConnection = unused;
  async findTeam(key: string) {
    if (key !== 'OPS') throw new IntegrationError('linear', 'not-found', `no team '${key}'`);
    return { id: 'team-1', key: 'OPS', name: 'Operations' };
  }
  async ensureLabel(_teamId: string, name: string): Promise<string> {
    const id = this.labels.get(name) ?? `label-${this.labels.size + 1}`;
    this.labels.set(name, id);
    return id;
  }
  /** How many times an issue was read (`findIssue`). */
  issueReads = 0;
  async findIssue(id: string): Promise<LinearIssue | undefined> {
    this.issueReads += 1;
    return this.issues.get(id);
  }
  async createIssue(input: {
    id: string;
    teamId: string;
    title: string;
    description: string;
    labelIds: string[];
    assigneeId?: string;
  }) {
    if (this.failTitles.has(input.title)) {
      throw new IntegrationError(
        'linear',
        'server',
        'Linear failed on creating the ticket (HTTP 500)',
      );
    }
    // Linear refuses an id used before (as `LinearFake` and Linear do); never overwrite.
    if (this.issues.has(input.id)) {
      throw new IntegrationError(
        'linear',
        'invalid-request',
        'Linear refused creating the ticket: An issue with this id already exists',
        400,
      );
    }
    const identifier = `OPS-${this.issues.size + 100}`;
    const issue = {
      identifier,
      url: `https://linear.app/z/issue/${identifier}`,
      ...input,
      state: { type: 'unstarted' },
    };
    this.issues.set(input.id, issue);
    return issue;
  }
}

/** The platform's incidents and updates, with Idempotency-Keys honoured like the real one. */
export class FakePlatform implements PlatformUpdatesClient {
  readonly updates: IncidentUpdate[] = [];
  readonly keys = new Map<string, IncidentUpdate>();
  readonly statusCalls: { incidentId: string; status: IncidentStatus }[] = [];
  failNext = 0;
  constructor(
    readonly incidents: Incident[],
    private readonly now: () => number,
    private readonly author: Person,
  ) {}
  async listUpdates(incidentId: string) {
    return this.updates.filter((u) => u.incidentId === incidentId);
  }
  async postUpdate(
    incidentId: string,
    body: { status: IncidentStatus; message: string },
    key: string,
  ) {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new IntegrationError(
        'platform',
        'server',
        'the Zephyr platform failed (HTTP 500)',
        500,
      );
    }
    const seen = this.keys.get(key);
    if (seen) return seen;
    const update: IncidentUpdate = {
      id: `U-${this.updates.length + 1}`,
      incidentId,
      status: body.status,
      message: body.message,
      postedAt: new Date(this.now()).toISOString(),
      author: this.author,
    };
    this.updates.push(update);
    this.keys.set(key, update);
    return update;
  }
  async setStatus(incidentId: string, status: IncidentStatus) {
    this.statusCalls.push({ incidentId, status });
    const incident = this.incidents.find((i) => i.id === incidentId);
    if (!incident)
      throw new IntegrationError('platform', 'not-found', `no incident '${incidentId}'`, 404);
    incident.status = status;
    if (status === 'resolved') incident.resolvedAt = new Date(this.now()).toISOString();
    return structuredClone(incident);
  }
  async findIncident(incidentId: string) {
    return this.incidents.find((i) => i.id === incidentId);
  }
}
