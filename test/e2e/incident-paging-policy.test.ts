/**
 * Issue 11's end-to-end run on the Node host against the local platform (its clock driven through
 * the control API), with no browser: the commands go over the host's WebSocket bridge as the UI's
 * would. SEV-1: declared, 20 minutes pass, resolved: each person is notified exactly once, nobody
 * after the resolution, and every page is resolved. SEV-2: 20 minutes pass: the second person of
 * each paged rotation is notified before the EM.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  BRIDGE_PATH,
  BRIDGE_PROTOCOL,
  bridgeTokenProtocol,
} from '../../src/shared/bridge-protocol.js';
import type { Declaration, DeclarationDefaults } from '../../src/shared/declaration.js';
import type { Page } from '../../src/shared/domain.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform-process.js';
import { startNodeHost, type HostProcess } from './helpers/node-host.js';

/** A minimal bridge client: `invoke(name, input)` answers the value or throws the error. */
async function connect(host: HostProcess) {
  const url = `${host.origin.replace(/^http/, 'ws')}${BRIDGE_PATH}`;
  const socket = new WebSocket(url, [BRIDGE_PROTOCOL, bridgeTokenProtocol(host.token)], {
    origin: host.origin,
  });
  await new Promise<void>((ok, fail) => {
    socket.once('open', () => ok());
    socket.once('error', fail);
  });
  let next = 1;
  const waiting = new Map<number, (m: { result: unknown }) => void>();
  socket.on('message', (raw) => {
    const m = JSON.parse(String(raw)) as { type: string; id?: number; result?: unknown };
    if (m.type === 'result' && m.id !== undefined) waiting.get(m.id)?.({ result: m.result });
  });
  return {
    async invoke<T>(name: string, input: unknown): Promise<T> {
      const id = next++;
      const answer = await new Promise<{ result: unknown }>((ok) => {
        waiting.set(id, ok);
        socket.send(JSON.stringify({ type: 'invoke', id, name, input }));
      });
      const r = answer.result as { ok: boolean; value?: T; error?: { message: string } };
      if (!r.ok) throw new Error(`${name}: ${r.error?.message ?? 'failed'}`);
      return r.value as T;
    },
    close: () => socket.close(),
  };
}

type Bridge = Awaited<ReturnType<typeof connect>>;

async function until<T>(what: string, read: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 300; i += 1) {
    const v = await read().catch(() => undefined);
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Every notification of the incident's pages, as `personId@time`. */
function notifications(
  pages: Page[],
): { person: string; at: number; role: string; page: string }[] {
  return pages.flatMap((p) =>
    p.escalation.steps
      .filter((s) => s.notifiedAt && !s.skipped && s.person)
      .map((s) => ({
        person: s.person?.id ?? '',
        at: Date.parse(s.notifiedAt ?? ''),
        role: s.role,
        page: p.id,
      })),
  );
}

describe('declared incidents page by the policy (Node host, local platform)', () => {
  let platform: TestPlatform;
  let host: HostProcess;
  let bridge: Bridge;
  let defaults: DeclarationDefaults;

  beforeAll(async () => {
    platform = await startTestPlatform();
    host = await startNodeHost({
      ZEPHYR_PLATFORM_URL: platform.url,
      ZEPHYR_PLATFORM_TOKEN: platform.token,
    });
    bridge = await connect(host);
    defaults = await until('the rotation feed', async () => {
      const d = await bridge.invoke<DeclarationDefaults>('declarations:defaults', { answers: {} });
      return d.people.length > 0 && d.me ? d : undefined;
    });
  }, 60_000);

  afterAll(async () => {
    bridge?.close();
    await host?.stop();
    await platform?.close();
  });

  async function declare(severity: 1 | 2, summary: string): Promise<Declaration> {
    const me = defaults.me;
    if (!me) throw new Error('no me');
    const others = defaults.people.map((p) => p.person).filter((p) => p.id !== me.id);
    const { id } = await bridge.invoke<{ id: string }>('declarations:start', {
      input: {
        summary,
        service: 'checkout',
        severity,
        roles: { commander: me, comms: others[0], investigators: others.slice(1, 3) },
      },
    });
    return until('the pages', async () => {
      const d = await bridge.invoke<Declaration>('declarations:get', { id });
      return d.actions.pages?.status === 'done' && d.results.incidentId ? d : undefined;
    });
  }

  const pagesOf = async (incidentId: string): Promise<Page[]> =>
    (await platform.control.state()).pages.filter((p) => p.incidentId === incidentId);

  it('SEV-1: each person once, nobody after the resolution, every page resolved', async () => {
    const d = await declare(1, 'Region eu-frankfurt down');
    const incidentId = d.results.incidentId ?? '';
    for (let i = 0; i < 4; i += 1) await platform.control.advance(300);
    const before = notifications(await pagesOf(incidentId));
    const people = before.map((n) => n.person);
    expect(people.length).toBeGreaterThan(0);
    expect(new Set(people).size).toBe(people.length);

    await until('the incident in the console', async () => {
      const v = await bridge.invoke<{ incidents: { incident: { id: string } }[] }>(
        'incidents:list',
        {},
      );
      return v.incidents.some((e) => e.incident.id === incidentId) ? true : undefined;
    });
    await bridge.invoke('incidents:resolve', { incidentId, message: 'Region back.' });
    const pages = await pagesOf(incidentId);
    expect(pages.length).toBe(d.results.pageIds.length);
    expect(pages.map((p) => p.status)).toEqual(pages.map(() => 'resolved'));

    for (let i = 0; i < 4; i += 1) await platform.control.advance(300);
    expect(notifications(await pagesOf(incidentId))).toEqual(before);
  }, 120_000);

  it('SEV-2: the second person of each rotation is paged before the EM', async () => {
    const d = await declare(2, 'Checkout p99 elevated');
    const incidentId = d.results.incidentId ?? '';
    for (let i = 0; i < 4; i += 1) await platform.control.advance(300);
    const pages = await pagesOf(incidentId);
    expect(pages.length).toBe(2);
    const all = notifications(pages);
    for (const page of pages) {
      const steps = page.escalation.steps;
      const next = steps.find((s) => s.role === 'rotation-next');
      expect(next?.notifiedAt ?? next?.skipped, `level 2 of ${page.id}`).toBeTruthy();
      const em = all.find((n) => n.role === 'em');
      if (em && next?.notifiedAt) {
        expect(Date.parse(next.notifiedAt)).toBeLessThan(em.at);
      }
    }
    const emAt = all.find((n) => n.role === 'em')?.at;
    const secondAt = all.filter((n) => n.role === 'rotation-next').map((n) => n.at);
    expect(secondAt.length).toBeGreaterThan(0);
    if (emAt !== undefined) expect(Math.max(...secondAt)).toBeLessThan(emAt);
  }, 120_000);
});
