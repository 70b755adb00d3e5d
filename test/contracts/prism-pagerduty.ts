/**
 * Runs Prism 5.14.2 as a mock of PagerDuty's REST API description (`../shared/contracts/
 * pagerduty/openapiv3.json`) on 127.0.0.1, with the overlay `SOURCES.md` lists applied at load time
 * (the upstream file is never edited): every `application/json` response content is also offered
 * as `application/vnd.pagerduty+json`, the type real clients ask for. Also a `fetch` wrapper that
 * collects Prism's request-side validation findings.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SHARED_DIR } from '../helpers/shared-dir.js';

/** The spec, relative to `../shared`. */
export const PAGERDUTY_SPEC = 'contracts/pagerduty/openapiv3.json';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (v: Json | undefined): v is JsonObject =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** The parsed upstream document. */
export function loadPagerDutySpec(): JsonObject {
  return JSON.parse(readFileSync(resolve(SHARED_DIR, PAGERDUTY_SPEC), 'utf8')) as JsonObject;
}

/** Copies each response's `application/json` content to `application/vnd.pagerduty+json`. */
export function withVendorMediaType(doc: JsonObject): { doc: JsonObject; copied: number } {
  const patched = structuredClone(doc);
  let copied = 0;
  const patchResponses = (responses: Json | undefined): void => {
    if (!isObject(responses)) return;
    for (const response of Object.values(responses)) {
      if (!isObject(response) || !isObject(response.content)) continue;
      const json = response.content['application/json'];
      if (json !== undefined && response.content['application/vnd.pagerduty+json'] === undefined) {
        response.content['application/vnd.pagerduty+json'] = json;
        copied += 1;
      }
    }
  };
  for (const item of Object.values(isObject(patched.paths) ? patched.paths : {})) {
    if (!isObject(item)) continue;
    for (const operation of Object.values(item)) {
      if (isObject(operation)) patchResponses(operation.responses);
    }
  }
  if (isObject(patched.components)) patchResponses(patched.components.responses);
  return { doc: patched, copied };
}

/** Resolves a local `$ref` (`#/components/...`). */
export function resolveRef(doc: JsonObject, node: Json | undefined): Json | undefined {
  if (!isObject(node) || typeof node.$ref !== 'string') return node;
  let current: Json | undefined = doc;
  for (const part of node.$ref.replace(/^#\//, '').split('/')) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    current = isObject(current) ? current[key] : undefined;
  }
  return resolveRef(doc, current);
}

/** Every example of the `application/json` answer of `method path` for `status` (examples or example). */
export function responseExamples(
  doc: JsonObject,
  method: string,
  path: string,
  status: string,
): Json[] {
  const paths = doc.paths as JsonObject;
  const operation = (paths[path] as JsonObject | undefined)?.[method.toLowerCase()];
  const responses = isObject(operation) ? operation.responses : undefined;
  const response = resolveRef(doc, isObject(responses) ? responses[status] : undefined);
  const content =
    isObject(response) && isObject(response.content)
      ? response.content['application/json']
      : undefined;
  if (!isObject(content)) return [];
  const out: Json[] = [];
  if (content.example !== undefined) out.push(content.example);
  if (isObject(content.examples)) {
    for (const example of Object.values(content.examples)) {
      const resolved = resolveRef(doc, example);
      if (isObject(resolved) && resolved.value !== undefined) out.push(resolved.value);
    }
  }
  return out;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolveOpen) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolveOpen(true);
    });
    socket.once('error', () => resolveOpen(false));
  });
}

/** A running Prism mock. */
export interface PrismMock {
  url: string;
  /** Everything Prism printed (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Writes the patched spec to a temp file and starts `prism mock` on a free port; resolves once
 * the port accepts connections. Rejects with Prism's output when it exits or `timeoutMs` passes.
 */
export async function startPrism(timeoutMs = 150_000): Promise<PrismMock> {
  const dir = mkdtempSync(join(tmpdir(), 'prism-pagerduty-'));
  const specPath = join(dir, 'pagerduty.patched.json');
  writeFileSync(specPath, JSON.stringify(withVendorMediaType(loadPagerDutySpec()).doc));
  const port = await freePort();
  const bin = resolve(import.meta.dirname, '../../node_modules/.bin/prism');
  const child: ChildProcess = spawn(
    bin,
    ['mock', specPath, '-h', '127.0.0.1', '-p', String(port)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  let exited = false;
  child.once('exit', () => (exited = true));

  const stop = async (): Promise<void> => {
    if (!exited) {
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      await gone;
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  while (!(await portOpen(port))) {
    if (exited || Date.now() > deadline) {
      await stop();
      throw new Error(`Prism did not start on port ${port}:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url: `http://127.0.0.1:${port}`, output: () => output, stop };
}

/** One request-side finding of Prism. */
export interface Violation {
  request: string;
  location: string[];
  message: string;
}

/**
 * A `fetch` that records, per request, Prism's request-side findings: `sl-violations` entries whose
 * `location[0]` is `request`, and the `validation` list of a 422 problem answer (Prism's answer when
 * no documented error response fits). Response-side findings are ignored: PagerDuty's own examples
 * break its schemas in places (SOURCES.md).
 */
export function recordingFetch(): {
  fetch: typeof fetch;
  violations: Violation[];
  requests: string[];
} {
  const violations: Violation[] = [];
  const requests: string[] = [];
  const wrapped: typeof fetch = async (input, init) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const request = `${init?.method ?? 'GET'} ${url.pathname}${url.search}`;
    requests.push(request);
    const response = await fetch(input, init);
    const header = response.headers.get('sl-violations');
    if (header) {
      const entries = JSON.parse(header) as { location: string[]; message: string }[];
      for (const e of entries) {
        if (e.location[0] === 'request')
          violations.push({ request, location: e.location, message: e.message });
      }
    }
    if (response.status === 422 && response.headers.get('content-type')?.includes('problem+json')) {
      const problem = (await response.clone().json()) as {
        validation?: { location: string[]; message: string }[];
      };
      for (const e of problem.validation ?? []) {
        violations.push({ request, location: ['request', ...e.location], message: e.message });
      }
    }
    return response;
  };
  return { fetch: wrapped, violations, requests };
}
