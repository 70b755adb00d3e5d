/**
 * The timeline's entries, as pure functions: what a declaration's finished actions put on it (and
 * the status page opt-out with its reason), what a status update posted from here puts on it, and
 * the merge the console shows: the kept entries with the platform's updates that were not posted
 * from here (the CLI, another laptop), oldest first, opened by "Incident opened" when no
 * declaration from this app is known.
 */
import type {
  ChangePage,
  TimelineEntry,
  TimelineKind,
} from '../../../shared/aftercare/timeline.js';
import type { UpdatePost } from '../../../shared/aftercare/views.js';
import type { ActionId, ActionState, Declaration } from '../../../shared/declaration.js';
import type { Incident, IncidentUpdate, Person } from '../../../shared/domain.js';

/** How one finished declaration action reads on the timeline. */
type ActionLine = (d: Declaration, state: ActionState) => { kind: TimelineKind; text: string };

/** The pages a declaration made through the platform, by rotation or person, with who they reach. */
function pagedText(d: Declaration, state: ActionState): string {
  if (d.input.paging?.via === 'pagerduty') return state.detail ?? 'Paged through PagerDuty';
  const targets = d.pageTargets ?? d.paged.map((p) => ({ label: p.person.name, reachesNow: [] }));
  return `Paged ${targets.map((t) => targetLabel(t)).join(', ') || 'nobody'}`;
}

/** "Checkout rotation (Sam Ortiz)" for a rotation page, the person's name for a person page. */
export function targetLabel(t: {
  label: string;
  reachesNow: { name: string }[];
  target?: { rotation: string } | { person: string };
}): string {
  if (!t.target || !('rotation' in t.target)) return t.label;
  const who = t.reachesNow.map((p) => p.name).join(', ') || 'nobody on shift';
  return `${t.label} rotation (${who})`;
}

const ACTION_LINES: Partial<Record<ActionId, ActionLine>> = {
  'platform-incident': (d) => ({
    kind: 'declared',
    text: `Declared SEV-${d.input.severity}${d.results.incidentId ? ` (${d.results.incidentId})` : ''}: ${d.input.summary}`,
  }),
  pages: (d, s) => ({ kind: 'paged', text: pagedText(d, s) }),
  'slack-channel': (d) => ({
    kind: 'channel',
    text: `Slack channel #${d.results.channelName ?? d.channelName} created`,
  }),
  'slack-topic': () => ({ kind: 'channel-topic', text: 'Channel topic and purpose set' }),
  'slack-invite': (_d, s) => ({
    kind: 'invited',
    text: `${s.detail ?? 'Invited'} to the channel`,
  }),
  statuspage: () => ({ kind: 'status-page', text: 'Status page entry posted (investigating)' }),
  linear: (d) => ({
    kind: 'ticket',
    text: `Ticket ${d.results.linearIssueIdentifier ?? d.results.linearIssueId ?? ''} created`,
  }),
  'slack-kickoff': () => ({ kind: 'kickoff', text: 'Kick-off posted in the channel' }),
  'slack-runbook': () => ({ kind: 'runbook', text: 'Runbook pinned in the channel' }),
  'platform-links': (_d, s) => ({
    kind: 'links',
    text: (s.detail ?? 'Links set').replace(/^Incident \S+ links:/, 'Links set on the incident:'),
  }),
};

/**
 * The entries of `d`'s finished actions (each once: its id is the action's), and the status page
 * opt-out with the declarer's reason; none before the platform incident exists. Their times are
 * the declaration's, which the declare service stamps in the platform's time.
 */
