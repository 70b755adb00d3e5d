/**
 * Issue 12's timeline: every action on the incident, each with its time and who did it (the
 * declaration's channel, pages, status page or its opt-out with the reason, ticket, runbook;
 * status updates and the resolution), merged with the platform's updates posted elsewhere, kept
 * in `state/timeline.json` (a damaged file is moved aside, a damaged entry dropped).
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  TimelineStore,
  TIMELINE_STORE,
} from '../../../../src/main/core/aftercare/timeline-store.js';
import { createDeclaration } from '../../../../src/main/core/incidents/declare.js';
import { jsonStoreFactory } from '../../../../src/main/node/json-file-store.js';
import type { TimelineEntry } from '../../../../src/shared/aftercare/timeline.js';
import type { Declaration } from '../../../../src/shared/declaration.js';
import type { Person, RecoveredFile } from '../../../../src/shared/domain.js';
import { InMemoryStore } from '../../../fakes/in-memory-store.js';
import { RecordingLogger } from '../../../fakes/recording-logger.js';
import { FakeSlack, FakeStatuspage } from './fakes.js';
import { ROBIN, sampleIncident, serviceWith } from './harness.js';

const SAM: Person = { id: 'sam', name: 'Sam Ortiz', email: 'sam@example.com' };
const PRIYA: Person = { id: 'priya', name: 'Priya Raman', email: 'priya@example.com' };
const T = (s: number) => new Date(Date.parse('2026-03-02T03:00:00Z') + s * 1000).toISOString();

/** A SEV-3 declared here by Robin, its status page unticked with a reason, every action done. */
function declaration(): Declaration {
  const d = createDeclaration({
    input: {
      summary: 'Checkout payments failing',
      service: 'checkout',
      severity: 3,
      roles: { commander: ROBIN, comms: ROBIN, investigators: [SAM] },
      fewerInvestigatorsConfirmed: true,
      statusPageOptOut: { reason: 'internal batch job only' },
    },
    paged: [{ person: SAM, why: 'owner of checkout' }],
    pageTargets: [
      { target: { rotation: 'checkout' }, label: 'Checkout', why: 'owner', reachesNow: [SAM] },
      { target: { person: 'priya' }, label: 'Priya Raman', why: 'platform', reachesNow: [PRIYA] },
    ],
    channelName: 'inc-checkout',
    now: Date.parse(T(0)),
    declaredBy: ROBIN,
  });
  const done = (s: number, detail?: string) => ({
    status: 'done' as const,
    updatedAt: T(s),
    ...(detail ? { detail } : {}),
  });
  d.actions['platform-incident'] = done(1);
  d.actions.pages = done(2);
  d.actions['slack-channel'] = done(3);
  d.actions['slack-invite'] = done(4, 'Invited Sam Ortiz, Priya Raman');
  d.actions.statuspage = { status: 'skipped', updatedAt: T(5), error: 'Unticked at review' };
  d.actions.linear = done(6);
  d.actions['slack-runbook'] = done(7);
  d.actions['slack-kickoff'] = { status: 'failed', updatedAt: T(8), error: 'not_in_channel' };
  d.results = {
    ...d.results,
    incidentId: 'INC-7',
    channelName: 'inc-checkout',
    linearIssueIdentifier: 'OPS-12',
  };
  return d;
}

