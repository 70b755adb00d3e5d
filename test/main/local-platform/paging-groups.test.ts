import { describe, expect, it } from 'vitest';
import { SAMPLE_PEOPLE, SAMPLE_ROTATIONS } from '../../../src/main/local-platform/roster.js';
import { engineHarness } from './engine-harness.js';

const MIN = 60_000;
const { platformSecond: PRIYA, em: MARCUS, founder: DANA, checkoutOwner: SAM } = SAMPLE_PEOPLE;

/** Every notification of the log as `pageId:step:personId`. */
function log(h: ReturnType<typeof engineHarness>): string[] {
  return h.engine.controlState().notifications.map((r) => `${r.pageId}:${r.step}:${r.personId}`);
}

describe('paging groups (pages with the same incidentId)', () => {
  it('skips, at creation, a person already notified for an open page of the group, naming that page', () => {
    const h = engineHarness();
    const a = h.engine.createPage({ title: 'a', incidentId: 'INC-1', target: { person: PRIYA } });
    const b = h.engine.createPage({
      title: 'b',
      incidentId: 'INC-1',
      target: { person: PRIYA },
    });
    expect(b.escalation.steps[0]).toMatchObject({ skipped: true, skippedFor: a.id });
    expect(b.escalation.steps[0]?.notifiedAt).toBeUndefined();
    expect(log(h)).toEqual([`${a.id}:0:${PRIYA}`]);
  });

  it('skips an escalation step whose person the group already reached; the chain goes on at the next step time', () => {
    const h = engineHarness();
    const em = h.engine.createPage({
      title: 'em',
      incidentId: 'INC-1',
      target: { rotation: SAMPLE_ROTATIONS.em },
    });
    const platform = h.engine.createPage({
      title: 'platform',
      incidentId: 'INC-1',
      target: { rotation: SAMPLE_ROTATIONS.platform },
    });
    h.engine.advance(600);
    let p = h.page(platform.id);
    expect(p.escalation.step).toBe(2);
    expect(p.escalation.steps[2]).toMatchObject({
      role: 'em',
      skipped: true,
      skippedFor: em.id,
    });
    expect(p.escalation.nextAt).toBe(new Date(Date.parse(p.createdAt) + 15 * MIN).toISOString());
    expect(p.escalation.nextTarget?.id).toBe(DANA);
    h.engine.advance(300);
    p = h.page(platform.id);
    // The EM page reached the founder at 15 min too: whichever came first, Dana rings once.
    const dana = log(h).filter((e) => e.endsWith(`:${DANA}`));
    expect(dana).toHaveLength(1);
    expect(log(h).filter((e) => e.endsWith(`:${MARCUS}`))).toHaveLength(1);
    expect(p.escalation.step).toBe(3);
  });

  it('notifies again once the page that reached the person is resolved', () => {
    const h = engineHarness();
    const a = h.engine.createPage({ title: 'a', incidentId: 'INC-1', target: { person: PRIYA } });
    h.engine.resolve(a.id);
    const b = h.engine.createPage({ title: 'b', incidentId: 'INC-1', target: { person: PRIYA } });
    expect(b.escalation.steps[0]?.skipped).toBeUndefined();
    expect(log(h)).toEqual([`${a.id}:0:${PRIYA}`, `${b.id}:0:${PRIYA}`]);
  });

  it('keeps groups apart: other incidents and pages without incidentId are not grouped', () => {
    const h = engineHarness();
    h.engine.createPage({ title: 'a', incidentId: 'INC-1', target: { person: SAM } });
    const other = h.engine.createPage({
      title: 'b',
      incidentId: 'INC-2',
      target: { person: SAM },
    });
    const plain = h.engine.createPage({ title: 'c', target: { person: SAM } });
    expect(other.escalation.steps[0]?.skipped).toBeUndefined();
    expect(plain.escalation.steps[0]?.skipped).toBeUndefined();
    expect(log(h).filter((e) => e.endsWith(`:${SAM}`))).toHaveLength(3);
  });

  it('stops the chain of a page resolved over the API: nobody is notified after', async () => {
    const h = engineHarness();
    const created = await h.call('POST', '/v1/pages', {
      body: { title: 'x', incidentId: 'INC-1', target: { rotation: SAMPLE_ROTATIONS.platform } },
    });
    const id = (created.body as { id: string }).id;
    const resolved = await h.call('POST', `/v1/pages/${id}/resolve`);
    expect(resolved.status).toBe(200);
    expect((resolved.body as { escalation: { nextAt: unknown } }).escalation.nextAt).toBeNull();
    h.engine.advance(3600);
    h.clock.advance(60 * MIN);
    expect(h.pagedFor(id)).toEqual([`0:${h.userId}`]);
  });
});
