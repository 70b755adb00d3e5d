/**
 * Changes during an incident, from the console: the severity and the role holders. Each change
 * is made on the platform (`PATCH /v1/incidents/{id}`) and lands on the timeline with its time
 * (on the platform's clock) and the app's user as actor. Raising the severity pages whoever the
 * new severity adds (`change-paging.ts`); lowering it pages no one. Either way the change is then
 * said in the Slack channel, its topic and the status page follow (and, through PagerDuty, the
 * urgency): `change-follow-ups.ts`. A new role holder is invited to the Slack channel when there
 * is one.
 */
import { IpcError, type CommandInput } from '../../../shared/contract.js';
import type {
  ChangeResult,
  TimelineEntry,
  TimelineKind,
} from '../../../shared/aftercare/timeline.js';
import type { Incident, Person, Severity } from '../../../shared/domain.js';
import { errorMessage } from '../integrations/integration-error.js';
import type {
  IncidentChange,
  PlatformChangesClient,
} from '../integrations/platform-changes-client.js';
import type { HandlersFor } from '../ports.js';
import type { IncidentRecord } from './aftercare-store.js';
import type { ChangeFollowUps } from './change-follow-ups.js';
import {
  assertCanPage,
  inviteToChannel,
  pageWhatSeverityAdds,
  retopicChannel,
  type SeverityPaging,
} from './change-paging.js';
import { samePerson, type AftercareContext } from './context.js';
import { changePageLabel, changePagesText } from './timeline.js';

/** The commands this module answers. */
export type ChangeCommandName =
  'incidents:change-severity' | 'incidents:change-role' | 'incidents:retry-change-action';

/** The record of an open incident, or `conflict` once it is resolved. */
function openRecord(ctx: AftercareContext, incidentId: string): IncidentRecord {
  const r = ctx.record(incidentId);
  if (r.incident.status === 'resolved') {
    throw new IpcError(
      'conflict',
      `Incident ${incidentId} is resolved: its severity and roles stay as they were.`,
    );
  }
  return r;
}

/** The platform client of changes, or `unavailable` saying why there is none. */
function changesClient(ctx: AftercareContext): PlatformChangesClient {
  const client = ctx.deps.integrations().changes;
  if (!client) {
    throw new IpcError(
      'unavailable',
      'The Zephyr platform is not connected: nothing can be changed on the incident.',
    );
  }
  return client;
}

/** Sets `change` on the platform and keeps its answer; `unavailable` naming what failed. */
async function changeOnPlatform(
  ctx: AftercareContext,
  incidentId: string,
  change: IncidentChange,
  what: string,
): Promise<Incident> {
  let incident: Incident;
  try {
    incident = await changesClient(ctx).changeIncident(incidentId, change);
  } catch (error) {
    throw new IpcError('unavailable', `Could not ${what} on the platform: ${errorMessage(error)}`);
  }
  ctx.save({ ...ctx.record(incidentId), incident, changedAt: ctx.nowIso() });
  return incident;
}

/**
 * Adds to `entries` (the change's so far) a timeline entry of a change made now by the app's
 * user, stamped on the incident's platform clock, as the platform's updates it is merged with
 * are, and never before the change's earlier entries.
 */
function addEntry(
  ctx: AftercareContext,
  entries: TimelineEntry[],
  incidentId: string,
  kind: TimelineKind,
  text: string,
): void {
  const at = ctx.entryTime(incidentId, entries.at(-1)?.at);
  entries.push({
    id: `change:${incidentId}:${kind}:${at}:${ctx.deps.newId?.() ?? crypto.randomUUID()}`,
    incidentId,
    at,
    kind,
    text,
    actor: ctx.me(),
    source: 'app',
  });
}

/** Records the change's entries; a failed save becomes a note. */
function keep(ctx: AftercareContext, entries: TimelineEntry[], notes: string[]): void {
  try {
    ctx.timeline.record(entries);
  } catch (error) {
    notes.push(`The timeline could not be saved: ${errorMessage(error)}`);
  }
}

