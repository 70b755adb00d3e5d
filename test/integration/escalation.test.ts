/**
 * The escalation chain end to end over HTTP: the control API drives the platform clock, people act
 * with their own tokens, every answer is checked against the OpenAPI document.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from '../../src/shared/domain.js';
import { DEFAULT_PLAYBOOK } from '../../src/shared/playbook.js';
import { SAMPLE_PEOPLE } from '../../src/main/local-platform/index.js';
import { validateResponse } from '../helpers/openapi.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform-process.js';

let p: TestPlatform;
beforeEach(async () => {
  p = await startTestPlatform();
});
afterEach(async () => {
  await p.close();
});

async function call(method: string, path: string, token: string): Promise<unknown> {
  const res = await fetch(`${p.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}` },
  });
  const body = (await res.json()) as unknown;
  validateResponse(method, path, res.status, body);
  expect(res.ok).toBe(true);
  return body;
}

async function pageAsSeenBy(token: string, id: string): Promise<Page> {
  const { pages } = (await call('GET', '/v1/pages?status=all', token)) as { pages: Page[] };
  const page = pages.find((x) => x.id === id);
  if (!page) throw new Error(`page ${id} not in the feed`);
  return page;
}

async function pagedFor(id: string): Promise<string[]> {
  const state = await p.control.state();
  return state.notifications.filter((n) => n.pageId === id).map((n) => n.personId);
}

// The policy's chain, in steps of the playbook (5 minutes by default).
const [, second, em, founder] = DEFAULT_PLAYBOOK.escalation.steps.map((s) => s.afterSeconds);

const MARGIN = 30;

describe('escalation over HTTP', () => {
  it('pages the next person, the EM on-call and the founder on-call when nobody acknowledges', async () => {
    const page = await p.control.createPage({
      title: 'Checkout 5xx',
      severity: 1,
      target: { rotation: 'platform' },
    });
    expect(page.target.id).toBe(p.userId);
    expect(await pagedFor(page.id)).toEqual([p.userId]);

    const steps: [number | undefined, string][] = [
      [second, SAMPLE_PEOPLE.platformSecond],
      [em, SAMPLE_PEOPLE.em],
      [founder, SAMPLE_PEOPLE.founder],
    ];
    let elapsed = 0;
    const chain = [p.userId];
    for (const [at, who] of steps) {
      if (at === undefined) throw new Error('playbook has fewer steps than the policy');
      // Real time also runs under the advanced clock, so stop short by a margin, then cross.
      await p.control.advance(at - elapsed - MARGIN);
      expect((await pageAsSeenBy(p.token, page.id)).target.id).toBe(chain.at(-1));
      await p.control.advance(MARGIN);
      elapsed = at;
      chain.push(who);
      const seen = await pageAsSeenBy(p.tokenFor(who), page.id);
      expect(seen.target.id).toBe(who);
      expect(seen.escalation.steps[seen.escalation.step]?.notifiedAt).toBeDefined();
      expect(await pagedFor(page.id)).toEqual(chain);
    }
    const last = await pageAsSeenBy(p.token, page.id);
    expect(last.escalation.nextAt).toBeNull();
    expect(last.escalation.nextTarget).toBeNull();
  });

  it('pages nobody else for a page acknowledged at 3 minutes, even 30 minutes on', async () => {
    const page = await p.control.createPage({
      title: 'Queue backlog',
      target: { rotation: 'platform' },
    });
    await p.control.advance(180);
    const acked = (await call('POST', `/v1/pages/${page.id}/acknowledge`, p.token)) as Page;
    expect(acked.status).toBe('acknowledged');
    expect(acked.acknowledgedBy?.id).toBe(p.userId);
    expect(acked.escalation.nextAt).toBeNull();

    for (let minute = 3; minute < 33; minute += 1) await p.control.advance(60);
    const state = await p.control.state();
    expect(state.notifications.filter((n) => n.pageId === page.id).map((n) => n.personId)).toEqual([
      p.userId,
    ]);
    const after = await pageAsSeenBy(p.token, page.id);
    expect(after.status).toBe('acknowledged');
    expect(after.target.id).toBe(p.userId);
    expect(after.escalation.step).toBe(0);
  });
});
