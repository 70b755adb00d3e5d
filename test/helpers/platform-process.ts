/**
 * Starts the local platform in-process for a test: temp data directory, control API on, every
 * control answer checked against the OpenAPI document. Tests act as other people with
 * `tokenFor(personId)` and drive time with `control.advance(seconds)`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page, Rotation } from '../../src/shared/domain.js';
import type { Playbook } from '../../src/shared/playbook.js';
import {
  startLocalPlatform,
  type ControlState,
  type LocalPlatform,
} from '../../src/main/local-platform/index.js';
import { validateResponse } from './openapi.js';

/** A fault to inject into the next `/v1` requests (see `POST /control/faults`). */
export interface FaultRequest {
  kind?: 'status' | 'hang' | 'malformed' | 'reset';
  status?: number;
  count?: number;
  path?: string;
  retryAfterSeconds?: number;
  /** Also fail the requests held now (long polls), as a platform failing under them would. */
  held?: boolean;
}

/** Body of `POST /control/pages`. */
export interface ControlPageRequest {
  title: string;
  severity?: 1 | 2 | 3;
  service?: string;
  incidentId?: string;
  test?: boolean;
  urgency?: 'high' | 'low';
  target: { rotation: string } | { person: string };
}

/** One shift of `PUT /control/rotations/{id}/shifts`. */
export interface ControlShift {
  person: string;
  level: number;
  start: string;
  end: string;
}

/** What `GET /control/state` answers. */
export type TestPlatformState = ControlState & { fault: FaultRequest | null };

/** A running local platform for one test. */
export interface TestPlatform {
  url: string;
  /** The app's user's bearer token. */
  token: string;
  controlToken: string;
  /** Person id of the app's user. */
  userId: string;
  platform: LocalPlatform;
  dataDir: string;
  control: {
    advance(seconds: number): Promise<{ now: string; clockOffsetSeconds: number }>;
    state(): Promise<TestPlatformState>;
    fault(spec: FaultRequest): Promise<void>;
    clearFaults(): Promise<void>;
    createPage(body: ControlPageRequest): Promise<Page>;
    retrigger(id: string): Promise<Page>;
    /** Replaces the rotation's schedule with `shifts` (the feed then sends exactly them). */
    setShifts(rotationId: string, shifts: ControlShift[]): Promise<Rotation>;
  };
  /** Bearer token of any person of the roster; throws for an unknown id. */
  tokenFor(personId: string): string;
  /** Stops the platform and deletes its data directory (unless `dataDir` was given). */
  close(): Promise<void>;
}

/** Options of `startTestPlatform`. */
export interface TestPlatformOptions {
  playbook?: Playbook;
  user?: { name: string; email: string };
  token?: string;
  /** Reuse a data directory (e.g. to test a restart); it is then not deleted on close. */
  dataDir?: string;
}

/** Starts a local platform on a free loopback port with the control API enabled. */
export async function startTestPlatform(options: TestPlatformOptions = {}): Promise<TestPlatform> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'zephyr-platform-'));
  const token = options.token ?? 'test-user-token';
  const controlToken = 'test-control-token';
  const platform = await startLocalPlatform({
    dataDir,
    port: 0,
    token,
    user: options.user ?? { name: 'Test User', email: 'test.user@localhost' },
    control: { token: controlToken },
    ...(options.playbook ? { playbook: options.playbook } : {}),
  });

  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${platform.url}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${controlToken}`,
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const json = (await res.json()) as unknown;
    validateResponse(method, path, res.status, json);
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${JSON.stringify(json)}`);
    return json as T;
  };

  return {
    url: platform.url,
    token,
    controlToken,
    userId: platform.engine.controlState().userId,
    platform,
    dataDir,
    control: {
      advance: (seconds) => call('POST', '/control/advance', { seconds }),
      state: () => call('GET', '/control/state'),
      fault: async (spec) => void (await call('POST', '/control/faults', spec)),
      clearFaults: async () => void (await call('DELETE', '/control/faults')),
      createPage: (body) => call('POST', '/control/pages', body),
      retrigger: (id) => call('POST', `/control/pages/${encodeURIComponent(id)}/retrigger`),
      setShifts: (rotationId, shifts) =>
        call('PUT', `/control/rotations/${encodeURIComponent(rotationId)}/shifts`, { shifts }),
    },
    tokenFor: (personId) => {
      const t = platform.engine.tokenFor(personId);
      if (t === undefined) throw new Error(`no person '${personId}' on the local platform`);
      return t;
    },
    close: async () => {
      await platform.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
