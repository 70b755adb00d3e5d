/**
 * The hand-off brief, as pure functions: `buildHandoffBrief` gathers what the next on-call person
 * needs from the app state, the incident console and the shift log; `briefText` writes it as
 * plain text (what Copy and the Slack post send), addressing the next on-call by their Slack id
 * when it is known.
 */
import type { AppState, Person } from '../../../shared/domain.js';
import type { ConsoleIncident } from '../../../shared/aftercare/views.js';
import type { HandoffBrief } from '../../../shared/handoff.js';
import type { ShiftLogSnapshot } from './shift-log.js';

/** The shift a brief covers, in platform time. */
export interface BriefShift {
  rotationIds: string[];
  rotations: string[];
  start: string;
  end: string;
}

/** What the brief is built from. */
export interface BriefInput {
  now: number;
  me: Person | null;
  state: Pick<AppState, 'pages' | 'rotations'>;
  incidents: readonly ConsoleIncident[];
  log: Pick<ShiftLogSnapshot, 'pages' | 'notes'>;
  /** My shift now, or the one that just ended; `null`: none known (the last 24 hours count). */
  shift: BriefShift | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Who takes over each of the shift's rotations: the first person after me in its `next` list. */
function nextOnCall(input: BriefInput): HandoffBrief['nextOnCall'] {
  if (!input.shift) return [];
  const result: HandoffBrief['nextOnCall'] = [];
  for (const r of input.state.rotations) {
    if (!input.shift.rotationIds.includes(r.id)) continue;
    const byStart = [...r.next].sort((a, b) => a.start.localeCompare(b.start) || a.level - b.level);
    const next = byStart.find((n) => n.person.id !== input.me?.id);
    if (!next) continue;
    result.push({
      rotation: r.name,
      name: next.person.name,
      ...(next.person.slackUserId ? { slackUserId: next.person.slackUserId } : {}),
    });
  }
  return result;
}

/** Builds the brief. Pure: the same input gives the same brief. */
export function buildHandoffBrief(input: BriefInput): HandoffBrief {
  const { shift, now } = input;
  const from = shift ? Date.parse(shift.start) : now - DAY_MS;
  const openPages = input.state.pages
    .filter((p) => !p.page.test && p.page.status !== 'resolved')
    .map((p) => ({
      key: p.key,
      title: p.page.title,
      status: p.page.status === 'acknowledged' ? ('acknowledged' as const) : ('triggered' as const),
      since: p.page.createdAt,
      ...(p.page.acknowledgedBy ? { acknowledgedBy: p.page.acknowledgedBy.name } : {}),
    }));
  const incidents = input.incidents
    .filter((i) => i.incident.status !== 'resolved')
    .map(({ incident, clocks }) => ({
      id: incident.id,
      summary: incident.summary,
      severity: incident.severity,
      status: incident.status,
      nextUpdateDueAt: clocks.find((c) => c.kind === 'status-update')?.dueAt ?? null,
      ...(incident.links.channel ? { channel: incident.links.channel } : {}),
    }));
  const shiftPages = input.log.pages
    .filter((p) => Date.parse(p.triggeredAt) >= from)
    .sort((a, b) => a.triggeredAt.localeCompare(b.triggeredAt))
    .map((p) => ({
      title: p.title,
      triggeredAt: p.triggeredAt,
      acknowledgedAt: p.acknowledgedAt,
      ackSeconds:
        p.acknowledgedAt === null
          ? null
          : Math.max(
              0,
              Math.round((Date.parse(p.acknowledgedAt) - Date.parse(p.triggeredAt)) / 1000),
            ),
    }));
  return {
    generatedAt: new Date(now).toISOString(),
    from: input.me?.name ?? null,
    shift: shift ? { rotations: shift.rotations, start: shift.start, end: shift.end } : null,
    nextOnCall: nextOnCall(input),
    openPages,
    incidents,
    shiftPages,
    notes: [...input.log.notes],
  };
}

/** "4m 05s", "45s", "1h 02m". */
export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m ${String(s).padStart(2, '0')}s`;
  return `${s}s`;
}

/** A timestamp as the brief prints it: `2026-12-02 18:00 UTC` (readers are in many zones). */
function when(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** The brief as plain text; the next on-call is mentioned (`<@U…>`) when their Slack id is known. */
export function briefText(brief: HandoffBrief): string {
  const lines: string[] = [];
  const to = brief.nextOnCall
    .map((n) => `${n.slackUserId ? `<@${n.slackUserId}>` : n.name} (${n.rotation})`)
    .join(', ');
  lines.push(`Hand-off brief${brief.from ? ` from ${brief.from}` : ''}${to ? ` to ${to}` : ''}`);
  if (brief.shift) {
    lines.push(
      `Shift: ${brief.shift.rotations.join(', ')}, ${when(brief.shift.start)} to ${when(brief.shift.end)}`,
    );
  }
  lines.push('', `Open pages (${brief.openPages.length}):`);
  if (brief.openPages.length === 0) lines.push('- none');
  for (const p of brief.openPages) {
    const who = p.acknowledgedBy ? ` by ${p.acknowledgedBy}` : '';
    lines.push(`- ${p.title}: ${p.status}${who}, since ${when(p.since)}`);
  }
  lines.push('', `Incidents in progress (${brief.incidents.length}):`);
  if (brief.incidents.length === 0) lines.push('- none');
  for (const i of brief.incidents) {
    const due = i.nextUpdateDueAt
      ? `next update due ${when(i.nextUpdateDueAt)}`
      : 'no update clock';
    lines.push(
      `- ${i.id} SEV-${i.severity} ${i.summary}: ${i.status}, ${due}${i.channel ? ` (${i.channel})` : ''}`,
    );
  }
  lines.push('', `Pages this shift (${brief.shiftPages.length}):`);
  if (brief.shiftPages.length === 0) lines.push('- none');
  for (const p of brief.shiftPages) {
    const ack =
      p.ackSeconds === null
        ? 'not acknowledged'
        : `acknowledged in ${formatDuration(p.ackSeconds)}`;
    lines.push(`- ${when(p.triggeredAt)} ${p.title}: ${ack}`);
  }
  lines.push('', 'Notes:');
  if (brief.notes.length === 0) lines.push('- none');
  for (const n of brief.notes) lines.push(`- ${n.text}`);
  return lines.join('\n');
}
