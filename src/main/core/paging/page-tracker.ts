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
 *
 * Persistence is kept to what decides ringing: the full page is stored only while it rings, is a
 * heads-up or is being acknowledged (so a restart shows it before the first poll); for my other
 * pages only their ring state (`updatedAt`, `endedAt`, acknowledgement) is stored, and pages that
 * never concerned me not at all: they reappear with the first poll. The store is written only when
 * that state changed, so a big, quiet feed costs no disk writes.
 */
import type { Page, Person } from '../../../shared/domain.js';
import type { Clock, KeyValueStore, Logger } from '../ports.js';

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
  /** `page.updatedAt`, kept when a stored entry has no page (see the module comment). */
  updatedAt: string;
  /** In the source's open feed as of its last poll. */
  open: boolean;
  /** `updatedAt` of the version that ended it (acknowledged, resolved or gone). */
  endedAt?: string;
  /** I acknowledged it here; `pending` until the platform confirmed. */
  localAck?: 'pending' | 'confirmed';
  headsUpNotified?: boolean;
  seenAt: number;
}

/** An entry as stored: the page only while it rings or is a heads-up. */
type StoredEntry = Omit<Entry, 'page'> & { page?: Page };

/** What the tracker persists. */
export interface TrackerSnapshot {
  version: 1;
  me: Record<string, Person>;
  entries: Record<string, StoredEntry>;
}

interface State {
  me: Record<string, Person>;
  entries: Map<string, Entry>;
  /** Entries known from the store without their page: they rejoin with the next poll. */
  dormant: Map<string, StoredEntry>;
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

/**
 * True when `page` is triggered again only because its chain moved on to someone else (an
 * "Escalate now" after it was acknowledged): not a new trigger for me, so it does not ring me.
 */
function escalatedAway(before: Page | undefined, page: Page, me: Person | undefined): boolean {
  return (
    before !== undefined &&
    page.escalation.step > before.escalation.step &&
    me !== undefined &&
    page.target.id !== me.id
  );
}

// Equal strings first: in a steady feed most comparisons are of a version with itself.
const newer = (a: string, b: string): boolean => a !== b && Date.parse(a) > Date.parse(b);

/** See the module comment. Every change is written to the store at once. */
export class PageTracker {
  private snapshot: State = { me: {}, entries: new Map(), dormant: new Map() };
  /** `pages()` until the next change; a 10,000-page feed is walked once per change, not per call. */
  private cached: TrackedPage[] | undefined;
  /** Parsing 10,000 `createdAt`s for every sort costs more than the sort: each entry parses once. */
  private readonly createdAtMs = new WeakMap<Page, number>();

