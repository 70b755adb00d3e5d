/**
 * The incident console: which incidents show (open in the feed, plus resolved ones still owing a
 * customer email or a post-mortem, for at most 14 days), each with the user's roles and the
 * playbook's clocks; keeping records in step with the feed; and the `incidents:list` and
 * `incidents:get` answers.
 */
import type { Incident, IncidentUpdate, Person } from '../../../shared/domain.js';
import { deadlinesFor, type Deadline } from '../../../shared/aftercare/deadlines.js';
import type { TimelineEntry } from '../../../shared/aftercare/timeline.js';
import type { Playbook } from '../../../shared/playbook.js';
import type {
  ClockView,
  ConsoleIncident,
  ConsoleView,
  IncidentDetail,
  IntegrationsView,
  PostMortemStage,
} from '../../../shared/aftercare/views.js';
import { errorMessage } from '../integrations/integration-error.js';
import type { HandlersFor } from '../ports.js';
import type { IncidentRecord } from './aftercare-store.js';
import { emptyRecord, iso, samePerson, type AftercareContext } from './context.js';
import { clockNote, lastResetAt } from './update-clock.js';
import { declarationEntries, mergeTimeline } from './timeline.js';

/** Resolved incidents leave the console this long after resolution, even with clocks left. */
const KEEP_RESOLVED_MS = 14 * 24 * 3600_000;

/** The Slack channel id in a channel link (`…/archives/C0123`), if any. */
function channelIdFromLink(link: string | undefined): string | undefined {
  return link ? /\/archives\/([A-Z0-9]+)/.exec(link)?.[1] : undefined;
}

