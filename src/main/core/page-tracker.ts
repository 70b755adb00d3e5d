/**
 * Decides what rings. Source-agnostic: pages are keyed `${sourceId}:${pageId}`.
 *
 * A `triggered` page rings while I am its target, or was notified by an earlier step of its
 * escalation, until it is acknowledged (by me, here or elsewhere) or resolved. Once it ended it
 * never rings again (across polls and restarts: the state is persisted) unless its source
 * re-triggers it: `triggered` again with an `updatedAt` newer than when it ended. A page that
 * leaves the open feed stops ringing on that poll. After a restart, a page that was ringing rings
 * again at once, before the first poll answers. When I am `nextTarget` of someone else's triggered
 * page, it is a heads-up.
 */
import type { Page, Person } from '../../shared/domain.js';
import type { Clock, KeyValueStore, Logger } from './ports.js';

/** One page as the tracker sees it. */
export interface TrackedPage {
  key: string;
  sourceId: string;
  page: Page;
  ringing: boolean;
  headsUp: boolean;
}

interface Entry {
  sourceId: string;
  page: Page;
  /** In the source's open feed as of its last poll. */
  open: boolean;
  /** `updatedAt` of the version that ended it (acknowledged, resolved or gone). */
  endedAt?: string;
  /** I acknowledged it here; `pending` until the platform confirmed. */
  localAck?: 'pending' | 'confirmed';
  headsUpNotified?: boolean;
  seenAt: number;
}

/** What the tracker persists. */
export interface TrackerSnapshot {
  version: 1;
  me: Record<string, Person>;
  entries: Record<string, Entry>;
}

const FORGET_AFTER_MS = 7 * 24 * 3600_000;

/** The key of a page across sources. */
export function pageKey(sourceId: string, pageId: string): string {
  return `${sourceId}:${pageId}`;
}

/** True when `me` is paged by `page` now: its target, or notified by an earlier step. */
export function involvesMe(page: Page, me: Person): boolean {
  if (page.target.id === me.id) return true;
  return page.escalation.steps.some((s) => s.person?.id === me.id && s.notifiedAt !== undefined);
}

const newer = (a: string, b: string): boolean => Date.parse(a) > Date.parse(b);

/** See the module comment. Every change is written to the store at once. */
export class PageTracker {
  private snapshot: TrackerSnapshot = { version: 1, me: {}, entries: {} };

  constructor(
    private readonly deps: { store: KeyValueStore<TrackerSnapshot>; clock: Clock; logger: Logger },
  ) {
    try {
      const stored = deps.store.read();
      if (stored && stored.version === 1) this.snapshot = stored;
    } catch (error) {
      deps.logger.error('page tracker state unreadable; starting afresh (open pages ring again)', {
        error: String(error),
      });
    }
  }

  /** Records who I am at `sourceId` (persisted, so a restart without network still rings). */
  setMe(sourceId: string, me: Person): void {
    const known = this.snapshot.me[sourceId];
    if (known && known.id === me.id && known.name === me.name) return;
    this.snapshot.me[sourceId] = me;
    this.save();
  }

  /** Who I am at `sourceId`, if known. */
  me(sourceId: string): Person | undefined {
    return this.snapshot.me[sourceId];
  }

  /** Applies one poll's open pages of `sourceId` (the whole open feed, replacing the last one). */
  applyFeed(sourceId: string, pages: Page[]): void {
    const now = this.deps.clock.now();
    const seen = new Set<string>();
    for (const page of pages) {
      const key = pageKey(sourceId, page.id);
      seen.add(key);
      const entry = this.snapshot.entries[key];
      if (!entry) {
        this.snapshot.entries[key] = { sourceId, page, open: true, seenAt: now };
      } else {
        entry.page = page;
        entry.open = true;
        entry.seenAt = now;
      }
      const current = this.snapshot.entries[key] as Entry;
      if (page.status === 'triggered') {
        if (current.endedAt !== undefined && newer(page.updatedAt, current.endedAt)) {
          // Re-triggered by its source: a new trigger, which rings again.
          delete current.endedAt;
          delete current.localAck;
          delete current.headsUpNotified;
        }
      } else if (current.endedAt === undefined || newer(page.updatedAt, current.endedAt)) {
        current.endedAt = page.updatedAt;
      }
    }
    for (const [key, entry] of Object.entries(this.snapshot.entries)) {
      if (entry.sourceId !== sourceId || seen.has(key)) continue;
      if (entry.open) {
        entry.open = false;
        if (entry.endedAt === undefined) entry.endedAt = entry.page.updatedAt;
      } else if (now - entry.seenAt > FORGET_AFTER_MS) {
        delete this.snapshot.entries[key];
      }
    }
    this.save();
  }

