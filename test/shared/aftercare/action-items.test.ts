import { describe, expect, it } from 'vitest';
import {
  actionItemAge,
  unshippedPattern,
  validateActionItems,
  type ActionItem,
  type PostMortemRecord,
} from '../../../src/shared/aftercare/action-items.js';
import { DEFAULT_PLAYBOOK, type Playbook } from '../../../src/shared/playbook.js';

const NOW = Date.parse('2026-03-31T12:00:00Z');
const daysAgo = (d: number): string => new Date(NOW - d * 86_400_000).toISOString();

function item(over: Partial<ActionItem> = {}): ActionItem {
  return {
    id: 'ai-1',
    title: 'Fail over to the second payment provider automatically',
    owner: { name: 'Alice Martin', id: 'p-alice' },
    status: 'open',
    createdAt: daysAgo(10),
    ...over,
  };
}

function pm(id: string, actionItems: ActionItem[]): PostMortemRecord {
  return {
    id,
    incidentId: `inc-${id}`,
    title: `Incident ${id}`,
    publishedAt: daysAgo(40),
    actionItems,
  };
}

describe('validateActionItems', () => {
  it('accepts items that each have a title and a named owner', () => {
    expect(
      validateActionItems(
        [item(), item({ id: 'ai-2', owner: { name: 'Bo Chen' } })],
        DEFAULT_PLAYBOOK,
      ),
    ).toEqual([]);
  });

  it('requires at least one item unless drafting', () => {
    expect(validateActionItems([], DEFAULT_PLAYBOOK)).toEqual([
      { index: null, field: 'list', message: expect.stringMatching(/at least one action item/) },
    ]);
    expect(validateActionItems([], DEFAULT_PLAYBOOK, { requireAtLeastOne: false })).toEqual([]);
  });

  it('names the item whose owner is missing or blank', () => {
    const problems = validateActionItems(
      [item({ owner: undefined }), item({ id: 'ai-2', owner: { name: '  ' } })],
      DEFAULT_PLAYBOOK,
    );
    expect(problems).toEqual([
      {
        index: 0,
        field: 'owner',
        message:
          'Action item 1 ("Fail over to the second payment provider automatically") has no owner: every action item needs a named person who will ship it.',
      },
      {
        index: 1,
        field: 'owner',
        message: expect.stringMatching(/^Action item 2 .* has no owner/),
      },
    ]);
  });

  it.each(['TBD', 'someone', 'Platform team', 'on-call', 'IC', '@alice', '#incidents', '?'])(
    'rejects %j as an owner',
    (name) => {
      const [problem] = validateActionItems([item({ owner: { name } })], DEFAULT_PLAYBOOK);
      expect(problem?.field).toBe('owner');
      expect(problem?.message).toContain(`"${name}" as owner, which is not a named person`);
    },
  );

  it('lets a playbook drop the owner rule', () => {
    const lax: Playbook = {
      ...DEFAULT_PLAYBOOK,
      postMortem: { ...DEFAULT_PLAYBOOK.postMortem, actionItemsRequireOwner: false },
    };
    expect(validateActionItems([item({ owner: undefined })], lax)).toEqual([]);
  });

  it('reports blank titles, repeated ids, impossible closing times and malformed items', () => {
    const problems = validateActionItems(
      [
        item({ title: ' ' }),
        item({ status: 'done', createdAt: daysAgo(2), closedAt: daysAgo(3) }),
        { id: 'ai-3', title: 'x', status: 'shipped', createdAt: daysAgo(1) },
      ],
      DEFAULT_PLAYBOOK,
    );
    expect(problems.map((p) => [p.index, p.field])).toEqual([
      [0, 'title'],
      [1, 'id'],
      [1, 'closedAt'],
      [2, 'shape'],
    ]);
    expect(problems[1]?.message).toBe(
      'Action item 2 ("Fail over to the second payment provider automatically") repeats the id "ai-1".',
    );
    expect(problems[3]?.message).toMatch(/^Action item 3 is malformed: status: /);
  });
});

describe('actionItemAge', () => {
  it('counts whole days open until now', () => {
    expect(actionItemAge(item({ createdAt: daysAgo(12.9) }), NOW)).toEqual({
      days: 12,
      open: true,
      label: 'open for 12 days',
    });
    expect(actionItemAge(item({ createdAt: daysAgo(1) }), NOW).label).toBe('open for 1 day');
  });

  it('stops counting when the item closed', () => {
    const shipped = item({ status: 'done', createdAt: daysAgo(10), closedAt: daysAgo(7) });
    expect(actionItemAge(shipped, NOW)).toEqual({
      days: 3,
      open: false,
      label: 'shipped after 3 days',
    });
    const dropped = item({ status: 'wont-do', createdAt: daysAgo(50), closedAt: daysAgo(10) });
    expect(actionItemAge(dropped, NOW).label).toBe('dropped after 40 days');
  });
});

describe('unshippedPattern', () => {
  it('flags nothing when one item shipped, or an open item is still young', () => {
    const report = unshippedPattern(
      [
        pm('a', [
          item({ status: 'closed', closedAt: daysAgo(1) }),
          item({ id: 'ai-2', createdAt: daysAgo(90) }),
        ]),
        pm('b', [item({ createdAt: daysAgo(90) }), item({ id: 'ai-2', createdAt: daysAgo(29) })]),
      ],
      NOW,
    );
    expect(report).toEqual({ flagged: [], total: 2, escalate: false, message: null });
  });

  it('flags post-mortems whose items all stayed open past 30 days, all were dropped, or that have none', () => {
    const report = unshippedPattern(
      [
        pm('stale', [
          item({ createdAt: daysAgo(45) }),
          item({ id: 'ai-2', status: 'wont-do', createdAt: daysAgo(45) }),
        ]),
        pm('dropped', [
          item({ status: 'wont-do', closedAt: daysAgo(5) }),
          item({ id: 'ai-2', status: 'wont-do' }),
        ]),
        pm('empty', []),
        pm('fine', [item({ status: 'done' })]),
      ],
      NOW,
    );
    expect(report.flagged.map((f) => [f.postMortemId, f.reason])).toEqual([
      ['stale', 'stale'],
      ['dropped', 'all-wont-do'],
      ['empty', 'no-action-items'],
    ]);
    expect(report.flagged[0]?.message).toBe(
      'Post-mortem "Incident stale": nothing shipped; 1 action item still open after 45+ days.',
    );
    expect(report.escalate).toBe(true);
    expect(report.message).toBe(
      '3 of 4 post-mortems shipped no action item: escalate the pattern.',
    );
  });

  it('takes the staleness limit from the caller', () => {
    const pms = [pm('a', [item({ createdAt: daysAgo(10) })])];
    expect(unshippedPattern(pms, NOW).flagged).toEqual([]);
    expect(unshippedPattern(pms, NOW, { staleAfterDays: 7 }).flagged.map((f) => f.reason)).toEqual([
      'stale',
    ]);
  });
});
