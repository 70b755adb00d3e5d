import { describe, expect, it } from 'vitest';
import { ackDisplay } from '../../../../src/renderer/features/alert/alert-card.js';
import type { Page, PageView } from '../../../../src/shared/domain.js';
import { makePage, person } from '../../../fakes/fake-source.js';

const me = person('Robin Ops');
const priya = person('Priya Raman');

function view(page: Page, ack: PageView['ack']['state'], ringing = false): PageView {
  return {
    key: `zephyr:${page.id}`,
    sourceId: 'zephyr',
    sourceLabel: 'Zephyr platform',
    page,
    ringing,
    headsUp: false,
    ack: { state: ack },
    skewMs: 0,
  };
}

describe('ackDisplay', () => {
  it('says to whom a page I acknowledged was escalated on ("Escalate now"), not "acknowledged"', () => {
    const p = makePage('p1', me, 0, { next: priya });
    const escalated: Page = {
      ...p,
      target: priya,
      escalation: { ...p.escalation, step: 1 },
    };
    expect(ackDisplay(view(escalated, 'confirmed'), false, false)).toEqual({
      kind: 'escalated',
      to: 'Priya Raman',
    });
    // Acknowledged, or still at its first step: as before.
    const acked: Page = { ...p, status: 'acknowledged', acknowledgedBy: me };
    expect(ackDisplay(view(acked, 'confirmed'), false, false)).toEqual({
      kind: 'confirmed',
      by: 'Robin Ops',
    });
    expect(ackDisplay(view(p, 'confirmed'), false, false)).toEqual({
      kind: 'confirmed',
      by: 'you',
    });
  });
});
