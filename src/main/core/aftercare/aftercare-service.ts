/**
 * During and after an incident: the console (open incidents from the feed plus resolved ones
 * still owing a customer email or a post-mortem), status updates posted to Slack, the status page
 * and the platform with per-destination state that survives a crash (a retry never posts twice
 * where an update already went), resolution, the after-action announcement, the customer-email
 * draft and the post-mortem with Linear-ticketed action items. It keeps every clock of the
 * playbook (next status update, customer email, post-mortem) and sends each reminder once, even
 * across restarts, to the role that owns it when that role is the app's user.
 */
import { randomUUID } from 'node:crypto';
import { IpcError, type CommandName } from '../../../shared/contract.js';
import type { AppState, Incident, IncidentUpdate, Person } from '../../../shared/domain.js';
import type { Playbook } from '../../../shared/playbook.js';
import {
  actionItemAge,
  unshippedPattern,
  validateActionItems,
  type ActionItem,
  type PostMortemRecord,
} from '../../../shared/aftercare/action-items.js';
import {
  deadlinesFor,
  nextReminderAt,
  remindersDue,
  type Deadline,
  type Reminder,
} from '../../../shared/aftercare/deadlines.js';
import { mailtoUrl, toEml, EmlAddressError } from '../../../shared/aftercare/eml.js';
import type {
  ActionItemsView,
  AnnouncementState,
  ClockView,
  ConsoleIncident,
  ConsoleView,
  DeliveryState,
  EmailDraftView,
  EmailFactsInput,
  IncidentDetail,
  IntegrationsView,
  PostMortemInput,
  PostMortemStage,
  PostMortemView,
  TemplateView,
  UpdateDestination,
  UpdatePost,
} from '../../../shared/aftercare/views.js';
import { errorMessage } from '../integrations/integration-error.js';
import { derivedUuid, type LinearClient } from '../integrations/linear-client.js';
import type { SlackClient } from '../integrations/slack-client.js';
import type { StatuspageClient } from '../integrations/statuspage-client.js';
import type {
  Clock,
  HandlersFor,
  KeyValueStore,
  Logger,
  Notifier,
  TimerHandle,
  TrayMenuItem,
} from '../ports.js';
import { AftercareStore, type IncidentRecord } from './aftercare-store.js';
import type { SaveFile } from './export-file.js';
import type { PlatformUpdatesClient } from '../integrations/platform-updates-client.js';
import type { TemplateKind } from './template-files.js';

/** The commands this service answers. */
export type AftercareCommandName = Extract<
  CommandName,
  `incidents:${string}` | `updates:${string}` | `emails:${string}` | `postmortems:${string}`
>;

/** The integrations configured right now; absent ones make their deliveries `skipped`. */
export interface AftercareIntegrations {
  platform?: PlatformUpdatesClient;
  slack?: SlackClient;
  statuspage?: StatuspageClient;
  /** The client and the team (key or id) action items are ticketed in. */
  linear?: { client: LinearClient; team: string };
}

/** What a declaration made here knows about an incident (from the declare service). */
export interface DeclarationTargets {
  channelId?: string;
  statuspageIncidentId?: string;
}

/** What the service needs. */
export interface AftercareDeps {
  clock: Clock;
  logger: Logger;
  store: KeyValueStore<unknown>;
  playbook: () => Playbook;
  notifier: Notifier;
  /** The app state: open incidents from the feeds and who the user is. */
  appState: () => AppState;
  /** Asked at each use, so Settings changes apply at once. */
  integrations: () => AftercareIntegrations;
  /** The Slack channel and status page incident of an incident declared in this app. */
  declarationFor?: (incidentId: string) => DeclarationTargets | undefined;
  readTemplate: (kind: TemplateKind) => TemplateView;
  /** Opens a `mailto:` URL in the user's mail client; false when refused or impossible. */
  openMailto: (url: string) => Promise<boolean>;
  saveFile: SaveFile;
  /** Polls the feeds now (after a resolution, so the tray and the feed catch up at once). */
  refreshFeeds?: () => void;
  /** Receives the tray menu lines (clocks of open and resolved incidents) whenever they change. */
  onTrayItems?: (items: TrayMenuItem[]) => void;
  newId?: () => string;
}

/** The aftercare service. */
export interface AftercareService {
  readonly handlers: HandlersFor<AftercareCommandName>;
  /** Loads the feed's incidents, arms the reminder timer and sends reminders already due. */
  start(): void;
  stop(): void;
  /** Re-reads the app state (call on every app state change). */
  refresh(): void;
  view(): ConsoleView;
  /** Every console change (the `incidents:changed` event). */
  onChanged(listener: (view: ConsoleView) => void): () => void;
}