  constructor(
    private readonly deps: { store: KeyValueStore<TrackerSnapshot>; clock: Clock; logger: Logger },
  ) {
    try {
      const stored = deps.store.read();
      if (stored && stored.version === 1) {
        for (const [key, e] of Object.entries(stored.entries)) {
          const updatedAt = e.updatedAt ?? e.page?.updatedAt;
          if (!updatedAt) continue;
          if (e.page) this.snapshot.entries.set(key, { ...e, page: e.page, updatedAt });
          else this.snapshot.dormant.set(key, { ...e, updatedAt, open: false });
        }
        this.snapshot.me = stored.me;
      }
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
    let dirty = false;
    for (const page of pages) {
      const key = pageKey(sourceId, page.id);
      seen.add(key);
      let entry = this.snapshot.entries.get(key);
      const before = entry?.page;
      if (!entry) {
        const dormant = this.snapshot.dormant.get(key);
        this.snapshot.dormant.delete(key);
        entry = { ...dormant, sourceId, page, updatedAt: page.updatedAt, open: true, seenAt: now };
        this.snapshot.entries.set(key, entry);
        dirty = true;
      } else {
        // What decides ringing: status, version and escalation step (who has been paged).
        if (
          !entry.open ||
          entry.updatedAt !== page.updatedAt ||
          entry.page.status !== page.status ||
          entry.page.escalation.step !== page.escalation.step
        ) {
          dirty = true;
        }
        entry.page = page;
        entry.updatedAt = page.updatedAt;
        entry.open = true;
      }
      if (page.status === 'triggered') {
        if (
          entry.endedAt !== undefined &&
          newer(page.updatedAt, entry.endedAt) &&
          escalatedAway(before, page, this.snapshot.me[sourceId])
        ) {
          // Still over for me: this version too, so the next poll does not take it as new.
          entry.endedAt = page.updatedAt;
          dirty = true;
        } else if (entry.endedAt !== undefined && newer(page.updatedAt, entry.endedAt)) {
          // Re-triggered by its source: a new trigger, which rings again.
          delete entry.endedAt;
          delete entry.localAck;
          delete entry.headsUpNotified;
          dirty = true;
        }
      } else if (entry.endedAt === undefined || newer(page.updatedAt, entry.endedAt)) {
        entry.endedAt = page.updatedAt;
        dirty = true;
      }
    }
    for (const [key, entry] of this.snapshot.entries) {
      if (entry.sourceId !== sourceId || seen.has(key)) continue;
      if (entry.open) {
        entry.open = false;
        entry.seenAt = now;
        if (entry.endedAt === undefined) entry.endedAt = entry.page.updatedAt;
        dirty = true;
      } else if (now - entry.seenAt > FORGET_AFTER_MS) {
        this.snapshot.entries.delete(key);
        dirty = true;
      }
    }
    for (const [key, entry] of this.snapshot.dormant) {
      if (entry.sourceId === sourceId && !seen.has(key) && now - entry.seenAt > FORGET_AFTER_MS) {
        this.snapshot.dormant.delete(key);
        dirty = true;
      }
    }
    this.cached = undefined;
    if (dirty) this.save();
  }

  /** I pressed Acknowledge: the page stops ringing while the acknowledgement is on its way. */
  markAcknowledging(key: string): void {
    const entry = this.snapshot.entries.get(key);
    if (!entry) return;
    entry.localAck = 'pending';
    this.save();
  }

  /** The platform confirmed my acknowledgement with `page` (its acknowledged version). */
  ackConfirmed(key: string, page: Page): void {
    const entry = this.snapshot.entries.get(key);
    if (!entry) return;
    entry.localAck = 'confirmed';
    if (!newer(entry.page.updatedAt, page.updatedAt)) {
      entry.page = page;
      entry.updatedAt = page.updatedAt;
    }
    if (entry.endedAt === undefined || newer(page.updatedAt, entry.endedAt)) {
      entry.endedAt = page.updatedAt;
    }
    this.save();
  }

  /** The page was resolved or removed before my acknowledgement (404/409): it is over. */
  ackEnded(key: string): void {
    const entry = this.snapshot.entries.get(key);
    if (!entry) return;
    delete entry.localAck;
    entry.endedAt ??= entry.page.updatedAt;
    this.save();
  }

  /** My acknowledgement failed for good (not 404/409): the page rings again if still triggered. */
  ackFailed(key: string): void {
    const entry = this.snapshot.entries.get(key);
    if (!entry) return;
    delete entry.localAck;
    this.save();
  }

  /** Keys of the pages I marked "acknowledging" that no answer has settled yet. */
  acknowledgingKeys(): string[] {
    return [...this.snapshot.entries]
      .filter(([, e]) => e.localAck === 'pending')
      .map(([key]) => key);
  }

  /** The page with `key`, whether open or not. */
  get(key: string): TrackedPage | undefined {
    const entry = this.snapshot.entries.get(key);
    return entry ? this.toView(key, entry) : undefined;
  }

  /** Open pages of every source, oldest first. */
  pages(): TrackedPage[] {
    this.cached ??= [...this.snapshot.entries]
      .filter(([, e]) => e.open)
      .map(([key, e]) => ({ view: this.toView(key, e), at: this.createdAt(e.page) }))
      .sort((a, b) => a.at - b.at)
      .map(({ view }) => view);
    return this.cached;
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
      (p) => p.headsUp && !this.snapshot.entries.get(p.key)?.headsUpNotified,
    );
    for (const p of fresh) (this.snapshot.entries.get(p.key) as Entry).headsUpNotified = true;
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

  private createdAt(page: Page): number {
    let ms = this.createdAtMs.get(page);
    if (ms === undefined) {
      ms = Date.parse(page.createdAt);
      this.createdAtMs.set(page, ms);
    }
    return ms;
  }

  private save(): void {
    this.cached = undefined;
    const entries: Record<string, StoredEntry> = Object.fromEntries(this.snapshot.dormant);
    for (const [key, entry] of this.snapshot.entries) {
      const view = this.toView(key, entry);
      // Pages I must see at once after a restart: ringing, heads-up, or being acknowledged.
      if (view.ringing || view.headsUp || entry.localAck === 'pending') {
        entries[key] = entry;
        continue;
      }
      // Otherwise only what stops a page of mine from ringing twice; a page that never concerned
      // me has nothing to remember (it comes back with the first poll).
      const me = this.snapshot.me[entry.sourceId];
      const concernsMe =
        (me !== undefined && involvesMe(entry.page, me)) ||
        entry.localAck !== undefined ||
        entry.headsUpNotified === true;
      if (concernsMe) {
        const { page: _page, ...rest } = entry;
        entries[key] = rest;
      }
    }
    try {
      this.deps.store.write({ version: 1, me: this.snapshot.me, entries });
    } catch (error) {
      this.deps.logger.error('could not save page tracker state', { error: String(error) });
    }
  }
}
