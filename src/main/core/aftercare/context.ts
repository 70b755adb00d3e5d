/**
 * What every aftercare module shares: the service's dependencies, the store, and the few steps
 * they all take (find an incident's record, save it so that nothing is done twice, say that the
 * console changed). `aftercare-service.ts` builds one context and hands it to each module.
 */
import { IpcError } from '../../../shared/contract.js';
import type { Declaration } from '../../../shared/declaration.js';
import type { AppState, Incident, Page, Person, Rotation } from '../../../shared/domain.js';
import type { Playbook } from '../../../shared/playbook.js';
import type { TemplateView, UpdateDestination } from '../../../shared/aftercare/views.js';
import { SKEW_JITTER_MS } from '../feeds/source-runtime.js';
import { errorMessage } from '../integrations/integration-error.js';
import type { LinearClient } from '../integrations/linear-client.js';
import type { PlatformChangesClient } from '../integrations/platform-changes-client.js';
import type { PlatformPagesClient } from '../integrations/platform-pages-client.js';
import type { PlatformUpdatesClient } from '../integrations/platform-updates-client.js';
import type { SlackClient } from '../integrations/slack-client.js';
import type { StatuspageClient } from '../integrations/statuspage-client.js';
import type { Clock, KeyValueStore, Logger, Notifier, TrayMenuItem } from '../ports.js';
import type { AftercareStore, IncidentRecord } from './aftercare-store.js';
import type { SaveFile } from './export-file.js';
import type { GitPublisher } from './post-mortem-publish.js';
import type { TemplateKind } from './template-files.js';
import { memoryStore, TimelineStore } from './timeline-store.js';

/** The integrations configured right now; absent ones make their deliveries `skipped`. */
export interface AftercareIntegrations {
  platform?: PlatformUpdatesClient;
  slack?: SlackClient;
  statuspage?: StatuspageClient;
  /** The client and the team (key or id) action items are ticketed in. */
  linear?: { client: LinearClient; team: string };
  /** Resolves the platform pages a declaration made. */
  pages?: PlatformPagesClient;
  /**
   * Resolves the PagerDuty incident a declaration opened, adds responders to it and raises its
   * urgency (a raised severity).
   */
  pagerduty?: {
    resolveIncident(incidentId: string, signal: AbortSignal): Promise<Page>;
    raiseUrgency?(incidentId: string, signal: AbortSignal): Promise<{ changed: boolean }>;
    addResponders?(
      incidentId: string,
      policyIds: readonly string[],
      message: string,
      signal: AbortSignal,
    ): Promise<void>;
  };
  /** Changes severity and roles on the platform, and sends the pages a raised severity adds. */
  changes?: PlatformChangesClient;
}

/** What a declaration made here knows about an incident (from the declare service). */
export interface DeclarationTargets {
  channelId?: string;
  statuspageIncidentId?: string;
  /** The platform pages the declaration made. */
  pageIds?: string[];
  /** The PagerDuty incident the declaration opened. */
  pagerdutyIncidentId?: string;
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
  /** The whole declaration that opened the incident here, if any (its timeline, its pages). */
  declaration?: (incidentId: string) => Declaration | undefined;
  /** The Zephyr source's rotations, who I am there and its clock skew (who a change pages). */
  rotations?: () => { rotations: Rotation[]; me: Person | undefined; skewMs: number } | undefined;
  /** The kept timeline (`state/timeline.json`); in memory when absent. */
  timelineStore?: KeyValueStore<unknown>;
  readTemplate: (kind: TemplateKind) => TemplateView;
  /** Opens a `mailto:` URL in the user's mail client; false when refused or impossible. */
  openMailto: (url: string) => Promise<boolean>;
  saveFile: SaveFile;
  /** Commits and pushes post-mortems to the platform repo checkout. */
  git?: GitPublisher;
  /** The platform repo checkout of Settings (asked at each use); empty when not set. */
  platformRepoPath?: () => string;
  /** Polls the feeds now (after a resolution, so the tray and the feed catch up at once). */
  refreshFeeds?: () => void;
  /** Receives the tray menu lines (clocks of open and resolved incidents) whenever they change. */
  onTrayItems?: (items: TrayMenuItem[]) => void;
  newId?: () => string;
}

