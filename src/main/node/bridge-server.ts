/**
 * The Node host's front: serves the built renderer on 127.0.0.1 with the same CSP as Electron, and
 * carries the IPC contract over a WebSocket at `/bridge`. A connection is accepted only with the
 * per-launch bridge token (handed over as a subprotocol in the handshake) and an `Origin` and `Host`
 * of this server's own, so no other local page or user can drive it.
 */
import { timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  BRIDGE_PATH,
  BRIDGE_PROTOCOL,
  BridgeRequest,
  bridgeTokenProtocol,
  type BridgeMessage,
} from '../../shared/bridge-protocol.js';
import { maxBridgeFrameBytes } from '../../shared/command-size.js';
import { EVENT_NAMES, type EventName, type EventPayload } from '../../shared/contract.js';
import type { Dispatch } from '../core/ipc-dispatcher.js';
import type { Logger } from '../core/ports.js';

/** The renderer's Content-Security-Policy, shared with the Electron shell. */
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "media-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wav': 'audio/wav',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
};

/** Options of `startBridgeServer`. */
export interface BridgeServerOptions {
  port: number;
  token: string;
  staticDir: string;
  dispatch: Dispatch;
  /** Subscribes to one event; returns the unsubscribe function. */
  subscribe<N extends EventName>(name: N, listener: (payload: EventPayload<N>) => void): () => void;
  logger: Logger;
}

/** A running bridge server. `url` carries the bridge token in its fragment. */
export interface BridgeServer {
  origin: string;
  url: string;
  port: number;
  clients(): number;
  close(): Promise<void>;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function reject(socket: Duplex, status: number, reason: string): void {
  socket.write(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`,
  );
  socket.destroy();
}

/**
 * Why an upgrade request must be refused, or `undefined` to accept it. Exported for tests.
 */
export function checkUpgrade(
  req: Pick<IncomingMessage, 'headers' | 'url'>,
  expected: { token: string; port: number },
): { status: number; reason: string } | undefined {
  const allowedHosts = [`127.0.0.1:${expected.port}`, `localhost:${expected.port}`];
  const allowedOrigins = allowedHosts.map((h) => `http://${h}`);
  if ((req.url ?? '').split('?')[0] !== BRIDGE_PATH) return { status: 404, reason: 'Not Found' };
  if (!allowedHosts.includes(req.headers.host ?? '')) {
    return { status: 403, reason: 'Forbidden: wrong Host header' };
  }
  if (!allowedOrigins.includes(req.headers.origin ?? '')) {
    return { status: 403, reason: 'Forbidden: Origin is not this host' };
  }
  const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  if (!offered.includes(BRIDGE_PROTOCOL)) {
    return { status: 400, reason: `Bad Request: subprotocol ${BRIDGE_PROTOCOL} required` };
  }
  const presented = offered.find((p) => p.startsWith('token.'));
  if (!presented || !sameSecret(presented, bridgeTokenProtocol(expected.token))) {
    return { status: 401, reason: 'Unauthorized: missing or wrong bridge token' };
  }
  return undefined;
}

async function serveStatic(
  staticDir: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const headers = {
    'Content-Security-Policy': RENDERER_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...headers, Allow: 'GET, HEAD' }).end();
    return;
  }
  const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  const relative = pathname === '/' ? 'index.html' : pathname.slice(1);
  const file = normalize(join(staticDir, relative));
  if (!file.startsWith(normalize(staticDir) + sep)) {
    res.writeHead(403, headers).end('Forbidden');
    return;
  }
  try {
    const body = await readFile(file);
    res.writeHead(200, {
      ...headers,
      'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch {
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end('Not found');
  }
}

/** Starts the server on 127.0.0.1 (`port` 0 picks a free one). */
export async function startBridgeServer(options: BridgeServerOptions): Promise<BridgeServer> {
  const { logger } = options;
  const wss = new WebSocketServer({
    noServer: true,
    // Computed from the contract's limits: every valid command fits, nothing much larger is read.
    maxPayload: maxBridgeFrameBytes(),
    handleProtocols: (protocols) => (protocols.has(BRIDGE_PROTOCOL) ? BRIDGE_PROTOCOL : false),
  });
  const server: Server = createServer((req, res) => {
    const hostOk = [`127.0.0.1:${port}`, `localhost:${port}`].includes(req.headers.host ?? '');
    if (!hostOk) {
      // DNS-rebinding guard: a page on another name resolving to 127.0.0.1 gets nothing.
      res.writeHead(403, { 'Content-Type': 'text/plain' }).end('Forbidden: wrong Host header');
      return;
    }
    serveStatic(options.staticDir, req, res).catch((error: unknown) => {
      logger.error('static file failed', { error: String(error) });
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  let port = options.port;
  // A protocol error (bad frame, oversized frame, reset) closes that connection only, never the host.
  server.on('clientError', (error, socket) => {
    logger.warn('bridge: bad HTTP request', { error: String(error) });
    socket.destroy();
  });
  wss.on('error', (error) =>
    logger.warn('bridge: WebSocket server error', { error: String(error) }),
  );

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', (error) =>
      logger.warn('bridge: connection error', { error: String(error) }),
    );
    const refusal = checkUpgrade(req, { token: options.token, port });
    if (refusal) {
      logger.warn('bridge connection refused', {
        reason: refusal.reason,
        origin: req.headers.origin,
      });
      reject(socket, refusal.status, refusal.reason);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    const send = (message: BridgeMessage) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    };
    ws.on('error', (error) => {
      logger.warn('bridge: protocol error; connection closed', { error: String(error) });
      ws.terminate();
    });
    const unsubscribers = EVENT_NAMES.map((name) =>
      options.subscribe(name, (payload) => send({ type: 'event', name, payload })),
    );
    ws.on('message', (data) => {
      let request: BridgeRequest;
      try {
        request = BridgeRequest.parse(JSON.parse(String(data)));
      } catch {
        ws.close(1008, 'malformed bridge message');
        return;
      }
      void options
        .dispatch(request.name, request.input)
        .then((result) => send({ type: 'result', id: request.id, result }))
        .catch((error: unknown) =>
          logger.error('bridge: dispatch failed', { error: String(error) }),
        );
    });
    ws.on('close', () => unsubscribers.forEach((u) => u()));
  });

  await new Promise<void>((resolve, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: `${origin}/#token=${options.token}`,
    port,
    clients: () => wss.clients.size,
    async close() {
      for (const c of wss.clients) c.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
