/**
 * A stateful Slack Web API fake: a tiny node:http server on 127.0.0.1 that speaks the JSON of the
 * methods the declaration uses (form-encoded or JSON bodies, `Authorization: Bearer`), keeps
 * channels, members, messages and pins, and injects faults (rate limits with `Retry-After`,
 * `ok:false` errors) for the flows Prism's stateless mock cannot show.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkSlackAnswer } from '../helpers/vendor-contracts.js';

/** A channel as the fake keeps it. */
export interface FakeChannel {
  id: string;
  name: string;
  creator: string;
  purpose: string;
  topic: string;
  members: string[];
  messages: { ts: string; text: string; user: string }[];
  pins: string[];
}

/** A fault for the next calls of one method. */
export type SlackFault =
  | { kind: 'ratelimited'; retryAfterSeconds: number; count?: number }
  | { kind: 'error'; error: string; needed?: string; count?: number };

/** The fake Slack workspace. */
export class SlackFake {
  readonly token: string;
  readonly botUserId = 'UBOT0001';
  readonly channels: FakeChannel[] = [];
  /** email → user id. */
  readonly users = new Map<string, string>();
  /** Every call, in order: method name and its parameters. */
  readonly calls: { method: string; params: Record<string, string> }[] = [];
  private readonly faults = new Map<string, SlackFault & { left: number }>();
  private server: Server | undefined;
  private counter = 0;
  url = '';

  constructor(token = 'xoxb-fake-token') {
    this.token = token;
  }

