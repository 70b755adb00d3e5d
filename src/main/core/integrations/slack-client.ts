/**
 * Slack Web API client for a declaration, over `@slack/web-api`'s `WebClient`: channel, purpose,
 * topic, invites, kick-off message, pinned runbook, and `auth.test` for "Test connection".
 * Rate limits (`429` + `Retry-After`) are waited out by `WebClient` itself; every other failure
 * becomes an `IntegrationError` naming what is wrong (bad token, missing scope and the scope
 * needed, unknown channel…). The token is never logged.
 */
import {
  ErrorCode,
  LogLevel,
  WebClient,
  type Logger as SlackLogger,
  type WebClientOptions,
} from '@slack/web-api';
import type { Person } from '../../../shared/domain.js';
import type { Logger } from '../ports.js';
import { IntegrationError } from './integration-error.js';

/** What the client needs. */
export interface SlackClientOptions {
  token: string;
  /** Web API base, ending in `/` (GovSlack, Enterprise Grid, tests); default Slack's. */
  slackApiUrl?: string;
  logger?: Logger;
  /** Extra headers on every request (the contract tests send Slack's `token` header). */
  headers?: Record<string, string>;
  /** Retries after a rate limit or a transient failure (default 4). */
  retries?: number;
  /** Per-request timeout in ms (default 15 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** A channel as the app keeps it. */
export interface SlackChannel {
  id: string;
  name: string;
}

/** Who the token is, from `auth.test`. */
export interface SlackIdentity {
  userId: string;
  user: string;
  team: string;
  /** Workspace URL (`https://acme.slack.com/`), used to build channel links. */
  url: string;
}

/** The Slack operations a declaration makes (the runner depends on this, not on `WebClient`). */
export interface SlackClient {
  /** `auth.test`; "connected as <user> on <team>" in the UI. */
  testConnection(): Promise<SlackIdentity>;
  /**
   * A public channel whose purpose contains `declarationId` (or, for a crash between creating a
   * channel and setting its purpose, one of `names` that we created with an empty purpose).
   */
  findChannelForDeclaration(
    declarationId: string,
    names: string[],
  ): Promise<SlackChannel | undefined>;
  /** Creates a public channel, taking `name-2`, `name-3`… when the name is taken. */
  createChannel(name: string): Promise<SlackChannel>;
  setPurpose(channelId: string, purpose: string): Promise<void>;
  setTopic(channelId: string, topic: string): Promise<void>;
  /** Slack user ids of `people` (their `slackUserId`, else `users.lookupByEmail`). */
  lookupUsers(
    people: Person[],
  ): Promise<{ found: { person: Person; userId: string }[]; missing: Person[] }>;
  /** Invites each user; those already in the channel (or the token's own user) count as done. */
  invite(channelId: string, userIds: string[]): Promise<void>;
  /** `ts` of a recent message from us in the channel containing `marker`, if any. */
  findOwnMessage(channelId: string, marker: string): Promise<string | undefined>;
  postMessage(channelId: string, text: string): Promise<{ ts: string }>;
  /** Pins a message; an already pinned message counts as done. */
  pin(channelId: string, ts: string): Promise<void>;
  /** A link that opens the channel. */
  channelUrl(channelId: string): Promise<string>;
}

const AUTH_ERRORS = new Set([
  'not_authed',
  'invalid_auth',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'no_permission',
  'not_allowed_token_type',
]);

/** Turns anything `WebClient` throws into an `IntegrationError`; `what` names the call. */
function classifySlackError(error: unknown, what: string): IntegrationError {
  if (error instanceof IntegrationError) return error;
  const e = error as {
    code?: unknown;
    data?: { error?: string; needed?: string; provided?: string };
  };
  if (e.code === ErrorCode.PlatformError) {
    const code = e.data?.error ?? 'unknown_error';
    if (code === 'missing_scope') {
      const needed = e.data?.needed ? ` '${e.data.needed}'` : '';
      return new IntegrationError(
        'slack',
        'scope',
        `Slack refused ${what}: the token is missing the scope${needed}; add it to the Slack app and reinstall it`,
      );
    }
    if (AUTH_ERRORS.has(code))
      return new IntegrationError(
        'slack',
        'auth',
        `Slack rejected the token (${code}): set a new one in Settings`,
      );
    // `ratelimited` comes with HTTP 429; some methods answer HTTP 200 `rate_limited` instead.
    if (code === 'ratelimited' || code === 'rate_limited')
      return new IntegrationError(
        'slack',
        'rate-limited',
        `Slack is rate limiting ${what}; try again in a minute`,
      );
    if (code === 'channel_not_found')
      return new IntegrationError(
        'slack',
        'not-found',
        `Slack: the channel for ${what} does not exist or the app cannot see it`,
      );
    return new IntegrationError('slack', 'invalid-request', `Slack refused ${what}: ${code}`);
  }
  if (e.code === ErrorCode.RateLimitedError)
    return new IntegrationError(
      'slack',
      'rate-limited',
      `Slack is rate limiting ${what}; try again in a minute`,
    );
  if (e.code === ErrorCode.HTTPError) {
    const status = (error as { statusCode?: number }).statusCode ?? 0;
    return new IntegrationError(
      'slack',
      status === 401 ? 'auth' : 'server',
      `Slack answered ${what} with HTTP ${status}`,
      status,
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new IntegrationError('slack', 'network', `could not reach Slack for ${what}: ${message}`);
}

function slackLogger(logger: Logger | undefined): SlackLogger {
  let level = LogLevel.INFO;
  const text = (msg: unknown[]) =>
    msg.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  return {
    // Request bodies are logged at debug level; we never forward debug (tokens, message text).
    debug: () => undefined,
    info: (...msg: unknown[]) => logger?.info(`slack: ${text(msg)}`),
    warn: (...msg: unknown[]) => logger?.warn(`slack: ${text(msg)}`),
    error: (...msg: unknown[]) => logger?.error(`slack: ${text(msg)}`),
    setLevel: (l: LogLevel) => void (level = l),
    getLevel: () => level,
    setName: () => undefined,
  };
}

/** Longest Slack channel name. */
const SLACK_CHANNEL_MAX = 80;

/** `name` with `-n` appended, shortened so the result stays within Slack's limit. */
function suffixedName(name: string, n: number): string {
  if (n <= 1) return name;
  const suffix = `-${n}`;
  return `${name.slice(0, SLACK_CHANNEL_MAX - suffix.length).replace(/-+$/, '')}${suffix}`;
}

/** Runs one Web API call; any failure becomes an `IntegrationError` naming `what`. */
async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw classifySlackError(err, what);
  }
}

/** The Slack `error` code of a platform error (`name_taken`…), or `undefined`. */
function platformCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; data?: { error?: string } };
  return e.code === ErrorCode.PlatformError ? e.data?.error : undefined;
}