/** Records the change's entries, tells the console and polls the feeds; answers the result. */
function finish(ctx: AftercareContext, result: ChangeResult): ChangeResult {
  keep(ctx, result.entries, result.notes);
  ctx.changed();
  ctx.deps.refreshFeeds?.();
  return result;
}

/** Who a raise paged, in words: the pages sent, the responders added, the pages that failed. */
function pagingWords(paging: SeverityPaging | undefined): string {
  if (!paging) return '';
  const paged = paging.pages.filter((p) => p.status === 'paged').map(changePageLabel);
  const failed = paging.pages.filter((p) => p.status === 'failed').map(changePageLabel);
  const responders = paging.responders.length
    ? [`${paging.responders.join(' and ')} through PagerDuty`]
    : [];
  const words = [...paged, ...responders].join(', ');
  return failed.length ? `${words || 'nobody'} (could not page ${failed.join(', ')})` : words;
}

async function changeSeverity(
  ctx: AftercareContext,
  followUps: ChangeFollowUps,
  incidentId: string,
  severity: Severity,
): Promise<ChangeResult> {
  const r = openRecord(ctx, incidentId);
  const from = r.incident.severity;
  changesClient(ctx);
  // Lowering pages no one; raising (or the same severity again: a retry) pages what it adds.
  const raising = severity <= from;
  if (raising) assertCanPage(ctx, incidentId);
  const entries: TimelineEntry[] = [];
  let incident = r.incident;
  if (severity !== from) {
    incident = await changeOnPlatform(
      ctx,
      incidentId,
      { severity },
      `change the severity to SEV-${severity}`,
    );
    const raised = severity < from;
    addEntry(
      ctx,
      entries,
      incidentId,
      'severity',
      raised
        ? `Severity raised from SEV-${from} to SEV-${severity}`
        : `Severity lowered from SEV-${from} to SEV-${severity}: nobody is paged`,
    );
  }
  const notes: string[] = [];
  if (incident.severity !== severity) {
    notes.push(
      `The platform still says SEV-${incident.severity}; the pages follow SEV-${severity}.`,
    );
  }
  const paging = raising ? await pageWhatSeverityAdds(ctx, incidentId, severity, from) : undefined;
  if (severity === from && (paging?.attempted ?? 0) === 0) {
    throw new IpcError(
      'conflict',
      `Incident ${incidentId} is already SEV-${severity}, and everyone it pages was paged.`,
    );
  }
  if (paging) {
    notes.push(...paging.notes);
    const text = changePagesText(severity, paging.pages);
    if (text) addEntry(ctx, entries, incidentId, 'paged', text);
    if (paging.responders.length > 0) {
      addEntry(
        ctx,
        entries,
        incidentId,
        'paged',
        `Added ${paging.responders.join(' and ')} as responders through PagerDuty (SEV-${severity})`,
      );
    }
    const invited = await inviteToChannel(ctx, incident, paging.reached);
    if (invited.entry) addEntry(ctx, entries, incidentId, 'invited', invited.entry);
    notes.push(...invited.notes);
  }
  if (severity === from) {
    return finish(ctx, {
      incident: ctx.record(incidentId).incident,
      entries,
      pages: paging?.pages ?? [],
      notes,
    });
  }
  // The change's own entries first: its follow-ups come after it on the timeline.
  keep(ctx, entries, notes);
  const change = await followUps.run({
    incidentId,
    from,
    to: severity,
    paging: pagingWords(paging),
  });
  ctx.changed();
  ctx.deps.refreshFeeds?.();
  return {
    incident: ctx.record(incidentId).incident,
    entries,
    pages: paging?.pages ?? [],
    notes,
    change,
  };
}

/** Everyone the console may hand a role to: the rotation feed, the role holders, the user. */
function candidates(ctx: AftercareContext, incident: Incident): Person[] {
  const fromFeed =
    ctx.deps.rotations?.()?.rotations.flatMap((r) => r.shifts.map((s) => s.person)) ?? [];
  const { commander, comms, investigators } = incident.roles;
  const me = ctx.me();
  return [
    ...fromFeed,
    ...(commander ? [commander] : []),
    ...(comms ? [comms] : []),
    ...investigators,
    ...(me ? [me] : []),
  ];
}