/** The Statuspage incident id in a status page link (`…/incidents/<id>`), if any. */
function statuspageIdFromLink(link: string | undefined): string | undefined {
  return link ? /\/incidents\/([a-z0-9]+)(?:[/?#]|$)/i.exec(link)?.[1] : undefined;
}

/** How far the post-mortem got. */
export function postMortemStage(r: IncidentRecord, playbook: Playbook): PostMortemStage {
  const pm = r.postMortem;
  if (!pm) return 'none';
  if (pm.published) {
    // "Reviewed by the team": pushed to the platform repo and reviewed by enough named people.
    return pm.reviews.length >= playbook.postMortem.reviewersRequired ? 'reviewed' : 'pushed';
  }
  if (pm.reviewRequest?.status === 'sent') return 'in-review';
  return 'draft';
}

/** The playbook's clocks still running for the incident. */
export function deadlinesOf(ctx: AftercareContext, r: IncidentRecord): Deadline[] {
  const stage = postMortemStage(r, ctx.deps.playbook());
  // Once updates are posted from here, their deliveries decide (`update-clock.ts`): the
  // platform's lastUpdateAt would count an update that reached the platform alone.
  const incident = r.posts.length > 0 ? { ...r.incident, lastUpdateAt: undefined } : r.incident;
  return deadlinesFor(incident, lastResetAt(r), ctx.deps.playbook(), {
    customerEmailSent: r.emailSentAt !== null,
    // The 72 h clock stops when the post-mortem is in the platform repo and reviewed.
    postMortemPublished: stage === 'reviewed',
  });
}

/** Whether a reminder of `kind` for `incident` goes to `person`. */
export function isForMe(
  kind: Deadline['kind'],
  incident: Incident,
  person: Person | null,
): boolean {
  const { commander, comms } = incident.roles;
  if (kind === 'status-update') return samePerson(commander, person) || samePerson(comms, person);
  if (kind === 'customer-email') return samePerson(comms ?? commander, person);
  return samePerson(commander, person);
}

function rolesOf(incident: Incident, person: Person | null): ConsoleIncident['myRoles'] {
  const roles: ConsoleIncident['myRoles'] = [];
  if (samePerson(incident.roles.commander, person)) roles.push('commander');
  if (samePerson(incident.roles.comms, person)) roles.push('comms');
  if (incident.roles.investigators.some((p) => samePerson(p, person))) roles.push('investigator');
  return roles;
}

/** The status page entry a severity change opened (`change-follow-ups.ts`), if one did. */
function entryOpenedByChange(ctx: AftercareContext, incidentId: string): string | undefined {
  return ctx.store
    .get(incidentId)
    ?.severityChanges.flatMap((c) => c.followUps)
    .find((f) => f.action === 'statuspage' && f.status === 'done' && f.ref)?.ref;
}

/** The Slack channel and status page incident updates go to. */
export function targetsOf(ctx: AftercareContext, incident: Incident): IncidentDetail['targets'] {
  const declared = ctx.deps.declarationFor?.(incident.id);
  return {
    slackChannel: declared?.channelId ?? channelIdFromLink(incident.links.channel) ?? null,
    statuspageIncidentId:
      declared?.statuspageIncidentId ??
      statuspageIdFromLink(incident.links.statusPage) ??
      entryOpenedByChange(ctx, incident.id) ??
      null,
  };
}

/** The incident's timeline from the platform, or why it cannot be read. */
export async function updatesOf(
  ctx: AftercareContext,
  incidentId: string,
): Promise<{ updates: IncidentUpdate[]; error: string | null }> {
  const platform = ctx.deps.integrations().platform;
  if (!platform) return { updates: [], error: 'The Zephyr platform is not connected.' };
  try {
    return { updates: await platform.listUpdates(incidentId), error: null };
  } catch (error) {
    return { updates: [], error: errorMessage(error) };
  }
}

/**
 * An incident that left the open feed without being resolved here was resolved elsewhere (the
 * CLI, another laptop): ask the platform once for its resolution time so its clocks start.
 */
function reconcileGone(ctx: AftercareContext, checking: Set<string>, open: Set<string>): void {
  const { store, deps } = ctx;
  const platform = deps.integrations().platform;
  if (!platform) return;
  for (const r of store.all()) {
    if (open.has(r.incidentId) || r.incident.status === 'resolved') continue;
    if (checking.has(r.incidentId)) continue;
    checking.add(r.incidentId);
    platform
      .findIncident(r.incidentId)
      .then((incident) => {
        if (incident?.status === 'resolved') {
          const latest = store.get(r.incidentId);
          if (latest) store.put({ ...latest, incident });
          ctx.changed();
        }
      })
      .catch((error: unknown) =>
        deps.logger.warn('aftercare: could not look up an incident that left the feed', {
          incidentId: r.incidentId,
          error: errorMessage(error),
        }),
      );
  }
}

/** How long a change made here wins over the feed's severity and roles (the feed may lag). */
const CHANGE_GRACE_MS = 60_000;

/**
 * The feed's `incident`, except that for a short while after a change made here its severity and
 * roles stay as the platform answered the change: a poll already under way may still carry the
 * old ones.
 */
function withRecentChange(r: IncidentRecord, incident: Incident, now: number): Incident {
  const changedAt = Date.parse(r.changedAt ?? '');
  if (!Number.isFinite(changedAt) || now - changedAt > CHANGE_GRACE_MS) return incident;
  return { ...incident, severity: r.incident.severity, roles: r.incident.roles };
}

/** The console line of one incident, as `person` sees it. */
function entry(
  ctx: AftercareContext,
  r: IncidentRecord,
  person: Person | null,
  open: Set<string>,
): ConsoleIncident {
  const clocks: ClockView[] = deadlinesOf(ctx, r).map((d) => ({
    kind: d.kind,
    label: d.label,
    owner: d.owner,
    assignee: d.assignee,
    startsAt: iso(d.startsAt),
    dueAt: iso(d.dueAt),
    mine: isForMe(d.kind, r.incident, person),
    ...(d.kind === 'status-update' && clockNote(r) ? { note: clockNote(r) ?? '' } : {}),
  }));
  const last = Math.max(lastResetAt(r) ?? 0, Date.parse(r.incident.lastUpdateAt ?? '') || 0);
  return {
    sourceId: r.sourceId,
    incident: r.incident,
    origin: open.has(r.incidentId) ? 'feed' : 'tracked',
    myRoles: rolesOf(r.incident, person),
    lastUpdateAt: last > 0 ? iso(last) : null,
    clocks,
    announcement: r.announcement,
    emailSentAt: r.emailSentAt,
    postMortem: postMortemStage(r, ctx.deps.playbook()),
  };
}

/** Which integrations are connected now. */
function integrationsView(ctx: AftercareContext): IntegrationsView {
  const i = ctx.deps.integrations();
  return {
    slack: i.slack !== undefined,
    statuspage: i.statuspage !== undefined,
    platform: i.platform !== undefined,
    linear: i.linear !== undefined,
  };
}

/**
 * The incident's whole timeline: the entries of its declaration's finished actions are recorded
 * first (once each; a declaration made before the timeline existed catches up here), then merged
 * with the platform's updates.
 */
export function timelineOf(
  ctx: AftercareContext,
  r: IncidentRecord,
  updates: IncidentUpdate[],
): TimelineEntry[] {
  const declaration = ctx.deps.declaration?.(r.incidentId);
  if (declaration) {
    try {
      ctx.timeline.record(declarationEntries(declaration, ctx.me()));
    } catch (error) {
      ctx.deps.logger.warn('aftercare: could not save the timeline', {
        error: errorMessage(error),
      });
    }
  }
  return mergeTimeline({
    incident: r.incident,
    kept: ctx.timeline.forIncident(r.incidentId),
    updates,
    posts: r.posts,
  });
}

/** The console over one context. */
export interface IncidentConsole {
  /** The user, as the first feed that knows them says. */
  me(): Person | null;
  /** Brings records up to date with the feed. */
  syncFromFeed(): void;
  /** The records the console shows now. */
  visibleRecords(now: number): IncidentRecord[];
  view(): ConsoleView;
  readonly handlers: HandlersFor<'incidents:list' | 'incidents:get'>;
}

/** Creates the console. */
export function createConsole(ctx: AftercareContext): IncidentConsole {
  const { store, deps } = ctx;
  /** Incidents already looked up after leaving the feed (once per run). */
  const checking = new Set<string>();
  const openIds = () => new Set(ctx.feed().map((f) => f.incident.id));

  const me = (): Person | null => ctx.me();

  function syncFromFeed(): void {
    reconcileGone(ctx, checking, openIds());
    const now = deps.clock.now();
    for (const { sourceId, incident } of ctx.feed()) {
      const existing = store.get(incident.id);
      if (!existing) {
        store.put(emptyRecord(incident, sourceId));
        continue;
      }
      const next = withRecentChange(existing, incident, now);
      if (
        existing.incident.status !== 'resolved' &&
        JSON.stringify(existing.incident) !== JSON.stringify(next)
      ) {
        store.put({ ...existing, incident: next, sourceId });
      }
    }
  }

  function visible(r: IncidentRecord, open: Set<string>, now: number): boolean {
    if (open.has(r.incidentId)) return true;
    if (r.incident.status !== 'resolved') return false;
    const resolvedAt = Date.parse(r.incident.resolvedAt ?? '');
    if (Number.isFinite(resolvedAt) && now - resolvedAt > KEEP_RESOLVED_MS) return false;
    return deadlinesOf(ctx, r).length > 0 || postMortemStage(r, ctx.deps.playbook()) !== 'reviewed';
  }

  function visibleRecords(now: number): IncidentRecord[] {
    const open = openIds();
    return store.all().filter((r) => visible(r, open, now));
  }

  function view(): ConsoleView {
    const person = me();
    const open = openIds();
    const incidents = visibleRecords(deps.clock.now())
      .map((r) => entry(ctx, r, person, open))
      .sort((a, b) => Date.parse(b.incident.openedAt) - Date.parse(a.incident.openedAt));
    return { incidents, me: person };
  }

  return {
    me,
    syncFromFeed,
    visibleRecords,
    view,
    handlers: {
      'incidents:list': async () => view(),
      'incidents:get': async ({ incidentId }) => {
        const r = ctx.record(incidentId);
        const person = me();
        const open = openIds();
        const { updates, error } = await updatesOf(ctx, incidentId);
        return {
          entry: entry(ctx, r, person, open),
          timeline: updates,
          timelineError: error,
          entries: timelineOf(ctx, r, updates),
          changePages: r.changePages,
          severityChanges: r.severityChanges,
          posts: r.posts,
          pageResolutions: r.pageResolutions,
          targets: targetsOf(ctx, r.incident),
          integrations: integrationsView(ctx),
          announcementChannel: deps.playbook().slack.announcementChannel,
        };
      },
    },
  };
}
