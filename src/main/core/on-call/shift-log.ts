/**
 * The shift log: the pages that rang for me (when they were triggered and acknowledged) and the
 * free-text notes I write during the shift, persisted in one `KeyValueStore` (`shift-log`), so the
 * hand-off brief survives a restart. Entries older than `KEEP_MS` are dropped on each write.
 */
import type { PageView } from '../../../shared/domain.js';
import type { HandoffNote } from '../../../shared/handoff.js';
import type { Clock, KeyValueStore, Logger } from '../ports.js';

/** The store's name under the state directory. */
export const SHIFT_LOG_STORE = 'shift-log';

/** How long entries and notes are kept. */
export const KEEP_MS = 14 * 24 * 60 * 60 * 1000;

/** One page that rang for me. */
export interface ShiftLogPage {
  key: string;
  title: string;
  triggeredAt: string;
  acknowledgedAt: string | null;
}

/** What the store holds. */
export interface ShiftLogSnapshot {
  version: 1;
  pages: ShiftLogPage[];
  notes: HandoffNote[];
  /** Shifts whose end was already notified (`rotationId:level:end`). */
  endsNotified: string[];
}

const empty = (): ShiftLogSnapshot => ({ version: 1, pages: [], notes: [], endsNotified: [] });

function isSnapshot(v: unknown): v is ShiftLogSnapshot {
  const s = v as Partial<ShiftLogSnapshot> | undefined;
  return (
    typeof s === 'object' &&
    s !== null &&
    Array.isArray(s.pages) &&
    Array.isArray(s.notes) &&
    Array.isArray(s.endsNotified)
  );
}

/** The persisted log of pages rung and acknowledged, and my notes. */
export class ShiftLog {
  private data: ShiftLogSnapshot;
  private nextNote = 0;

  constructor(
    private readonly store: KeyValueStore<ShiftLogSnapshot>,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    let stored: unknown;
    try {
      stored = store.read();
    } catch (error) {
      logger.error('shift log unreadable; starting empty', { error: String(error) });
    }
    this.data = isSnapshot(stored) ? stored : empty();
  }

  /** A copy of everything logged. */
  snapshot(): ShiftLogSnapshot {
    return structuredClone(this.data);
  }

  /**
   * Records pages that ring for me (test pages left out) and the acknowledgement of pages already
   * logged. Returns true when something changed (and was saved).
   */
  observe(pages: readonly PageView[]): boolean {
    let changed = false;
    for (const view of pages) {
      const { page } = view;
      if (page.test) continue;
      const entry = this.data.pages.find((p) => p.key === view.key);
      if (!entry) {
        if (!view.ringing) continue;
        this.data.pages.push({
          key: view.key,
          title: page.title,
          triggeredAt: page.createdAt,
          acknowledgedAt: null,
        });
        changed = true;
      } else if (entry.acknowledgedAt === null && page.status !== 'triggered') {
        entry.acknowledgedAt = page.acknowledgedAt ?? page.updatedAt;
        changed = true;
      } else if (entry.triggeredAt !== page.createdAt && view.ringing) {
        // A re-trigger is a new page to answer.
        entry.triggeredAt = page.createdAt;
        entry.acknowledgedAt = null;
        changed = true;
      }
    }
    if (changed) this.save();
    return changed;
  }

  /** Adds a note; answers it. */
  addNote(text: string): HandoffNote {
    const at = new Date(this.clock.now()).toISOString();
    const note = {
      id: `${this.clock.now().toString(36)}-${(this.nextNote++).toString(36)}`,
      text,
      at,
    };
    this.data.notes.push(note);
    this.save();
    return note;
  }

  /** Deletes one note (unknown ids are ignored); `undefined` deletes them all. */
  deleteNote(id: string | undefined): void {
    this.data.notes = id === undefined ? [] : this.data.notes.filter((n) => n.id !== id);
    this.save();
  }

  /** Marks a shift end as notified; false when it already was. */
  markEndNotified(shiftKey: string): boolean {
    if (this.data.endsNotified.includes(shiftKey)) return false;
    this.data.endsNotified = [...this.data.endsNotified.slice(-49), shiftKey];
    this.save();
    return true;
  }

  private save(): void {
    const cutoff = this.clock.now() - KEEP_MS;
    this.data.pages = this.data.pages.filter((p) => Date.parse(p.triggeredAt) >= cutoff);
    this.data.notes = this.data.notes.filter((n) => Date.parse(n.at) >= cutoff);
    try {
      this.store.write(this.data);
    } catch (error) {
      this.logger.error('shift log could not be saved', { error: String(error) });
    }
  }
}