function lookUp(ctx: AftercareContext, incident: Incident, ids: readonly string[]): Person[] {
  const known = candidates(ctx, incident);
  return [...new Set(ids)].map((id) => {
    const person = known.find((p) => p.id === id);
    if (!person) throw new IpcError('not-found', `Nobody with id '${id}' is on the rotation feed.`);
    return person;
  });
}

const names = (people: readonly Person[]): string =>
  people.map((p) => p.name).join(', ') || 'nobody';

type RoleInput = CommandInput<'incidents:change-role'>;

/** The change to send, the timeline's words and who newly holds a role. */
function roleChange(
  ctx: AftercareContext,
  incident: Incident,
  input: RoleInput,
): { change: IncidentChange; text: string; added: Person[] } | undefined {
  const titles = ctx.deps.playbook().roles;
  if (input.role === 'investigators') {
    const next = lookUp(ctx, incident, input.personIds);
    const before = incident.roles.investigators;
    const same =
      next.length === before.length && next.every((p) => before.some((b) => samePerson(b, p)));
    if (same) return undefined;
    return {
      change: { roles: { investigators: next } },
      text: `${titles.investigators.title} changed from ${names(before)} to ${names(next)}`,
      added: next.filter((p) => !before.some((b) => samePerson(b, p))),
    };
  }
  const [person] = lookUp(ctx, incident, [input.personId]);
  if (!person) return undefined;
  const before = incident.roles[input.role];
  if (samePerson(before, person)) return undefined;
  const title = titles[input.role].title;
  return {
    change: { roles: { [input.role]: person } },
    text: before
      ? `${title} handed from ${before.name} to ${person.name}`
      : `${title} given to ${person.name}`,
    added: [person],
  };
}

async function changeRole(ctx: AftercareContext, input: RoleInput): Promise<ChangeResult> {
  const { incidentId } = input;
  const r = openRecord(ctx, incidentId);
  const planned = roleChange(ctx, r.incident, input);
  if (!planned) throw new IpcError('conflict', 'Nothing to change: they already hold that role.');
  const incident = await changeOnPlatform(ctx, incidentId, planned.change, 'change the roles');
  const entries: TimelineEntry[] = [];
  addEntry(ctx, entries, incidentId, 'role', planned.text);
  const invited = await inviteToChannel(ctx, incident, planned.added);
  if (invited.entry) addEntry(ctx, entries, incidentId, 'invited', invited.entry);
  const notes = [...invited.notes];
  if (input.role === 'commander') {
    // The topic names the IC ("SEV-2 · investigating · IC Robin Ops · …").
    const topic = await retopicChannel(ctx, incident);
    if (topic.entry) addEntry(ctx, entries, incidentId, 'channel-topic', topic.entry);
    notes.push(...topic.notes);
  }
  return finish(ctx, { incident, entries, pages: [], notes });
}

/**
 * The `incidents:change-severity`, `incidents:change-role` and `incidents:retry-change-action`
 * handlers.
 */
export function changeHandlers(
  ctx: AftercareContext,
  followUps: ChangeFollowUps,
): HandlersFor<ChangeCommandName> {
  const busy = new Set<string>();
  /** One change of an incident at a time: a second would read what the first is changing. */
  const oneAtATime = async <T>(incidentId: string, run: () => Promise<T>): Promise<T> => {
    if (busy.has(incidentId)) {
      throw new IpcError(
        'conflict',
        `Incident ${incidentId} is being changed right now; wait for the result.`,
      );
    }
    busy.add(incidentId);
    try {
      return await run();
    } finally {
      busy.delete(incidentId);
    }
  };
  return {
    'incidents:change-severity': async ({ incidentId, severity }) =>
      oneAtATime(incidentId, () => changeSeverity(ctx, followUps, incidentId, severity)),
    'incidents:change-role': async (input) =>
      oneAtATime(input.incidentId, () => changeRole(ctx, input)),
    'incidents:retry-change-action': async ({ incidentId, changeId, action }) =>
      oneAtATime(incidentId, async () => {
        const change = await followUps.retry(incidentId, changeId, action);
        ctx.changed();
        return change;
      }),
  };
}
