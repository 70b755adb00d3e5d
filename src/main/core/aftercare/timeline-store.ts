/**
 * The incident timeline this app keeps (`state/timeline.json`): every action taken from here on
 * an incident, with its time and who did it. The platform's incident updates carry only a status
 * and a message (no event kind, see the platform spec), so actions live here and are merged with
 * the platform's updates when the console asks (`timeline.ts`). Recording an entry again (same
 * id) replaces it; a damaged entry is dropped with a log line naming it, the others are kept (a
 * damaged file is moved aside by the file store before this reads it).
 */
import { TimelineEntry } from '../../../shared/aftercare/timeline.js';
import type { KeyValueStore, Logger } from '../ports.js';

/** Name of the timeline store under the data directory's `state/`. */
export const TIMELINE_STORE = 'timeline';

/** Entries kept at most (the oldest go first). */
const MAX_ENTRIES = 5000;

/** What the file holds. */
interface TimelineData {
  version: 1;
  entries: TimelineEntry[];
}

/** A store that lives in memory only (when no file store is given, e.g. in tests). */
export function memoryStore(): KeyValueStore<unknown> {
  let value: unknown;
  return {
    read: () => value,
    write: (v) => {
      value = structuredClone(v);
    },
  };
}

/** The kept timeline, with parse-on-read and write-through. */
export class TimelineStore {
  private data: TimelineData;

  constructor(
    private readonly store: KeyValueStore<unknown>,
    private readonly logger: Logger,
  ) {
    this.data = this.load();
  }

  private load(): TimelineData {
    let raw: unknown;
    try {
      raw = this.store.read();
    } catch (error) {
      this.logger.error('timeline unreadable; starting empty', { error: String(error) });
      return { version: 1, entries: [] };
    }
    const list = (raw as { entries?: unknown } | undefined)?.entries;
    const entries: TimelineEntry[] = [];
    for (const [i, item] of (Array.isArray(list) ? list : []).entries()) {
      const parsed = TimelineEntry.safeParse(item);
      if (parsed.success) entries.push(parsed.data);
      else
        this.logger.error('timeline: dropped a damaged entry', {
          index: i,
          problem: parsed.error.issues[0]?.message,
        });
    }
    return { version: 1, entries };
  }

  /** The entries of `incidentId`, in the order they were first recorded. */
  forIncident(incidentId: string): TimelineEntry[] {
    return this.data.entries.filter((e) => e.incidentId === incidentId);
  }

  /**
   * Records `entries` (an entry whose id is known replaces it) and saves once, only when
   * something changed. Throws when the save fails.
   */
  record(entries: readonly TimelineEntry[]): void {
    let changed = false;
    for (const entry of entries) {
      const i = this.data.entries.findIndex((e) => e.id === entry.id);
      const existing = i >= 0 ? this.data.entries[i] : undefined;
      if (existing && JSON.stringify(existing) === JSON.stringify(entry)) continue;
      if (i >= 0) this.data.entries[i] = entry;
      else this.data.entries.push(entry);
      changed = true;
    }
    if (!changed) return;
    this.data.entries = this.data.entries.slice(-MAX_ENTRIES);
    this.store.write(this.data);
  }
}
