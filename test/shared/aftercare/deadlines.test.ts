import { describe, expect, it } from 'vitest';
import {
  deadlinesFor,
  nextReminderAt,
  remindersDue,
  type Deadline,
} from '../../../src/shared/aftercare/deadlines.js';
import type { Incident, Person } from '../../../src/shared/domain.js';
import { DEFAULT_PLAYBOOK, type Playbook } from '../../../src/shared/playbook.js';

const at = (iso: string): number => Date.parse(iso);
const MIN = 60_000;
const alice: Person = { id: 'p-alice', name: 'Alice Martin', email: 'alice@example.com' };
const bo: Person = { id: 'p-bo', name: 'Bo Chen', email: 'bo@example.com' };

function incident(over: Partial<Incident> = {}): Incident {
  return {
    id: 'inc-7',
    severity: 2,
    summary: 'Checkout p99 elevated in eu-frankfurt',
    status: 'investigating',
    openedAt: '2026-03-02T14:00:00Z',
    roles: { commander: alice, comms: bo, investigators: [] },
    links: {},
    ...over,
  };
}

const resolved = (over: Partial<Incident> = {}): Incident =>
  incident({ status: 'resolved', resolvedAt: '2026-03-02T15:00:00Z', ...over });

/** Sends every reminder due at each instant, like the main process would, and logs them. */
function drive(
  deadlines: Deadline[],
  instants: string[],
): { at: string; id: string; message: string }[] {
  const sent = new Set<string>();
  const log: { at: string; id: string; message: string }[] = [];
  for (const iso of instants) {
    for (const r of remindersDue(deadlines, at(iso), sent)) {
      sent.add(r.id);
      log.push({ at: iso, id: r.id, message: r.message });
    }
  }
  return log;
}

describe('deadlinesFor', () => {
  it('gives an open incident a status update due a cadence after it opened', () => {
    const [d, ...rest] = deadlinesFor(incident(), undefined, DEFAULT_PLAYBOOK);
    expect(rest).toEqual([]);
    expect(d).toEqual({
      id: 'status-update:inc-7:2026-03-02T14:15:00.000Z',
      kind: 'status-update',
      incidentId: 'inc-7',
      owner: 'comms',
      assignee: bo,
      label: 'Status update for "Checkout p99 elevated in eu-frankfurt"',
      startsAt: at('2026-03-02T14:00:00Z'),
      dueAt: at('2026-03-02T14:15:00Z'),
      repeatEveryMs: 5 * MIN,
    });
  });

  it('counts from the latest update, whichever source knows it', () => {
    const inc = incident({ lastUpdateAt: '2026-03-02T14:20:00Z' });
    expect(deadlinesFor(inc, undefined, DEFAULT_PLAYBOOK)[0]?.dueAt).toBe(
      at('2026-03-02T14:35:00Z'),
    );
    expect(deadlinesFor(inc, '2026-03-02T14:31:00Z', DEFAULT_PLAYBOOK)[0]?.dueAt).toBe(
      at('2026-03-02T14:46:00Z'),
    );
    expect(deadlinesFor(inc, at('2026-03-02T14:10:00Z'), DEFAULT_PLAYBOOK)[0]?.dueAt).toBe(
      at('2026-03-02T14:35:00Z'),
    );
    expect(deadlinesFor(inc, 'not a time', DEFAULT_PLAYBOOK)[0]?.dueAt).toBe(
      at('2026-03-02T14:35:00Z'),
    );
  });

  it('falls back to the commander when nobody holds comms', () => {
    const inc = incident({ roles: { commander: alice, investigators: [] } });
    expect(deadlinesFor(inc, undefined, DEFAULT_PLAYBOOK)[0]?.assignee).toEqual(alice);
    expect(
      deadlinesFor(incident({ roles: { investigators: [] } }), undefined, DEFAULT_PLAYBOOK)[0]
        ?.assignee,
    ).toBeNull();
  });

  it('gives a resolved SEV-2 a customer email in 24 h and a post-mortem in 72 h, no status update', () => {
    const ds = deadlinesFor(resolved(), undefined, DEFAULT_PLAYBOOK);
    expect(
      ds.map((d) => [d.kind, d.owner, d.assignee?.name, new Date(d.dueAt).toISOString()]),
    ).toEqual([
      ['customer-email', 'comms', 'Bo Chen', '2026-03-03T15:00:00.000Z'],
      ['post-mortem', 'commander', 'Alice Martin', '2026-03-05T15:00:00.000Z'],
    ]);
  });

  it('sends no customer email for SEV-3, but still asks for a post-mortem', () => {
    expect(
      deadlinesFor(resolved({ severity: 3 }), undefined, DEFAULT_PLAYBOOK).map((d) => d.kind),
    ).toEqual(['post-mortem']);
  });

  it('follows the playbook hours and severities', () => {
    const pb: Playbook = {
      ...DEFAULT_PLAYBOOK,
      customerEmail: { ...DEFAULT_PLAYBOOK.customerEmail, dueHours: 2, severities: [1, 2, 3] },
      postMortem: { ...DEFAULT_PLAYBOOK.postMortem, dueHours: 48 },
    };
    const ds = deadlinesFor(resolved({ severity: 3 }), undefined, pb);
    expect(ds.map((d) => new Date(d.dueAt).toISOString())).toEqual([
      '2026-03-02T17:00:00.000Z',
      '2026-03-04T15:00:00.000Z',
    ]);
  });

  it('leaves out what is done, and everything when resolvedAt is unknown', () => {
    expect(
      deadlinesFor(resolved(), undefined, DEFAULT_PLAYBOOK, { customerEmailSent: true }).map(
        (d) => d.kind,
      ),
    ).toEqual(['post-mortem']);
    expect(
      deadlinesFor(resolved(), undefined, DEFAULT_PLAYBOOK, {
        customerEmailSent: true,
        postMortemPublished: true,
      }),
    ).toEqual([]);
    expect(deadlinesFor(resolved({ resolvedAt: undefined }), undefined, DEFAULT_PLAYBOOK)).toEqual(
      [],
    );
  });
});