  /** I pressed Acknowledge: the page stops ringing while the acknowledgement is on its way. */
  markAcknowledging(key: string): void {
    const entry = this.snapshot.entries[key];
    if (!entry) return;
    entry.localAck = 'pending';
    this.save();
  }

  /** The platform confirmed my acknowledgement with `page` (its acknowledged version). */
  ackConfirmed(key: string, page: Page): void {
    const entry = this.snapshot.entries[key];
    if (!entry) return;
    entry.localAck = 'confirmed';
    if (!newer(entry.page.updatedAt, page.updatedAt)) entry.page = page;
    if (entry.endedAt === undefined || newer(page.updatedAt, entry.endedAt)) {
      entry.endedAt = page.updatedAt;
    }
    this.save();
  }

  /** The page was resolved or removed before my acknowledgement (404/409): it is over. */
  ackEnded(key: string): void {
    const entry = this.snapshot.entries[key];
    if (!entry) return;
    delete entry.localAck;
    entry.endedAt ??= entry.page.updatedAt;
    this.save();
  }

  /** My acknowledgement failed for good (not 404/409): the page rings again if still triggered. */
  ackFailed(key: string): void {
    const entry = this.snapshot.entries[key];
    if (!entry) return;
    delete entry.localAck;
    this.save();
  }

  /** The page with `key`, whether open or not. */
  get(key: string): TrackedPage | undefined {
    const entry = this.snapshot.entries[key];
    return entry ? this.toView(key, entry) : undefined;
  }

  /** Open pages of every source, oldest first. */
  pages(): TrackedPage[] {
    return Object.entries(this.snapshot.entries)
      .filter(([, e]) => e.open)
      .map(([key, e]) => this.toView(key, e))
      .sort((a, b) => Date.parse(a.page.createdAt) - Date.parse(b.page.createdAt));
  }

  /** Keys of the pages that ring now. */
  ringingKeys(): string[] {
    return this.pages()
      .filter((p) => p.ringing)
      .map((p) => p.key);
  }

  /** Heads-ups not yet announced; each is returned once per trigger (persisted). */
  takeNewHeadsUps(): TrackedPage[] {
    const fresh = this.pages().filter(
      (p) => p.headsUp && !this.snapshot.entries[p.key]?.headsUpNotified,
    );
    for (const p of fresh) (this.snapshot.entries[p.key] as Entry).headsUpNotified = true;
    if (fresh.length > 0) this.save();
    return fresh;
  }

  private toView(key: string, entry: Entry): TrackedPage {
    const me = this.snapshot.me[entry.sourceId];
    const { page } = entry;
    const live =
      entry.open &&
      page.status === 'triggered' &&
      entry.endedAt === undefined &&
      entry.localAck === undefined;
    const mine = me !== undefined && involvesMe(page, me);
    return {
      key,
      sourceId: entry.sourceId,
      page,
      // A low-urgency page (PagerDuty) is shown quietly: it never rings.
      ringing: live && mine && page.urgency !== 'low',
      headsUp: live && !mine && me !== undefined && page.escalation.nextTarget?.id === me.id,
    };
  }

  private save(): void {
    try {
      this.deps.store.write(this.snapshot);
    } catch (error) {
      this.deps.logger.error('could not save page tracker state', { error: String(error) });
    }
  }
}
