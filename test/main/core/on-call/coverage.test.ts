import { describe, expect, it } from 'vitest';
import { coverageOf, coverageWarnings } from '../../../../src/main/core/on-call/coverage.js';
import type { Person, Rotation } from '../../../../src/shared/domain.js';

const H = 60 * 60 * 1000;
const T0 = Date.parse('2026-03-02T00:00:00Z');
const at = (h: number) => new Date(T0 + h * H).toISOString();
const p = (id: string): Person => ({ id, name: id.toUpperCase(), email: `${id}@example.com` });
const shift = (who: string, level: number, from: number, to: number) => ({
  person: p(who),
  level,
  start: at(from),
  end: at(to),
});
const WEEK = 7 * 24;

function platform(shifts: Rotation['shifts']): Rotation {
  return { id: 'plat', name: 'Platform', kind: 'platform', shifts };
}

describe('coverage for the next 7 days', () => {
  it('a full two-person schedule has no warning', () => {
    const r = platform([shift('ana', 1, -1, WEEK + 1), shift('ben', 2, -1, WEEK + 1)]);
    expect(coverageWarnings([r], T0)).toEqual([]);
  });

  it('finds a gap between shifts at level 1', () => {
    const r = platform([
      shift('ana', 1, 0, 10),
      shift('cat', 1, 12, WEEK + 1),
      shift('ben', 2, 0, WEEK + 1),
    ]);
    expect(coverageWarnings([r], T0)).toEqual([
      expect.objectContaining({
        kind: 'gap',
        level: 1,
        from: at(10),
        to: at(12),
        message: `Platform: nobody is on call at level 1 from ${at(10)} to ${at(12)}.`,
      }),
    ]);
  });

  it('finds a level with nobody at all', () => {
    const r: Rotation = {
      id: 'em',
      name: 'EM on-call',
      kind: 'em',
      shifts: [shift('eve', 2, 0, WEEK + 1)],
    };
    expect(coverageWarnings([r], T0)).toEqual([
      expect.objectContaining({ kind: 'empty-level', level: 1, from: at(0), to: at(WEEK) }),
    ]);
  });

  it('finds a one-person chain: level 2 the same person, or nobody', () => {
    const r = platform([
      shift('ana', 1, 0, WEEK + 1),
      shift('ana', 2, 0, 24),
      shift('ben', 2, 24, 48),
    ]);
    const w = coverageWarnings([r], T0);
    expect(w.map((x) => [x.kind, x.level, x.from, x.to])).toEqual([
      ['one-person-chain', 2, at(0), at(24)],
      ['one-person-chain', 2, at(48), at(WEEK)],
    ]);
    expect(new Set(w.map((x) => x.key)).size).toBe(2);
  });

  it('the EM and founder rotations need no level 2', () => {
    const r: Rotation = {
      id: 'f',
      name: 'Founder',
      kind: 'founder',
      shifts: [shift('fay', 1, -5, WEEK + 5)],
    };
    expect(coverageWarnings([r], T0)).toEqual([]);
  });

  it('is shown to people on the schedule (on-call or EM), not to others', () => {
    const r = platform([shift('ana', 1, 0, 10)]);
    expect(coverageOf([{ me: p('ana'), rotations: [r], skewMs: 0 }], T0).length).toBeGreaterThan(0);
    expect(coverageOf([{ me: p('zed'), rotations: [r], skewMs: 0 }], T0)).toEqual([]);
  });
});

describe('coverage notifications', () => {
  it('notifies once per distinct gap', async () => {
    const { RecordingNotifier } = await import('../../../fakes/recording-notifier.js');
    const { notifyNewCoverage } = await import('../../../../src/main/core/on-call/coverage.js');
    const notifier = new RecordingNotifier();
    const seen = new Set<string>();
    const r = platform([shift('ana', 1, 0, 10), shift('ben', 2, 0, WEEK + 1)]);
    notifyNewCoverage(coverageWarnings([r], T0), seen, notifier);
    notifyNewCoverage(coverageWarnings([r], T0 + H), seen, notifier);
    await Promise.resolve();
    expect(notifier.shown.map((n) => n.body)).toEqual([
      `Platform: nobody is on call at level 1 from ${at(10)} to ${at(WEEK)}.`,
    ]);
  });
});
