import { describe, expect, it } from 'vitest';
import type { Page } from '../../../src/shared/domain.js';
import { SAMPLE_PEOPLE } from '../../../src/main/local-platform/roster.js';
import { engineHarness } from './engine-harness.js';
import { validateResponse } from '../../helpers/openapi.js';

const MIN = 60_000;
const { platformSecond: PRIYA, em: MARCUS, founder: DANA } = SAMPLE_PEOPLE;

function ackedPage(h: ReturnType<typeof engineHarness>): Page {
  const created = h.engine.createPage({ title: 'Checkout p99', target: { rotation: 'platform' } });
  h.clock.advance(MIN);
  return h.engine.acknowledge(created.id, h.userId);
}

describe('POST /v1/pages/{id}/escalate', () => {
  it('pages the next step at once, triggered again, and the later steps follow from now', async () => {
    const h = engineHarness();
    const page = ackedPage(h);
    h.clock.advance(MIN);
    const answer = await h.call('POST', `/v1/pages/${page.id}/escalate`, { key: 'k1', body: {} });
    expect(answer.status).toBe(200);
    validateResponse('POST', `/v1/pages/${page.id}/escalate`, answer.status, answer.body);
    const p = h.page(page.id);
    expect(p.status).toBe('triggered');
    expect(p.acknowledgedBy).toBeUndefined();
    expect(p.target.id).toBe(PRIYA);
    expect(p.escalation.steps[1]?.notifiedAt).toBe('2026-03-02T03:02:00.000Z');
    expect(h.pagedFor(page.id)).toEqual([`0:${h.userId}`, `1:${PRIYA}`]);
    // The EM follows 5 minutes after the escalation, not on the original timing.
    h.clock.advance(5 * MIN - 1);
    expect(h.page(page.id).target.id).toBe(PRIYA);
    h.clock.advance(1);
    expect(h.page(page.id).target.id).toBe(MARCUS);
  });

  it('replays the same answer for the same Idempotency-Key (one escalation, not two)', async () => {
    const h = engineHarness();
    const page = ackedPage(h);
    const first = await h.call('POST', `/v1/pages/${page.id}/escalate`, { key: 'same', body: {} });
    const again = await h.call('POST', `/v1/pages/${page.id}/escalate`, { key: 'same', body: {} });
    expect(again.headers?.['Idempotent-Replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(h.page(page.id).escalation.step).toBe(1);
  });

  it('pages a person I pick as a new step, and the chain goes on after it', async () => {
    const h = engineHarness();
    const page = ackedPage(h);
    await h.call('POST', `/v1/pages/${page.id}/escalate`, {
      key: 'k2',
      body: { to: { person: DANA } },
    });
    const p = h.page(page.id);
    expect(p.target.id).toBe(DANA);
    expect(p.escalation.steps.map((s) => s.person?.id)).toEqual([
      h.userId,
      DANA,
      PRIYA,
      MARCUS,
      DANA,
    ]);
    expect(p.escalation.nextTarget?.id).toBe(PRIYA);
  });

  it('refuses a resolved page, an unknown person and a chain with no next step', async () => {
    const h = engineHarness();
    const page = ackedPage(h);
    const unknown = await h.call('POST', `/v1/pages/${page.id}/escalate`, {
      key: 'a',
      body: { to: { person: 'nobody' } },
    });
    expect(unknown.status).toBe(404);
    const test = h.engine.createPage({
      title: 'Test',
      test: true,
      target: { person: h.userId },
    });
    const last = await h.call('POST', `/v1/pages/${test.id}/escalate`, { key: 'b', body: {} });
    expect(last.status).toBe(409);
    validateResponse('POST', `/v1/pages/${test.id}/escalate`, last.status, last.body);
    h.engine.resolve(page.id);
    const resolved = await h.call('POST', `/v1/pages/${page.id}/escalate`, { key: 'c', body: {} });
    expect(resolved.status).toBe(409);
  });
});