/**
 * The channel a declaration made: the one whose purpose names it, else one of `names` we created
 * with no purpose yet (a crash between create and setPurpose); pages through every channel.
 */
async function findChannel(
  web: WebClient,
  self: SlackIdentity,
  declarationId: string,
  names: string[],
): Promise<SlackChannel | undefined> {
  let cursor: string | undefined;
  let fallback: SlackChannel | undefined;
  const seen = new Set<string>();
  do {
    const page = await call('listing channels (conversations.list)', () =>
      web.conversations.list({
        types: 'public_channel',
        exclude_archived: true,
        limit: 200,
        ...(cursor ? { cursor } : {}),
      }),
    );
    for (const c of page.channels ?? []) {
      if (!c.id || !c.name) continue;
      if (c.purpose?.value?.includes(declarationId)) return { id: c.id, name: c.name };
      if (!fallback && names.includes(c.name) && !c.purpose?.value && c.creator === self.userId) {
        fallback = { id: c.id, name: c.name };
      }
    }
    const next = page.response_metadata?.next_cursor || undefined;
    // A cursor seen before would loop forever; 100 pages is 20,000 channels.
    if (next && (seen.has(next) || seen.size >= 100)) break;
    if (next) seen.add(next);
    cursor = next;
  } while (cursor);
  return fallback;
}

/** Creates `name`, or `name-2` … `name-20` when taken. */
async function createChannel(web: WebClient, name: string): Promise<SlackChannel> {
  for (let n = 1; n <= 20; n += 1) {
    const candidate = suffixedName(name, n);
    try {
      const r = await web.conversations.create({ name: candidate, is_private: false });
      if (!r.channel?.id) throw new Error('conversations.create answered without a channel id');
      return { id: r.channel.id, name: r.channel.name ?? candidate };
    } catch (err) {
      if (platformCode(err) === 'name_taken') continue;
      throw classifySlackError(err, `creating channel #${candidate}`);
    }
  }
  throw new IntegrationError(
    'slack',
    'invalid-request',
    `Slack: #${name} and 19 suffixed names are all taken; rename the incident or create the channel by hand`,
  );
}