describe('remindersDue', () => {
  it('reminds about a status update at due, then every 5 minutes overdue', () => {
    const ds = deadlinesFor(incident(), undefined, DEFAULT_PLAYBOOK);
    const log = drive(ds, [
      '2026-03-02T14:14:59Z',
      '2026-03-02T14:15:00Z',
      '2026-03-02T14:17:00Z',
      '2026-03-02T14:20:00Z',
      '2026-03-02T14:24:59Z',
      '2026-03-02T14:25:00Z',
    ]);
    expect(log).toEqual([
      {
        at: '2026-03-02T14:15:00Z',
        id: 'status-update:inc-7:2026-03-02T14:15:00.000Z:due',
        message: 'Status update for "Checkout p99 elevated in eu-frankfurt" is due now.',
      },
      {
        at: '2026-03-02T14:20:00Z',
        id: 'status-update:inc-7:2026-03-02T14:15:00.000Z:overdue-1',
        message:
          'Status update for "Checkout p99 elevated in eu-frankfurt" is overdue by 5 min: post one now, even if it is "still investigating".',
      },
      {
        at: '2026-03-02T14:25:00Z',
        id: 'status-update:inc-7:2026-03-02T14:15:00.000Z:overdue-2',
        message: expect.stringContaining('overdue by 10 min'),
      },
    ]);
  });

  it('starts over after a new update', () => {
    const sent = new Set(['status-update:inc-7:2026-03-02T14:15:00.000Z:due']);
    const ds = deadlinesFor(incident(), '2026-03-02T14:16:00Z', DEFAULT_PLAYBOOK);
    expect(remindersDue(ds, at('2026-03-02T14:30:00Z'), sent)).toEqual([]);
    expect(remindersDue(ds, at('2026-03-02T14:31:00Z'), sent).map((r) => r.id)).toEqual([
      'status-update:inc-7:2026-03-02T14:31:00.000Z:due',
    ]);
  });

  it('reminds about the customer email 4 h before, 1 h before and at the deadline', () => {
    const ds = deadlinesFor(resolved(), undefined, DEFAULT_PLAYBOOK).filter(
      (d) => d.kind === 'customer-email',
    );
    const log = drive(ds, [
      '2026-03-03T10:59:59Z',
      '2026-03-03T11:00:00Z',
      '2026-03-03T12:00:00Z',
      '2026-03-03T14:00:00Z',
      '2026-03-03T15:00:00Z',
      '2026-03-03T18:00:00Z',
    ]);
    expect(log.map((l) => [l.at, l.id, l.message])).toEqual([
      [
        '2026-03-03T11:00:00Z',
        'customer-email:inc-7:2026-03-03T15:00:00.000Z:4h-before',
        'Customer email for "Checkout p99 elevated in eu-frankfurt" is due in 4 h.',
      ],
      [
        '2026-03-03T14:00:00Z',
        'customer-email:inc-7:2026-03-03T15:00:00.000Z:1h-before',
        'Customer email for "Checkout p99 elevated in eu-frankfurt" is due in 1 h.',
      ],
      [
        '2026-03-03T15:00:00Z',
        'customer-email:inc-7:2026-03-03T15:00:00.000Z:due',
        'Customer email for "Checkout p99 elevated in eu-frankfurt" is due now.',
      ],
    ]);
  });

  it('reminds about the post-mortem 24 h before, 4 h before and at the deadline, to the commander', () => {
    const ds = deadlinesFor(resolved(), undefined, DEFAULT_PLAYBOOK).filter(
      (d) => d.kind === 'post-mortem',
    );
    const log = drive(ds, [
      '2026-03-04T14:59:00Z',
      '2026-03-04T15:00:00Z',
      '2026-03-05T11:00:00Z',
      '2026-03-05T15:00:00Z',
    ]);
    expect(log.map((l) => l.id.split(':').at(-1))).toEqual(['24h-before', '4h-before', 'due']);
    expect(remindersDue(ds, at('2026-03-05T15:00:00Z'), new Set())[0]).toMatchObject({
      owner: 'commander',
      assignee: alice,
      at: at('2026-03-05T15:00:00Z'),
    });
  });

  it('sends only the current point after a sleep, and nothing already sent (across restarts)', () => {
    const ds = deadlinesFor(resolved(), undefined, DEFAULT_PLAYBOOK);
    const afterSleep = remindersDue(ds, at('2026-03-03T14:30:00Z'), new Set());
    // 4 h before was missed while asleep; only the current point (1 h before) is sent.
    expect(afterSleep.map((r) => r.id)).toEqual([
      'customer-email:inc-7:2026-03-03T15:00:00.000Z:1h-before',
    ]);
    const restarted = deadlinesFor(resolved(), undefined, DEFAULT_PLAYBOOK);
    expect(
      remindersDue(restarted, at('2026-03-03T14:45:00Z'), new Set(afterSleep.map((r) => r.id))),
    ).toEqual([]);
  });

  it('skips lead points before the clock started', () => {
    const pb: Playbook = {
      ...DEFAULT_PLAYBOOK,
      customerEmail: { ...DEFAULT_PLAYBOOK.customerEmail, dueHours: 2 },
    };
    const ds = deadlinesFor(resolved(), undefined, pb).filter((d) => d.kind === 'customer-email');
    expect(
      drive(ds, ['2026-03-02T15:00:00Z', '2026-03-02T16:00:00Z', '2026-03-02T17:00:00Z']).map(
        (l) => [l.at, l.id.split(':').at(-1)],
      ),
    ).toEqual([
      ['2026-03-02T16:00:00Z', '1h-before'],
      ['2026-03-02T17:00:00Z', 'due'],
    ]);
  });
});

describe('nextReminderAt', () => {
  it('is the earliest next point across deadlines, including overdue repeats', () => {
    const open = deadlinesFor(incident(), undefined, DEFAULT_PLAYBOOK);
    expect(nextReminderAt(open, at('2026-03-02T14:00:00Z'))).toBe(at('2026-03-02T14:15:00Z'));
    expect(nextReminderAt(open, at('2026-03-02T14:15:00Z'))).toBe(at('2026-03-02T14:20:00Z'));
    expect(nextReminderAt(open, at('2026-03-02T14:21:00Z'))).toBe(at('2026-03-02T14:25:00Z'));
    const closed = deadlinesFor(resolved(), undefined, DEFAULT_PLAYBOOK);
    expect(nextReminderAt(closed, at('2026-03-02T15:00:00Z'))).toBe(at('2026-03-03T11:00:00Z'));
    expect(nextReminderAt(closed, at('2026-03-03T15:00:00Z'))).toBe(at('2026-03-04T15:00:00Z'));
    expect(nextReminderAt(closed, at('2026-03-05T15:00:00Z'))).toBeNull();
  });
});