export function declarationEntries(d: Declaration, actor: Person | null): TimelineEntry[] {
  const incidentId = d.results.incidentId;
  if (!incidentId) return [];
  const who = d.declaredBy ?? actor;
  const entry = (id: string, at: string, kind: TimelineKind, text: string): TimelineEntry => ({
    id: `declaration:${d.id}:${id}`,
    incidentId,
    at,
    kind,
    text,
    actor: who,
    source: 'app',
  });
  const entries: TimelineEntry[] = [];
  for (const [id, line] of Object.entries(ACTION_LINES) as [ActionId, ActionLine][]) {
    const state = d.actions[id];
    if (state?.status !== 'done') continue;
    const { kind, text } = line(d, state);
    entries.push(entry(id, state.updatedAt, kind, text));
  }
  const optOut = d.input.statusPageOptOut;
  if (optOut) {
    entries.push(
      entry(
        'statuspage-opt-out',
        d.createdAt,
        'status-page-opt-out',
        `No status page entry for this SEV-${d.input.severity}: unticked at review (“${optOut.reason}”)`,
      ),
    );
  }
  return entries;
}

/** The entry of a status update posted from here (the final one is the resolution). */
export function postEntry(post: UpdatePost, actor: Person | null): TimelineEntry {
  return {
    id: `update:${post.id}`,
    incidentId: post.incidentId,
    at: post.createdAt,
    kind: post.final ? 'resolved' : 'update',
    text: post.final
      ? `Resolved: ${post.message}`
      : `Status update (${post.status}): ${post.message}`,
    actor,
    source: 'app',
  };
}

/** "Checkout rotation (Sam Ortiz)" for a change's rotation page, the person's name for one to a person. */
export function changePageLabel(p: ChangePage): string {
  return p.key.startsWith('rotation:')
    ? `${p.label} rotation (${p.reaches.join(', ') || 'nobody on shift'})`
    : p.label;
}

/** "Paged for SEV-1: …; could not page …" for the pages of one severity change. */
export function changePagesText(severity: number, pages: readonly ChangePage[]): string {
  const label = changePageLabel;
  const paged = pages.filter((p) => p.status === 'paged').map(label);
  const failed = pages
    .filter((p) => p.status === 'failed')
    .map((p) => `${label(p)}: ${p.message ?? 'failed'}`);
  const parts = [
    ...(paged.length ? [`Paged for SEV-${severity}: ${paged.join(', ')}`] : []),
    ...(failed.length ? [`Could not page ${failed.join('; ')}`] : []),
  ];
  return parts.join('; ');
}

/**
 * The timeline the console shows, oldest first: the kept entries, a status update posted from
 * here whose entry was lost, and the platform's updates not posted from here; opened by "Incident
 * opened" when no declaration from this app is on it.
 */
export function mergeTimeline(args: {
  incident: Incident;
  kept: readonly TimelineEntry[];
  updates: readonly IncidentUpdate[];
  posts: readonly UpdatePost[];
}): TimelineEntry[] {
  const { incident, kept } = args;
  const keptIds = new Set(kept.map((e) => e.id));
  const lostPosts = args.posts.map((p) => postEntry(p, null)).filter((e) => !keptIds.has(e.id));
  // An update posted from here is on the platform too: shown once, as the app's entry.
  const refs = new Set(args.posts.flatMap((p) => p.deliveries.platform.ref ?? []));
  const posted = new Set(args.posts.map((p) => `${p.status}\n${p.message}`));
  const platform = args.updates
    .filter((u) => !refs.has(u.id) && !posted.has(`${u.status}\n${u.message}`))
    .map((u): TimelineEntry => ({
      id: `platform:${u.id}`,
      incidentId: incident.id,
      at: u.postedAt,
      kind: u.status === 'resolved' ? 'resolved' : 'update',
      text:
        u.status === 'resolved'
          ? `Resolved: ${u.message}`
          : `Status update (${u.status}): ${u.message}`,
      actor: u.author,
      source: 'platform',
    }));
  const opened: TimelineEntry[] = kept.some((e) => e.kind === 'declared')
    ? []
    : [
        {
          id: `opened:${incident.id}`,
          incidentId: incident.id,
          at: incident.openedAt,
          kind: 'opened',
          text: 'Incident opened',
          actor: null,
          source: 'platform',
        },
      ];
  return [...opened, ...kept, ...lostPosts, ...platform]
    .map((e, i) => ({ e, i, t: Date.parse(e.at) }))
    .sort((a, b) => a.t - b.t || a.i - b.i)
    .map(({ e }) => e);
}
