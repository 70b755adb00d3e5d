/**
 * The real Node host (`runNodeHost`: bridge, stores, embedded local platform) in this process,
 * driven over its WebSocket bridge like the browser tab drives it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { runNodeHost } from '../src/main/host-node.js';
import { BRIDGE_PROTOCOL, bridgeTokenProtocol } from '../src/shared/bridge-protocol.js';
import type { AppState } from '../src/shared/domain.js';

/** A running host and a bridge client to it. */
export interface HostUnderTest {
  dataDir: string;
  port: number;
  token: string;
  /** Sends one command over the bridge; resolves with the dispatcher's `IpcResult`. */
  invoke(
    name: string,
    input: unknown,
    timeoutMs?: number,
  ): Promise<{ ok: boolean; [k: string]: unknown }>;
  state(): Promise<AppState>;
  stop(): Promise<void>;
}

/** A fresh data directory (optional). */
export function tempDataDir(prefix = 'zephyr-chaos-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Starts the host on `dataDir` with a stub renderer and no desktop bus. */
export async function startHost(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<HostUnderTest> {
  const staticDir = mkdtempSync(join(tmpdir(), 'zephyr-chaos-static-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>chaos</title>');
  const host = await runNodeHost({
    port: 0,
    env: { ZEPHYR_DATA_DIR: dataDir, ...env },
    staticDir,
    print: () => {},
  });
  const url = new URL(host.url);
  const token = new URLSearchParams(url.hash.slice(1)).get('token') ?? '';
  const port = Number(url.port);
  const bridge = await connectBridge(port, token);
  return {
    dataDir,
    port,
    token,
    invoke: bridge.invoke,
    state: bridge.state,
    async stop() {
      bridge.close();
      await host.stop();
    },
  };
}

/** A bridge client: `invoke` and `state` as in `HostUnderTest`, `close` drops the socket. */
export interface BridgeClient {
  invoke: HostUnderTest['invoke'];
  state: HostUnderTest['state'];
  close(): void;
}

/** Connects to a running host's bridge as its browser tab would. */
export async function connectBridge(port: number, token: string): Promise<BridgeClient> {
  const ws = new WebSocket(
    `ws://127.0.0.1:${port}/bridge`,
    [BRIDGE_PROTOCOL, bridgeTokenProtocol(token)],
    {
      headers: { Origin: `http://127.0.0.1:${port}` },
      maxPayload: 256 * 1024 * 1024,
    },
  );
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.on('error', () => {});
  let nextId = 1;
  const waiting = new Map<number, (result: { ok: boolean }) => void>();
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as {
      type: string;
      id?: number;
      result?: { ok: boolean };
    };
    if (message.type === 'result' && message.id !== undefined) {
      waiting.get(message.id)?.(message.result ?? { ok: false });
      waiting.delete(message.id);
    }
  });
  const invoke: HostUnderTest['invoke'] = (name, input, timeoutMs = 10_000) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error(`${name}: no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      waiting.set(id, (result) => {
        clearTimeout(timer);
        resolve(result);
      });
      ws.send(JSON.stringify({ type: 'invoke', id, name, input }));
    });
  return {
    invoke,
    async state() {
      const result = (await invoke('app:get-state', {})) as { ok: boolean; value?: AppState };
      if (!result.ok || !result.value)
        throw new Error(`app:get-state failed: ${JSON.stringify(result)}`);
      return result.value;
    },
    close: () => ws.terminate(),
  };
}