  /** Starts listening on a free loopback port; `url` ends in `/` (the `slackApiUrl`). */
  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(({ status, body, headers }) => {
        checkSlackAnswer(req.method ?? 'POST', slackMethod(req), status, body);
        res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/`;
    return this;
  }

  async close(): Promise<void> {
    await new Promise<void>((r) => {
      this.server?.close(() => r());
      this.server?.closeAllConnections();
    });
  }

  /** Injects `fault` into the next `count` (default 1) calls of `method`. */
  fault(method: string, fault: SlackFault): void {
    this.faults.set(method, { ...fault, left: fault.count ?? 1 });
  }

  /** Adds a channel someone else made (e.g. to take a name). */
  addChannel(name: string, purpose = '', creator = 'UOTHER'): FakeChannel {
    const channel: FakeChannel = {
      id: `C${String(++this.counter).padStart(8, '0')}`,
      name,
      creator,
      purpose,
      topic: '',
      members: [],
      messages: [],
      pins: [],
    };
    this.channels.push(channel);
    return channel;
  }

  /** Someone else's message in `channel` (to fill its history). */
  addMessage(channel: FakeChannel, text: string, user = 'UOTHER'): string {
    const ts = this.nextTs();
    channel.messages.push({ ts, text, user });
    return ts;
  }

  private nextTs(): string {
    return `${1772420400 + this.counter}.${String(++this.counter).padStart(6, '0')}`;
  }

  /** Calls of `method` so far. */
  count(method: string): number {
    return this.calls.filter((c) => c.method === method).length;
  }

  private async handle(
    req: IncomingMessage,
  ): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
    const method = slackMethod(req);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const params: Record<string, string> = (req.headers['content-type'] ?? '').includes('json')
      ? Object.fromEntries(
          Object.entries(JSON.parse(raw || '{}') as Record<string, unknown>).map(([k, v]) => [
            k,
            String(v),
          ]),
        )
      : Object.fromEntries(new URLSearchParams(raw));
    this.calls.push({ method, params });
    if (req.headers.authorization !== `Bearer ${this.token}`)
      return ok({ ok: false, error: 'invalid_auth' });
    const fault = this.faults.get(method);
    if (fault && fault.left > 0) {
      fault.left -= 1;
      if (fault.kind === 'ratelimited') {
        return {
          status: 429,
          body: { ok: false, error: 'ratelimited' },
          headers: { 'Retry-After': String(fault.retryAfterSeconds) },
        };
      }
      return ok({
        ok: false,
        error: fault.error,
        ...(fault.needed ? { needed: fault.needed, provided: 'channels:read' } : {}),
      });
    }
    return ok(this.answer(method, params));
  }

  private channel(id: string | undefined): FakeChannel | undefined {
    return this.channels.find((c) => c.id === id);
  }

  private answer(method: string, p: Record<string, string>): unknown {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://zephyr-test.slack.com/',
          team: 'Zephyr Test',
          user: 'zephyr-oncall',
          team_id: 'T0001',
          user_id: this.botUserId,
        };
      case 'conversations.list': {
        const start = Number(p['cursor'] ?? 0);
        const limit = Number(p['limit'] ?? 100);
        const slice = this.channels.slice(start, start + Math.min(limit, 2));
        const next =
          start + slice.length < this.channels.length ? String(start + slice.length) : '';
        return {
          ok: true,
          channels: slice.map((c) => ({
            id: c.id,
            name: c.name,
            creator: c.creator,
            purpose: { value: c.purpose },
            topic: { value: c.topic },
          })),
          response_metadata: { next_cursor: next },
        };
      }
      case 'conversations.create': {
        const name = p['name'] ?? '';
        if (!/^[a-z0-9_-]{1,80}$/.test(name)) return { ok: false, error: 'invalid_name_specials' };
        if (this.channels.some((c) => c.name === name)) return { ok: false, error: 'name_taken' };
        const c = this.addChannel(name, '', this.botUserId);
        c.members.push(this.botUserId);
        return { ok: true, channel: { id: c.id, name: c.name, creator: c.creator } };
      }
      case 'conversations.setPurpose':
      case 'conversations.setTopic': {
        const c = this.channel(p['channel']);
        if (!c) return { ok: false, error: 'channel_not_found' };
        if (method.endsWith('Purpose')) c.purpose = p['purpose'] ?? '';
        else c.topic = p['topic'] ?? '';
        return { ok: true, channel: channelJson(c) };
      }
      case 'users.lookupByEmail': {
        const id = this.users.get(p['email'] ?? '');
        return id
          ? { ok: true, user: { id, profile: { email: p['email'] } } }
          : { ok: false, error: 'users_not_found' };
      }
      case 'conversations.invite': {
        const c = this.channel(p['channel']);
        if (!c) return { ok: false, error: 'channel_not_found' };
        const users = (p['users'] ?? '').split(',').filter(Boolean);
        if (users.every((u) => c.members.includes(u)))
          return { ok: false, error: 'already_in_channel' };
        for (const u of users) if (!c.members.includes(u)) c.members.push(u);
        return { ok: true, channel: { id: c.id } };
      }
      case 'conversations.history': {
        const c = this.channel(p['channel']);
        if (!c) return { ok: false, error: 'channel_not_found' };
        // Newest first, `limit` (default 100) per page, the cursor an opaque offset.
        const all = [...c.messages].reverse();
        const start = p['cursor'] ? Number(Buffer.from(p['cursor'], 'base64').toString()) : 0;
        const limit = Math.min(Number(p['limit'] ?? 100) || 100, 999);
        const page = all.slice(start, start + limit);
        const more = start + limit < all.length;
        return {
          ok: true,
          messages: page.map((m) => ({
            type: 'message',
            ts: m.ts,
            text: m.text,
            user: m.user,
            ...(m.user === this.botUserId ? { bot_id: 'B0001' } : {}),
          })),
          has_more: more,
          pin_count: c.pins.length,
          channel_actions_ts: null,
          channel_actions_count: 0,
          ...(more
            ? {
                response_metadata: {
                  next_cursor: Buffer.from(String(start + limit)).toString('base64'),
                },
              }
            : {}),
        };
      }
      case 'chat.postMessage': {
        const c = this.channel(p['channel']);
        if (!c) return { ok: false, error: 'channel_not_found' };
        if (!c.members.includes(this.botUserId)) return { ok: false, error: 'not_in_channel' };
        const ts = this.nextTs();
        const text = p['text'] ?? '';
        c.messages.push({ ts, text, user: this.botUserId });
        return {
          ok: true,
          channel: c.id,
          ts,
          message: { type: 'message', ts, text, user: this.botUserId, bot_id: 'B0001' },
        };
      }
      case 'pins.add': {
        const c = this.channel(p['channel']);
        if (!c) return { ok: false, error: 'channel_not_found' };
        if (c.pins.includes(p['timestamp'] ?? '')) return { ok: false, error: 'already_pinned' };
        c.pins.push(p['timestamp'] ?? '');
        return { ok: true };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}

function channelJson(c: FakeChannel): object {
  return {
    id: c.id,
    name: c.name,
    creator: c.creator,
    is_channel: true,
    purpose: { value: c.purpose, creator: c.creator, last_set: 0 },
    topic: { value: c.topic, creator: c.creator, last_set: 0 },
  };
}

function slackMethod(req: IncomingMessage): string {
  return new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/api\//, '');
}

function ok(body: unknown): { status: number; body: unknown } {
  return { status: 200, body };
}