/** Each person's Slack user (their `slackUserId`, else by email); those Slack does not know. */
async function lookupUsers(
  web: WebClient,
  people: Person[],
): Promise<{ found: { person: Person; userId: string }[]; missing: Person[] }> {
  const found: { person: Person; userId: string }[] = [];
  const missing: Person[] = [];
  for (const person of people) {
    if (person.slackUserId) {
      found.push({ person, userId: person.slackUserId });
      continue;
    }
    try {
      const r = await web.users.lookupByEmail({ email: person.email });
      if (r.user?.id) found.push({ person, userId: r.user.id });
      else missing.push(person);
    } catch (err) {
      if (platformCode(err) === 'users_not_found') missing.push(person);
      else throw classifySlackError(err, `looking up ${person.email} (users.lookupByEmail)`);
    }
  }
  return { found, missing };
}

/** The `WebClient` implementation of `SlackClient`. */
export function createSlackClient(options: SlackClientOptions): SlackClient {
  const clientOptions: WebClientOptions = {
    logger: slackLogger(options.logger),
    logLevel: LogLevel.INFO,
    retryConfig: { retries: options.retries ?? 4, factor: 2, minTimeout: 250, maxTimeout: 4000 },
    rejectRateLimitedCalls: false,
    timeout: options.timeoutMs ?? 15_000,
    headers: options.headers ?? {},
    ...(options.slackApiUrl ? { slackApiUrl: withSlash(options.slackApiUrl) } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  const web = new WebClient(options.token, clientOptions);
  let identity: Promise<SlackIdentity> | undefined;

  const me = (): Promise<SlackIdentity> => {
    identity ??= call('auth.test', async () => {
      const r = await web.auth.test();
      return {
        userId: r.user_id ?? '',
        user: r.user ?? '',
        team: r.team ?? '',
        url: r.url ?? '',
      };
    }).catch((err: unknown) => {
      identity = undefined;
      throw err;
    });
    return identity;
  };

  return {
    testConnection: me,

    async findChannelForDeclaration(declarationId, names) {
      return findChannel(web, await me(), declarationId, names);
    },

    createChannel: (name) => createChannel(web, name),

    async setPurpose(channelId, purpose) {
      await call('setting the channel purpose', () =>
        web.conversations.setPurpose({ channel: channelId, purpose: purpose.slice(0, 250) }),
      );
    },

    async setTopic(channelId, topic) {
      await call('setting the channel topic', () =>
        web.conversations.setTopic({ channel: channelId, topic: topic.slice(0, 250) }),
      );
    },

    lookupUsers: (people) => lookupUsers(web, people),

    async invite(channelId, userIds) {
      const self = await me();
      for (const user of new Set(userIds)) {
        if (user === self.userId) continue;
        try {
          await web.conversations.invite({ channel: channelId, users: user });
        } catch (err) {
          const code = platformCode(err);
          if (code === 'already_in_channel' || code === 'cant_invite_self') continue;
          throw classifySlackError(err, `inviting ${user} to the channel`);
        }
      }
    },

    async findOwnMessage(channelId, marker) {
      const self = await me();
      // A busy channel has more than one page: read them all, or a resumed declaration would
      // miss its own kick-off and post it twice. A repeated cursor ends the walk.
      const seen = new Set<string>();
      let cursor: string | undefined;
      do {
        const r = await call('reading the channel history', () =>
          web.conversations.history({
            channel: channelId,
            limit: 200,
            ...(cursor ? { cursor } : {}),
          }),
        );
        const hit = (r.messages ?? []).find(
          (m) =>
            m.ts && m.text?.includes(marker) && (m.user === self.userId || m.bot_id !== undefined),
        );
        if (hit) return hit.ts;
        const next = (r.has_more && r.response_metadata?.next_cursor) || undefined;
        if (next && seen.has(next)) break;
        if (next) seen.add(next);
        cursor = next;
      } while (cursor);
      return undefined;
    },

    async postMessage(channelId, text) {
      const r = await call('posting to the channel', () =>
        web.chat.postMessage({ channel: channelId, text, unfurl_links: false }),
      );
      if (!r.ts)
        throw new IntegrationError(
          'slack',
          'invalid-response',
          'Slack posted the message but sent no ts',
        );
      return { ts: r.ts };
    },

    async pin(channelId, ts) {
      try {
        await web.pins.add({ channel: channelId, timestamp: ts });
      } catch (err) {
        if (platformCode(err) === 'already_pinned') return;
        throw classifySlackError(err, 'pinning the runbook');
      }
    },

    async channelUrl(channelId) {
      const self = await me();
      const base =
        self.url && /^https?:\/\//.test(self.url) ? withSlash(self.url) : 'https://slack.com/';
      return `${base}archives/${channelId}`;
    },
  };
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