const DESTINATIONS: readonly UpdateDestination[] = ['slack', 'statuspage', 'platform'];
/** Resolved incidents leave the console this long after resolution, even with clocks left. */
const KEEP_RESOLVED_MS = 14 * 24 * 3600_000;

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function samePerson(a: Person | undefined | null, b: Person | undefined | null): boolean {
  if (!a || !b) return false;
  return a.id === b.id || (a.email !== '' && a.email.toLowerCase() === b.email.toLowerCase());
}

/** The Slack channel id in a channel link (`…/archives/C0123`), if any. */
export function channelIdFromLink(link: string | undefined): string | undefined {
  return link ? /\/archives\/([A-Z0-9]+)/.exec(link)?.[1] : undefined;
}

/** The Statuspage incident id in a status page link (`…/incidents/<id>`), if any. */
export function statuspageIdFromLink(link: string | undefined): string | undefined {
  return link ? /\/incidents\/([a-z0-9]+)(?:[/?#]|$)/i.exec(link)?.[1] : undefined;
}

/** The Slack text of a status update. */
export function slackUpdateText(
  incident: Incident,
  post: Pick<UpdatePost, 'status' | 'message'>,
): string {
  const status = post.status.charAt(0).toUpperCase() + post.status.slice(1);
  return `*Status update · SEV-${incident.severity} · ${status}*\n${post.message}`;
}

/** Creates the service; call `start()` next. */
export function createAftercareService(deps: AftercareDeps): AftercareService {
  const { clock, logger } = deps;
  const store = new AftercareStore(deps.store, logger);
  const newId = deps.newId ?? randomUUID;
  const listeners = new Set<(view: ConsoleView) => void>();
  const inFlight = new Set<string>();
  /** Incidents already looked up after leaving the feed (once per run). */
  const checking = new Set<string>();
  let timer: TimerHandle | undefined;
  let started = false;
  let lastViewJson = '';

  // ------------------------------------------------------------------ who and what

  function me(): Person | null {
    for (const s of deps.appState().sources) if (s.me) return s.me;
    return null;
  }

  function feed(): { sourceId: string; incident: Incident }[] {
    return deps.appState().incidents;
  }

  function rolesOf(incident: Incident, person: Person | null): ConsoleIncident['myRoles'] {
    const roles: ConsoleIncident['myRoles'] = [];
    if (samePerson(incident.roles.commander, person)) roles.push('commander');
    if (samePerson(incident.roles.comms, person)) roles.push('comms');
    if (incident.roles.investigators.some((p) => samePerson(p, person))) roles.push('investigator');
    return roles;
  }

  /**
   * An incident that left the open feed without being resolved here was resolved elsewhere (the
   * CLI, another laptop): ask the platform once for its resolution time so its clocks start.
   */
  function reconcileGone(openIds: Set<string>): void {
    const platform = deps.integrations().platform;
    if (!platform) return;
    for (const r of store.all()) {
      if (openIds.has(r.incidentId) || r.incident.status === 'resolved') continue;
      if (checking.has(r.incidentId)) continue;
      checking.add(r.incidentId);
      platform
        .findIncident(r.incidentId)
        .then((incident) => {
          if (incident?.status === 'resolved') {
            const latest = store.get(r.incidentId);
            if (latest) store.put({ ...latest, incident });
            changed();
          }
        })
        .catch((error: unknown) =>
          logger.warn('aftercare: could not look up an incident that left the feed', {
            incidentId: r.incidentId,
            error: errorMessage(error),
          }),
        );
    }
  }

  /** Brings records up to date with the feed. */
  function syncFromFeed(): void {
    const openIds = new Set(feed().map((f) => f.incident.id));
    reconcileGone(openIds);
    for (const { sourceId, incident } of feed()) {
      const existing = store.get(incident.id);
      if (!existing) {
        store.put(emptyRecord(incident, sourceId));
      } else if (
        existing.incident.status !== 'resolved' &&
        JSON.stringify(existing.incident) !== JSON.stringify(incident)
      ) {
        store.put({ ...existing, incident, sourceId });
      }
    }
  }

  function emptyRecord(incident: Incident, sourceId: string): IncidentRecord {
    return {
      incidentId: incident.id,
      sourceId,
      incident,
      posts: [],
      announcement: null,
      email: null,
      emailSentAt: null,
      postMortem: null,
    };
  }

  function record(incidentId: string): IncidentRecord {
    const found = store.get(incidentId);
    if (found) return found;
    const live = feed().find((f) => f.incident.id === incidentId);
    if (live) {
      const fresh = emptyRecord(live.incident, live.sourceId);
      store.put(fresh);
      return fresh;
    }
    throw new IpcError('not-found', `No incident '${incidentId}' is open or tracked here.`);
  }

  function lastPostedAt(r: IncidentRecord): number | null {
    const sent = r.posts
      .filter((p) => DESTINATIONS.some((d) => p.deliveries[d].status === 'sent'))
      .map((p) => Date.parse(p.createdAt));
    return sent.length > 0 ? Math.max(...sent) : null;
  }

  function postMortemStage(r: IncidentRecord): PostMortemStage {
    const pm = r.postMortem;
    if (!pm) return 'none';
    if (pm.reviews.length > 0) return 'reviewed';
    if (pm.reviewRequest?.status === 'sent') return 'in-review';
    return 'draft';
  }

  function deadlinesOf(r: IncidentRecord): Deadline[] {
    const stage = postMortemStage(r);
    return deadlinesFor(r.incident, lastPostedAt(r), deps.playbook(), {
      customerEmailSent: r.emailSentAt !== null,
      // The commander's deliverable is the draft shared for review.
      postMortemPublished: stage === 'in-review' || stage === 'reviewed',
    });
  }

  function visible(r: IncidentRecord, openIds: Set<string>, now: number): boolean {
    if (openIds.has(r.incidentId)) return true;
    if (r.incident.status !== 'resolved') return false;
    const resolvedAt = Date.parse(r.incident.resolvedAt ?? '');
    if (Number.isFinite(resolvedAt) && now - resolvedAt > KEEP_RESOLVED_MS) return false;
    return deadlinesOf(r).length > 0 || postMortemStage(r) !== 'reviewed';
  }

  function entry(r: IncidentRecord, person: Person | null, openIds: Set<string>): ConsoleIncident {
    const clocks: ClockView[] = deadlinesOf(r).map((d) => ({
      kind: d.kind,
      label: d.label,
      owner: d.owner,
      assignee: d.assignee,
      startsAt: iso(d.startsAt),
      dueAt: iso(d.dueAt),
      mine: isForMe(d.kind, r.incident, person),
    }));
    const last = Math.max(lastPostedAt(r) ?? 0, Date.parse(r.incident.lastUpdateAt ?? '') || 0);
    return {
      sourceId: r.sourceId,
      incident: r.incident,
      origin: openIds.has(r.incidentId) ? 'feed' : 'tracked',
      myRoles: rolesOf(r.incident, person),
      lastUpdateAt: last > 0 ? iso(last) : null,
      clocks,
      announcement: r.announcement,
      emailSentAt: r.emailSentAt,
      postMortem: postMortemStage(r),
    };
  }

  function view(): ConsoleView {
    const now = clock.now();
    const person = me();
    const openIds = new Set(feed().map((f) => f.incident.id));
    const incidents = store
      .all()
      .filter((r) => visible(r, openIds, now))
      .map((r) => entry(r, person, openIds))
      .sort((a, b) => Date.parse(b.incident.openedAt) - Date.parse(a.incident.openedAt));
    return { incidents, me: person };
  }

  // ------------------------------------------------------------------ reminders and tray

  /** Whether a reminder of `kind` for `incident` goes to `person`. */
  function isForMe(kind: Deadline['kind'], incident: Incident, person: Person | null): boolean {
    const { commander, comms } = incident.roles;
    if (kind === 'status-update') return samePerson(commander, person) || samePerson(comms, person);
    if (kind === 'customer-email') return samePerson(comms ?? commander, person);
    return samePerson(commander, person);
  }

  function reminderTitle(reminder: Reminder, incident: Incident): string {
    const overdue = reminder.id.includes(':overdue-');
    if (reminder.kind === 'status-update') {
      return `${overdue ? 'Status update overdue' : 'Status update due'} for ${incident.summary}`;
    }
    const what = reminder.kind === 'customer-email' ? 'Customer email' : 'Post-mortem';
    return `${what} for ${incident.summary}`;
  }

  function runReminders(): void {
    const now = clock.now();
    const person = me();
    const openIds = new Set(feed().map((f) => f.incident.id));
    const records = store.all().filter((r) => visible(r, openIds, now));
    const deadlines = records.flatMap((r) => deadlinesOf(r));
    const due = remindersDue(deadlines, now, store.sentReminders());
    const sent: string[] = [];
    for (const reminder of due) {
      const r = records.find((x) => x.incidentId === reminder.incidentId);
      sent.push(reminder.id);
      if (!r || !isForMe(reminder.kind, r.incident, person)) continue;
      deps.notifier
        .show({
          tag: `aftercare:${reminder.incidentId}:${reminder.kind}`,
          title: reminderTitle(reminder, r.incident),
          body: reminder.message,
          urgency: reminder.kind === 'status-update' ? 'critical' : 'normal',
          actions: [{ id: 'open', label: 'Open' }],
          sticky: false,
          sound: true,
        })
        .catch((error: unknown) =>
          logger.warn('aftercare reminder could not be shown', { error: String(error) }),
        );
    }
    try {
      store.markSent(sent);
    } catch (error) {
      logger.error('aftercare: could not record sent reminders', { error: String(error) });
    }
    schedule(deadlines, now);
  }

  function schedule(deadlines: Deadline[], now: number): void {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
    if (!started) return;
    const next = nextReminderAt(deadlines, now);
    // Re-check at least hourly: a laptop that slept must not wait for a far-away timer.
    const wait = Math.min(next === null ? 3600_000 : Math.max(0, next - now), 3600_000);
    timer = clock.setTimeout(() => {
      timer = undefined;
      runReminders();
      publish();
    }, wait);
  }

  function clockTime(ms: number, now: number): string {
    const d = new Date(ms);
    const hm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
    return ms - now < 20 * 3600_000 && new Date(now).getDate() === d.getDate()
      ? hm
      : `${d.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short' })} ${hm}`;
  }

  function trayItems(v: ConsoleView): TrayMenuItem[] {
    const now = clock.now();
    const items: TrayMenuItem[] = [];
    for (const e of v.incidents) {
      const name = `${e.incident.id} (SEV-${e.incident.severity})`;
      if (e.clocks.length === 0 && e.incident.status !== 'resolved') {
        items.push({ kind: 'label', label: `${name}: ${e.incident.status}` });
      }
      for (const c of e.clocks) {
        const due = Date.parse(c.dueAt);
        const what =
          c.kind === 'status-update'
            ? 'next status update'
            : c.kind === 'customer-email'
              ? 'customer email'
              : 'post-mortem';
        const when =
          due <= now ? `overdue since ${clockTime(due, now)}` : `due ${clockTime(due, now)}`;
        items.push({ kind: 'label', label: `${name}: ${what} ${when}` });
      }
    }
    return items;
  }

  function publish(): void {
    const v = view();
    const json = JSON.stringify(v);
    deps.onTrayItems?.(trayItems(v));
    if (json === lastViewJson) return;
    lastViewJson = json;
    for (const l of listeners) {
      try {
        l(v);
      } catch (error) {
        logger.error('aftercare listener failed', { error: String(error) });
      }
    }
  }

  /** Saves a record; a failed save stops the action so nothing is done twice after a restart. */
  function save(r: IncidentRecord): void {
    try {
      store.put(r);
    } catch (error) {
      throw new IpcError(
        'handler-failed',
        `Could not save the incident's aftercare state (${errorMessage(error)}): stopped so that nothing is posted twice.`,
      );
    }
  }

  function changed(): void {
    runReminders();
    publish();
  }

  // ------------------------------------------------------------------ targets and integrations

  function integrationsView(): IntegrationsView {
    const i = deps.integrations();
    return {
      slack: i.slack !== undefined,
      statuspage: i.statuspage !== undefined,
      platform: i.platform !== undefined,
      linear: i.linear !== undefined,
    };
  }

  function targets(incident: Incident): IncidentDetail['targets'] {
    const declared = deps.declarationFor?.(incident.id);
    return {
      slackChannel: declared?.channelId ?? channelIdFromLink(incident.links.channel) ?? null,
      statuspageIncidentId:
        declared?.statuspageIncidentId ?? statuspageIdFromLink(incident.links.statusPage) ?? null,
    };
  }

  // ------------------------------------------------------------------ status updates

  function delivery(
    status: DeliveryState['status'],
    message?: string,
    ref?: string,
  ): DeliveryState {
    return {
      status,
      at: iso(clock.now()),
      ...(message !== undefined ? { message } : {}),
      ...(ref !== undefined ? { ref } : {}),
    };
  }

  function setDelivery(
    incidentId: string,
    postId: string,
    dest: UpdateDestination,
    state: DeliveryState,
  ): UpdatePost {
    const r = record(incidentId);
    const posts = r.posts.map((p) =>
      p.id === postId ? { ...p, deliveries: { ...p.deliveries, [dest]: state } } : p,
    );
    save({ ...r, posts });
    const post = posts.find((p) => p.id === postId);
    if (!post)
      throw new IpcError('not-found', `No update '${postId}' on incident '${incidentId}'.`);
    return post;
  }

  /** Sends one destination of a post; the state is saved before and after. */
  async function deliver(
    incidentId: string,
    postId: string,
    dest: UpdateDestination,
  ): Promise<void> {
    const r = record(incidentId);
    const post = r.posts.find((p) => p.id === postId);
    if (!post) return;
    const previous = post.deliveries[dest];
    if (previous.status === 'sent') return;
    const integrations = deps.integrations();
    const where = targets(r.incident);
    const skip = (message: string) =>
      setDelivery(incidentId, postId, dest, delivery('skipped', message));

    if (dest === 'slack') {
      const slack = integrations.slack;
      if (!slack) return void skip('Slack is not connected (Settings).');
      if (!where.slackChannel) return void skip('No Slack channel is known for this incident.');
      const channel = where.slackChannel;
      const text = slackUpdateText(r.incident, post);
      // A post interrupted by a crash may have gone out: look for it before posting again.
      if (previous.status === 'pending') {
        try {
          const ts = await slack.findOwnMessage(channel, text);
          if (ts)
            return void setDelivery(incidentId, postId, dest, delivery('sent', undefined, ts));
        } catch (error) {
          logger.warn('aftercare: could not check Slack history before a retry', {
            error: errorMessage(error),
          });
        }
      }
      setDelivery(incidentId, postId, dest, delivery('pending'));
      try {
        const { ts } = await slack.postMessage(channel, text);
        setDelivery(incidentId, postId, dest, delivery('sent', undefined, ts));
      } catch (error) {
        setDelivery(incidentId, postId, dest, delivery('failed', errorMessage(error)));
      }
      return;
    }

    if (dest === 'statuspage') {
      const statuspage = integrations.statuspage;
      if (!statuspage) return void skip('Statuspage is not connected (Settings).');
      if (!where.statuspageIncidentId) {
        return void skip('This incident has no status page entry.');
      }
      setDelivery(incidentId, postId, dest, delivery('pending'));
      try {
        const answer = await statuspage.updateIncident(where.statuspageIncidentId, {
          status: post.status,
          body: post.message,
        });
        setDelivery(incidentId, postId, dest, delivery('sent', undefined, answer.id));
      } catch (error) {
        setDelivery(incidentId, postId, dest, delivery('failed', errorMessage(error)));
      }
      return;
    }

    const platform = integrations.platform;
    if (!platform) return void skip('The Zephyr platform is not connected.');
    setDelivery(incidentId, postId, dest, delivery('pending'));
    try {
      // The key is the post's: a retry after a crash or a failure answers the first update.
      const update = await platform.postUpdate(
        incidentId,
        { status: post.status, message: post.message },
        `zephyr-aftercare:${post.id}`,
      );
      let incident: Incident | undefined;
      if (post.final) incident = await platform.setStatus(incidentId, 'resolved');
      const latest = record(incidentId);
      if (incident) save({ ...latest, incident });
      setDelivery(incidentId, postId, dest, delivery('sent', undefined, update.id));
    } catch (error) {
      setDelivery(incidentId, postId, dest, delivery('failed', errorMessage(error)));
    }
  }

  async function run(incidentId: string, postId: string): Promise<UpdatePost> {
    const key = `${incidentId}/${postId}`;
    if (inFlight.has(key)) {
      throw new IpcError('conflict', 'This update is being posted right now; wait for the result.');
    }
    inFlight.add(key);
    try {
      for (const dest of DESTINATIONS) await deliver(incidentId, postId, dest);
    } finally {
      inFlight.delete(key);
      changed();
    }
    const post = record(incidentId).posts.find((p) => p.id === postId);
    if (!post) throw new IpcError('not-found', `No update '${postId}'.`);
    return post;
  }

  function newPost(
    incidentId: string,
    status: UpdatePost['status'],
    message: string,
    final: boolean,
  ): UpdatePost {
    const r = record(incidentId);
    const waiting = delivery('pending', 'waiting');
    const post: UpdatePost = {
      id: newId(),
      incidentId,
      status,
      message: message.trim(),
      createdAt: iso(clock.now()),
      final,
      deliveries: { slack: waiting, statuspage: waiting, platform: waiting },
    };
    // Saved before anything is sent, so that a crash resumes this post, never a second one.
    save({ ...r, posts: [...r.posts, post] });
    return post;
  }

  async function resolve(incidentId: string, message: string): Promise<UpdatePost> {
    const r = record(incidentId);
    if (r.incident.status === 'resolved') {
      const final = r.posts.find((p) => p.final);
      if (final) return final;
    }
    const post = newPost(incidentId, 'resolved', message, true);
    const result = await run(incidentId, post.id);
    // The resolution time: the platform's when it answered, else now; both clocks start there.
    const latest = record(incidentId);
    const resolvedAt =
      latest.incident.status === 'resolved' && latest.incident.resolvedAt
        ? latest.incident.resolvedAt
        : iso(clock.now());
    save({ ...latest, incident: { ...latest.incident, status: 'resolved', resolvedAt } });
    changed();
    deps.refreshFeeds?.();
    return result;
  }

  // ------------------------------------------------------------------ customer email

  function defaultFacts(r: IncidentRecord): EmailFactsInput {
    const { incident } = r;
    const final = [...r.posts].reverse().find((p) => p.final || p.status === 'monitoring');
    return {
      to: '',
      headline: incident.summary,
      whatHappened: '',
      whoWasAffected: '',
      whatWeDid: final?.message ?? '',
      prevention: '',
      signOff: 'The Zephyr team',
      timeZone: 'UTC',
    };
  }

  function emailView(r: IncidentRecord): EmailDraftView {
    return {
      incident: r.incident,
      facts: r.email?.facts ?? defaultFacts(r),
      template: deps.readTemplate('customer-email'),
      sentAt: r.emailSentAt,
      savedAt: r.email?.savedAt ?? null,
    };
  }

  function emlFor(input: { to: string; subject: string; body: string }): string {
    try {
      return toEml({
        to: splitAddresses(input.to),
        subject: input.subject,
        body: input.body,
        date: clock.now(),
      });
    } catch (error) {
      if (error instanceof EmlAddressError) throw new IpcError('invalid-payload', error.message);
      throw error;
    }
  }

  function splitAddresses(to: string): string[] {
    return to
      .split(/[,;\n]/)
      .map((t) => t.trim())
      .filter((t) => t !== '');
  }

  // ------------------------------------------------------------------ post-mortem

  async function updatesOf(
    incidentId: string,
  ): Promise<{ updates: IncidentUpdate[]; error: string | null }> {
    const platform = deps.integrations().platform;
    if (!platform) return { updates: [], error: 'The Zephyr platform is not connected.' };
    try {
      return { updates: await platform.listUpdates(incidentId), error: null };
    } catch (error) {
      return { updates: [], error: errorMessage(error) };
    }
  }

  function defaultDraft(r: IncidentRecord): PostMortemInput {
    return {
      summary: r.incident.summary,
      impact: '',
      rootCause: '',
      wentWell: [],
      wentBadly: [],
      actionItems: [],
      timeZone: 'UTC',
    };
  }

  async function postMortemView(r: IncidentRecord): Promise<PostMortemView> {
    const { updates } = await updatesOf(r.incidentId);
    const pm = r.postMortem;
    return {
      incident: r.incident,
      updates,
      draft: pm?.draft ?? defaultDraft(r),
      template: deps.readTemplate('post-mortem'),
      stage: postMortemStage(r),
      savedAt: pm?.savedAt ?? null,
      reviewRequest: pm?.reviewRequest ?? null,
      reviews: pm?.reviews ?? [],
      actionItemLabel: deps.playbook().postMortem.actionItemLabel,
      ticketProblems: pm?.ticketProblems ?? [],
    };
  }

  function requirePostMortem(r: IncidentRecord): NonNullable<IncidentRecord['postMortem']> {
    if (!r.postMortem) {
      throw new IpcError('conflict', 'Save the post-mortem draft first.');
    }
    return r.postMortem;
  }

  function actionItemDescription(r: IncidentRecord, item: ActionItem): string {
    return [
      `Action item from the post-mortem of **${r.incident.id}: ${r.incident.summary}** (SEV-${r.incident.severity}).`,
      '',
      `Owner: ${item.owner?.name ?? ''}`,
      item.dueAt ? `Due: ${item.dueAt}` : '',
    ]
      .filter((l, i) => l !== '' || i === 1)
      .join('\n');
  }

  /** Tickets every action item that has none yet; one failure does not stop the others. */
  async function ticketItems(incidentId: string): Promise<void> {
    const r = record(incidentId);
    const pm = requirePostMortem(r);
    const linear = deps.integrations().linear;
    const pending = pm.draft.actionItems.filter((i) => !i.ticket);
    if (pending.length === 0) {
      save({ ...r, postMortem: { ...pm, ticketProblems: [] } });
      return;
    }
    if (!linear) {
      save({
        ...r,
        postMortem: {
          ...pm,
          ticketProblems: [
            `Linear is not connected (Settings): ${pending.length} action item${pending.length === 1 ? '' : 's'} not ticketed yet.`,
          ],
        },
      });
      return;
    }
    const problems: string[] = [];
    const tickets = new Map<string, string>();
    try {
      const team = await linear.client.findTeam(linear.team);
      const label = await linear.client.ensureLabel(
        team.id,
        deps.playbook().postMortem.actionItemLabel,
      );
      for (const item of pending) {
        // Derived from the incident and item ids: a retry finds the ticket it may have made.
        const id = derivedUuid(`${incidentId}:action-item:${item.id}`);
        try {
          const issue =
            (await linear.client.findIssue(id)) ??
            (await linear.client.createIssue({
              id,
              teamId: team.id,
              title: item.title.trim(),
              description: actionItemDescription(r, item),
              labelIds: [label],
            }));
          tickets.set(item.id, issue.identifier);
        } catch (error) {
          problems.push(`"${item.title}": ${errorMessage(error)}`);
        }
      }
    } catch (error) {
      problems.push(`No ticket was made: ${errorMessage(error)}`);
    }
    const latest = record(incidentId);
    const latestPm = requirePostMortem(latest);
    save({
      ...latest,
      postMortem: {
        ...latestPm,
        draft: {
          ...latestPm.draft,
          actionItems: latestPm.draft.actionItems.map((i) => {
            const ticket = tickets.get(i.id);
            return ticket ? { ...i, ticket } : i;
          }),
        },
        ticketProblems: problems,
      },
    });
  }

  function actionItemsView(): ActionItemsView {
    const now = clock.now();
    const records: PostMortemRecord[] = [];
    const items: ActionItemsView['items'] = [];
    for (const r of store.all()) {
      const pm = r.postMortem;
      if (!pm) continue;
      records.push({
        id: r.incidentId,
        incidentId: r.incidentId,
        title: r.incident.summary,
        publishedAt: pm.savedAt,
        actionItems: pm.draft.actionItems,
      });
      for (const item of pm.draft.actionItems) {
        const age = actionItemAge(item, now);
        if (!age.open) continue;
        items.push({
          incidentId: r.incidentId,
          postMortemTitle: r.incident.summary,
          item,
          ageLabel: age.label,
          ageDays: age.days,
        });
      }
    }
    const report = unshippedPattern(records, now);
    items.sort((a, b) => b.ageDays - a.ageDays);
    return {
      items,
      flagged: report.flagged.map((f) => ({
        incidentId: f.incidentId,
        title: f.title,
        reason: f.reason,
        message: f.message,
      })),
      escalate: report.escalate,
      message: report.message,
    };
  }

  // ------------------------------------------------------------------ handlers

  const handlers: HandlersFor<AftercareCommandName> = {
    'incidents:list': async () => view(),
    'incidents:get': async ({ incidentId }) => {
      const r = record(incidentId);
      const person = me();
      const openIds = new Set(feed().map((f) => f.incident.id));
      const { updates, error } = await updatesOf(incidentId);
      return {
        entry: entry(r, person, openIds),
        timeline: updates,
        timelineError: error,
        posts: r.posts,
        targets: targets(r.incident),
        integrations: integrationsView(),
        announcementChannel: deps.playbook().slack.announcementChannel,
      };
    },
    'updates:post': async ({ incidentId, status, message }) => {
      const r = record(incidentId);
      if (r.incident.status === 'resolved') {
        throw new IpcError(
          'conflict',
          `Incident ${incidentId} is resolved; it takes no more updates.`,
        );
      }
      const post = newPost(incidentId, status, message, false);
      return run(incidentId, post.id);
    },
    'updates:retry': async ({ incidentId, updateId }) => {
      const post = record(incidentId).posts.find((p) => p.id === updateId);
      if (!post)
        throw new IpcError('not-found', `No update '${updateId}' on incident '${incidentId}'.`);
      return run(incidentId, updateId);
    },
    'incidents:resolve': async ({ incidentId, message }) => resolve(incidentId, message),
    'incidents:announce': async ({ incidentId, text }) => {
      const r = record(incidentId);
      const channel = deps.playbook().slack.announcementChannel;
      const slack = deps.integrations().slack;
      let state: AnnouncementState;
      if (r.announcement?.status === 'sent') return r.announcement;
      if (!slack) {
        state = {
          channel,
          status: 'skipped',
          message: 'Slack is not connected (Settings).',
          at: iso(clock.now()),
        };
      } else {
        try {
          // chat.postMessage takes a channel name as well as an id.
          await slack.postMessage(channel, text);
          state = { channel, status: 'sent', at: iso(clock.now()) };
        } catch (error) {
          state = { channel, status: 'failed', message: errorMessage(error), at: iso(clock.now()) };
        }
      }
      save({ ...record(incidentId), announcement: state });
      changed();
      return state;
    },
    'emails:get': async ({ incidentId }) => emailView(record(incidentId)),
    'emails:save': async ({ incidentId, facts }) => {
      const r = record(incidentId);
      const next = { ...r, email: { facts, savedAt: iso(clock.now()) } };
      save(next);
      return emailView(next);
    },
    'emails:open-mail-client': async ({ incidentId, to, subject, body }) => {
      record(incidentId);
      let url: string;
      try {
        url = mailtoUrl({ to: splitAddresses(to), subject, body });
      } catch (error) {
        throw new IpcError('invalid-payload', errorMessage(error));
      }
      return { opened: await deps.openMailto(url) };
    },
    'emails:save-eml': async ({ incidentId, to, subject, body }) => {
      record(incidentId);
      const eml = emlFor({ to, subject, body });
      const path = await deps.saveFile(`${incidentId}-customer-email.eml`, eml);
      return { path };
    },
    'emails:mark-sent': async ({ incidentId }) => {
      const r = record(incidentId);
      const next = { ...r, emailSentAt: r.emailSentAt ?? iso(clock.now()) };
      save(next);
      changed();
      return emailView(next);
    },
    'postmortems:get': async ({ incidentId }) => postMortemView(record(incidentId)),
    'postmortems:save': async ({ incidentId, draft }) => {
      const problems = validateActionItems(draft.actionItems, deps.playbook(), {
        requireAtLeastOne: false,
      });
      if (problems.length > 0) {
        throw new IpcError('invalid-payload', problems.map((p) => p.message).join(' '));
      }
      const r = record(incidentId);
      // Tickets already made stay with their items even if the form sent an older copy.
      const known = new Map((r.postMortem?.draft.actionItems ?? []).map((i) => [i.id, i.ticket]));
      const actionItems = draft.actionItems.map((i) => {
        const ticket = i.ticket ?? known.get(i.id);
        return ticket ? { ...i, ticket } : i;
      });
      save({
        ...r,
        postMortem: {
          draft: { ...draft, actionItems },
          savedAt: iso(clock.now()),
          reviewRequest: r.postMortem?.reviewRequest ?? null,
          reviews: r.postMortem?.reviews ?? [],
          ticketProblems: r.postMortem?.ticketProblems ?? [],
        },
      });
      await ticketItems(incidentId);
      changed();
      return postMortemView(record(incidentId));
    },
    'postmortems:create-tickets': async ({ incidentId }) => {
      await ticketItems(incidentId);
      changed();
      return postMortemView(record(incidentId));
    },
    'postmortems:export': async ({ incidentId, markdown }) => {
      record(incidentId);
      return { path: await deps.saveFile(`${incidentId}-post-mortem.md`, markdown) };
    },
    'postmortems:request-review': async ({ incidentId, markdown }) => {
      const r = record(incidentId);
      const pm = requirePostMortem(r);
      const slack = deps.integrations().slack;
      const channel = targets(r.incident).slackChannel;
      const at = iso(clock.now());
      let state: AnnouncementState;
      if (!slack) {
        state = {
          channel: channel ?? '',
          status: 'skipped',
          message: 'Slack is not connected (Settings): export the Markdown and share it by hand.',
          at,
        };
      } else if (!channel) {
        state = {
          channel: '',
          status: 'skipped',
          message:
            'No Slack channel is known for this incident: export the Markdown and share it by hand.',
          at,
        };
      } else {
        try {
          await slack.postMessage(
            channel,
            `*Post-mortem draft for review: ${r.incident.summary}*\nPlease read it and reply here; the commander records each review.\n\n${markdown}`,
          );
          state = { channel, status: 'sent', at };
        } catch (error) {
          state = { channel, status: 'failed', message: errorMessage(error), at };
        }
      }
      save({ ...r, postMortem: { ...pm, reviewRequest: state } });
      changed();
      return postMortemView(record(incidentId));
    },
    'postmortems:record-review': async ({ incidentId, reviewer }) => {
      const r = record(incidentId);
      const pm = requirePostMortem(r);
      save({
        ...r,
        postMortem: {
          ...pm,
          reviews: [...pm.reviews, { reviewer: reviewer.trim(), at: iso(clock.now()) }],
        },
      });
      changed();
      return postMortemView(record(incidentId));
    },
    'postmortems:set-item-status': async ({ incidentId, itemId, status }) => {
      const r = record(incidentId);
      const pm = requirePostMortem(r);
      if (!pm.draft.actionItems.some((i) => i.id === itemId)) {
        throw new IpcError('not-found', `No action item '${itemId}' on incident '${incidentId}'.`);
      }
      const now = iso(clock.now());
      const closing = status === 'done' || status === 'closed' || status === 'wont-do';
      const actionItems = pm.draft.actionItems.map((i): ActionItem => {
        if (i.id !== itemId) return i;
        const { closedAt: _closed, ...rest } = i;
        return closing ? { ...rest, status, closedAt: i.closedAt ?? now } : { ...rest, status };
      });
      save({ ...r, postMortem: { ...pm, draft: { ...pm.draft, actionItems } } });
      changed();
      return postMortemView(record(incidentId));
    },
    'postmortems:action-items': async () => actionItemsView(),
  };

  return {
    handlers,
    start() {
      if (started) return;
      started = true;
      syncFromFeed();
      changed();
    },
    stop() {
      started = false;
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
    },
    refresh() {
      if (!started) return;
      try {
        syncFromFeed();
      } catch (error) {
        logger.error('aftercare: could not save the incidents seen', { error: String(error) });
      }
      changed();
    },
    view,
    onChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
