import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BRIDGE_PROTOCOL, bridgeTokenProtocol } from '../../../src/shared/bridge-protocol.js';
import { createDispatcher } from '../../../src/main/core/ipc-dispatcher.js';
import type { CommandHandlers } from '../../../src/main/core/ports.js';
import {
  startBridgeServer,
  RENDERER_CSP,
  type BridgeServer,
} from '../../../src/main/node/bridge-server.js';
import { createLogger } from '../../../src/main/node/logger.js';

const TOKEN = 'test-bridge-token-0123456789';
const logger = createLogger({ secrets: () => [], echo: () => {} });

// Only the commands this test drives need a body; the dispatcher must never reach the others.
const handlers = new Proxy({} as CommandHandlers, {
  get: (_t, name) =>
    name === 'pages:acknowledge'
      ? async (input: { key: string }) => ({
          state: input.key === 'zephyr:p1' ? 'pending' : 'failed',
        })
      : async () => {
          throw new Error(`unexpected command ${String(name)}`);
        },
});

let server: BridgeServer;
let listeners: ((payload: unknown) => void)[] = [];

beforeEach(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>x</title>');
  listeners = [];
  server = await startBridgeServer({
    port: 0,
    token: TOKEN,
    staticDir: dir,
    dispatch: createDispatcher(handlers, logger),
    subscribe: (_name, listener) => {
      listeners.push(listener as (p: unknown) => void);
      return () => {
        listeners = listeners.filter((l) => l !== listener);
      };
    },
    logger,
  });
});
afterEach(async () => server.close());

function connect(opts: { token?: string; origin?: string; host?: string; protocols?: string[] }) {
  const protocols = opts.protocols ?? [BRIDGE_PROTOCOL, bridgeTokenProtocol(opts.token ?? TOKEN)];
  const headers: Record<string, string> = { Origin: opts.origin ?? server.origin };
  if (opts.host) headers.Host = opts.host;
  return new WebSocket(`ws://127.0.0.1:${server.port}/bridge`, protocols, { headers });
}

function refusal(ws: WebSocket): Promise<number> {
  return new Promise((resolve, reject) => {
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('open', () => reject(new Error('connection was accepted')));
    ws.on('error', () => {});
  });
}

function opened(ws: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    ws.on('open', () => resolve());
    ws.on('unexpected-response', (_r, res) => reject(new Error(`refused ${res.statusCode}`)));
  });
}

function nextMessage(ws: WebSocket): Promise<{ type: string; [k: string]: unknown }> {
  return new Promise((resolve) => ws.once('message', (d) => resolve(JSON.parse(String(d)))));
}

describe('bridge server', () => {
  it('refuses a wrong token', async () => {
    expect(await refusal(connect({ token: 'wrong-token-wrong-token-wr' }))).toBe(401);
  });

  it('refuses a missing token', async () => {
    expect(await refusal(connect({ protocols: [BRIDGE_PROTOCOL] }))).toBe(401);
  });

  it('refuses a foreign Origin', async () => {
    expect(await refusal(connect({ origin: 'http://evil.example' }))).toBe(403);
  });

  it('refuses a foreign Host (DNS rebinding)', async () => {
    expect(
      await refusal(
        connect({
          host: `rebind.example:${server.port}`,
          origin: `http://rebind.example:${server.port}`,
        }),
      ),
    ).toBe(403);
  });

  it('runs a contract command and refuses unknown channels and malformed payloads', async () => {
    const ws = connect({});
    await opened(ws);
    ws.send(
      JSON.stringify({
        type: 'invoke',
        id: 1,
        name: 'pages:acknowledge',
        input: { key: 'zephyr:p1' },
      }),
    );
    expect(await nextMessage(ws)).toEqual({
      type: 'result',
      id: 1,
      result: { ok: true, value: { state: 'pending' } },
    });

    ws.send(JSON.stringify({ type: 'invoke', id: 2, name: 'shell:run', input: {} }));
    const unknown = await nextMessage(ws);
    expect(unknown).toMatchObject({
      id: 2,
      result: { ok: false, error: { code: 'unknown-channel' } },
    });

    ws.send(
      JSON.stringify({ type: 'invoke', id: 3, name: 'pages:acknowledge', input: { key: 42 } }),
    );
    const bad = (await nextMessage(ws)) as unknown as {
      result: { error: { code: string; message: string } };
    };
    expect(bad.result.error.code).toBe('invalid-payload');
    expect(bad.result.error.message).toContain('key');
    ws.close();
  });

  it('pushes events to connected clients', async () => {
    const ws = connect({});
    await opened(ws);
    const message = nextMessage(ws);
    for (const l of listeners) l({ hello: 'world' });
    expect(await message).toEqual({
      type: 'event',
      name: 'app:state-changed',
      payload: { hello: 'world' },
    });
    ws.close();
  });

  it('serves the renderer with the CSP and refuses foreign Host headers', async () => {
    const ok = await fetch(`${server.origin}/`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    const traversal = await fetch(`${server.origin}/..%2f..%2fetc%2fpasswd`);
    expect([403, 404]).toContain(traversal.status);
    expect(server.url).toBe(`${server.origin}/#token=${TOKEN}`);
  });
});