/** The shared state and steps of the aftercare modules. */
export interface AftercareContext {
  readonly deps: AftercareDeps;
  readonly store: AftercareStore;
  /** The kept timeline. */
  readonly timeline: TimelineStore;
  /** The clock's time as an ISO timestamp. */
  nowIso(): string;
  /**
   * The time on source `sourceId`'s own clock (the laptop's corrected by the measured skew): the
   * incident clocks count in it, as the platform's times they start from do.
   */
  platformNow(sourceId: string): number;
  /**
   * The time of a timeline entry written now for incident `incidentId`: on its platform's clock,
   * and never before the incident's latest entry written here (or `notBefore`, one not kept yet)
   * when that one is less than `SKEW_JITTER_MS` ahead: the skew is measured to the second, so two
   * entries written a moment apart could otherwise swap.
   */
  entryTime(incidentId: string, notBefore?: string): string;
  /** The app's user, as the first feed that knows them says. */
  me(): Person | null;
  /** The open incidents of the feed. */
  feed(): { sourceId: string; incident: Incident }[];
  /** The incident's record (made from the feed when new); `not-found` when neither knows it. */
  record(incidentId: string): IncidentRecord;
  /** Saves a record; a failed save stops the action so nothing is done twice after a restart. */
  save(r: IncidentRecord): void;
  /** Sends reminders now due and publishes the console (after every change). */
  changed(): void;
}

/** Where a status update goes, in order. */
export const DESTINATIONS: readonly UpdateDestination[] = ['slack', 'statuspage', 'platform'];

/** `ms` as an ISO timestamp. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Same person: same id, or the same email (ignoring case). */
export function samePerson(a: Person | undefined | null, b: Person | undefined | null): boolean {
  if (!a || !b) return false;
  return a.id === b.id || (a.email !== '' && a.email.toLowerCase() === b.email.toLowerCase());
}

/** A record with nothing done yet. */
export function emptyRecord(incident: Incident, sourceId: string): IncidentRecord {
  return {
    incidentId: incident.id,
    sourceId,
    incident,
    posts: [],
    pageResolutions: [],
    changePages: [],
    pagerdutyResponders: [],
    severityChanges: [],
    changedAt: null,
    announcement: null,
    email: null,
    emailSentAt: null,
    postMortem: null,
  };
}

/** The context over `deps` and `store`; `changed` is what the service does after a change. */
export function createContext(
  deps: AftercareDeps,
  store: AftercareStore,
  changed: () => void,
): AftercareContext {
  const feed = () => deps.appState().incidents;
  const timeline = new TimelineStore(deps.timelineStore ?? memoryStore(), deps.logger);
  const platformNow = (sourceId: string) =>
    deps.clock.now() + (deps.appState().sources.find((s) => s.id === sourceId)?.skewMs ?? 0);
  return {
    deps,
    store,
    timeline,
    nowIso: () => iso(deps.clock.now()),
    platformNow,
    entryTime(incidentId, notBefore) {
      const now = platformNow(store.get(incidentId)?.sourceId ?? '');
      const last = Math.max(
        Date.parse(notBefore ?? '') || 0,
        ...timeline
          .forIncident(incidentId)
          .filter((e) => e.source === 'app')
          .map((e) => Date.parse(e.at)),
      );
      // Equal times keep the order they were written in (the timeline's sort is stable).
      return iso(last > now && last - now < SKEW_JITTER_MS ? last : now);
    },
    me() {
      for (const s of deps.appState().sources) if (s.me) return s.me;
      return null;
    },
    feed,
    record(incidentId) {
      const found = store.get(incidentId);
      if (found) return found;
      const live = feed().find((f) => f.incident.id === incidentId);
      if (live) {
        const fresh = emptyRecord(live.incident, live.sourceId);
        store.put(fresh);
        return fresh;
      }
      throw new IpcError('not-found', `No incident '${incidentId}' is open or tracked here.`);
    },
    save(r) {
      try {
        store.put(r);
      } catch (error) {
        throw new IpcError(
          'handler-failed',
          `Could not save the incident's aftercare state (${errorMessage(error)}): stopped so that nothing is posted twice.`,
        );
      }
    },
    changed,
  };
}