describe('the incident timeline', () => {
  it('shows each declaration action with its time and the declarer, and the opt-out reason', async () => {
    const declared = declaration();
    const { service } = serviceWith({}, sampleIncident('C0INC7', 'sp7'), {
      declaration: () => declared,
    });
    const { entries } = await service.handlers['incidents:get']({ incidentId: 'INC-7' });
    expect(entries.map((e) => [e.at, e.kind, e.text, e.actor?.name])).toEqual([
      [
        T(0),
        'status-page-opt-out',
        'No status page entry for this SEV-3: unticked at review (“internal batch job only”)',
        'Robin Ops',
      ],
      [T(1), 'declared', 'Declared SEV-3 (INC-7): Checkout payments failing', 'Robin Ops'],
      [T(2), 'paged', 'Paged Checkout rotation (Sam Ortiz), Priya Raman', 'Robin Ops'],
      [T(3), 'channel', 'Slack channel #inc-checkout created', 'Robin Ops'],
      [T(4), 'invited', 'Invited Sam Ortiz, Priya Raman to the channel', 'Robin Ops'],
      [T(6), 'ticket', 'Ticket OPS-12 created', 'Robin Ops'],
      [T(7), 'runbook', 'Runbook pinned in the channel', 'Robin Ops'],
    ]);
    // Recorded once each, however often the console asks.
    await service.handlers['incidents:get']({ incidentId: 'INC-7' });
    const again = await service.handlers['incidents:get']({ incidentId: 'INC-7' });
    expect(again.entries).toHaveLength(7);
  });

  it('without a declaration from here, it opens with "Incident opened"', async () => {
    const { service } = serviceWith({}, sampleIncident('C0INC7', 'sp7'));
    const { entries } = await service.handlers['incidents:get']({ incidentId: 'INC-7' });
    expect(entries.map((e) => [e.kind, e.text, e.actor])).toEqual([
      ['opened', 'Incident opened', null],
    ]);
  });

  it('a status update posted here shows once with its actor; one posted elsewhere with its author; the resolution', async () => {
    const { service, platform, clock } = serviceWith(
      { slack: new FakeSlack(), statuspage: new FakeStatuspage() },
      sampleIncident('C0INC7', 'sp7'),
    );
    clock.advance(60_000);
    await service.handlers['updates:post']({
      incidentId: 'INC-7',
      status: 'identified',
      message: 'A config change broke card payments.',
    });
    // Someone else posts from the CLI.
    clock.advance(60_000);
    platform.updates.push({
      id: 'U-CLI',
      incidentId: 'INC-7',
      status: 'monitoring',
      message: 'Reverted; watching.',
      postedAt: new Date(clock.now()).toISOString(),
      author: PRIYA,
    });
    clock.advance(60_000);
    await service.handlers['incidents:resolve']({
      incidentId: 'INC-7',
      message: 'Back to normal.',
    });
    const { entries } = await service.handlers['incidents:get']({ incidentId: 'INC-7' });
    expect(entries.map((e) => [e.at, e.text, e.actor?.name ?? null, e.source])).toEqual([
      ['2026-03-02T03:00:00.000Z', 'Incident opened', null, 'platform'],
      [
        '2026-03-02T03:06:00.000Z',
        'Status update (identified): A config change broke card payments.',
        'Robin Ops',
        'app',
      ],
      [
        '2026-03-02T03:07:00.000Z',
        'Status update (monitoring): Reverted; watching.',
        'Priya Raman',
        'platform',
      ],
      ['2026-03-02T03:08:00.000Z', 'Resolved: Back to normal.', 'Robin Ops', 'app'],
    ]);
  });

  it('survives a restart in its store', async () => {
    const timelineStore = new InMemoryStore<unknown>();
    const first = serviceWith({}, sampleIncident('C0INC7', 'sp7'), { timelineStore });
    await first.service.handlers['updates:post']({
      incidentId: 'INC-7',
      status: 'investigating',
      message: 'Looking.',
    });
    const kept = new TimelineStore(timelineStore, new RecordingLogger()).forIncident('INC-7');
    expect(kept.map((e) => [e.kind, e.text, e.actor?.id])).toEqual([
      ['update', 'Status update (investigating): Looking.', 'robin'],
    ]);
  });
});

describe('the kept timeline file', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  const entry = (id: string, text: string): TimelineEntry => ({
    id,
    incidentId: 'INC-7',
    at: T(0),
    kind: 'role',
    text,
    actor: ROBIN,
    source: 'app',
  });

  it('records an entry again in its place, and drops a damaged entry but keeps the others', () => {
    const store = new InMemoryStore<unknown>();
    const log = new RecordingLogger();
    const timeline = new TimelineStore(store, log);
    timeline.record([entry('a', 'one'), entry('b', 'two')]);
    timeline.record([entry('a', 'one, again')]);
    expect(timeline.forIncident('INC-7').map((e) => e.text)).toEqual(['one, again', 'two']);
    const data = store.read() as { entries: unknown[] };
    store.write({ ...data, entries: [...data.entries, { id: 'x', text: 42 }] });
    const reread = new TimelineStore(store, log);
    expect(reread.forIncident('INC-7')).toHaveLength(2);
    expect(JSON.stringify(log.entries)).toContain('dropped a damaged entry');
  });

  for (const [what, content] of [
    ['garbage', '\u0000{{ not json'],
    ['the wrong shape', '{"version":1,"entries":{}}'],
  ] as const) {
    it(`a file holding ${what} is moved aside, reported, and the timeline starts empty`, () => {
      dir = mkdtempSync(join(tmpdir(), 'zephyr-timeline-'));
      writeFileSync(join(dir, 'timeline.json'), content);
      const recovered: RecoveredFile[] = [];
      const stores = jsonStoreFactory(dir, (r) => recovered.push(r));
      const timeline = new TimelineStore(stores(TIMELINE_STORE), new RecordingLogger());
      expect(timeline.forIncident('INC-7')).toEqual([]);
      expect(recovered).toHaveLength(1);
      expect(readdirSync(dir).some((f) => f.startsWith('timeline.json.corrupt-'))).toBe(true);
      timeline.record([entry('a', 'after')]);
      const again = new TimelineStore(stores(TIMELINE_STORE), new RecordingLogger());
      expect(again.forIncident('INC-7').map((e) => e.text)).toEqual(['after']);
    });
  }
});
