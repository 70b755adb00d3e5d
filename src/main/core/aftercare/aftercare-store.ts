/**
 * What aftercare keeps across restarts, in one store: per incident the last known incident record,
 * every status update posted from here with its state at each destination, the announcement, the
 * customer-email draft and the post-mortem; plus the ids of reminders already sent, so none is
 * sent twice. A damaged record is dropped with a log line naming it; the others are kept.
 */
import { z } from 'zod';
import { Incident, Timestamp } from '../../../shared/domain.js';
import {
  AnnouncementState,
  EmailFactsInput,
  PageResolution,
  PostMortemInput,
  PublishedPostMortem,
  ReviewRecord,
  UpdatePost,
} from '../../../shared/aftercare/views.js';
import { ChangePage, SeverityChange } from '../../../shared/aftercare/timeline.js';
import type { KeyValueStore, Logger } from '../ports.js';

/** Name of the aftercare store under the data directory. */
export const AFTERCARE_STORE = 'aftercare';

/** How many sent-reminder ids are kept (oldest dropped first); ids carry their due time. */
const MAX_SENT_REMINDERS = 2000;

/** Everything aftercare knows about one incident. */
export const IncidentRecord = z.object({
  incidentId: z.string().min(1),
  sourceId: z.string(),
  /** The last incident record seen (feed, platform or our own resolution). */
  incident: Incident,
  posts: z.array(UpdatePost),
  /** The declaration's pages and their resolution (absent in records saved before). */
  pageResolutions: z.array(PageResolution).default([]),
  /** Pages sent by severity changes made here (resolved with the incident). */
  changePages: z.array(ChangePage).default([]),
  /** PagerDuty escalation policies a severity change added as responders. */
  pagerdutyResponders: z.array(z.string()).default([]),
  /** Severity changes made here, each with its follow-ups (Slack, topic, status page, urgency). */
  severityChanges: z.array(SeverityChange).default([]),
  /** When a severity or role was last changed from here (the feed may lag behind it a while). */
  changedAt: Timestamp.nullable().default(null),
  announcement: AnnouncementState.nullable(),
  email: z.object({ facts: EmailFactsInput, savedAt: Timestamp }).nullable(),
  emailSentAt: Timestamp.nullable(),
  postMortem: z
    .object({
      draft: PostMortemInput,
      savedAt: Timestamp,
      reviewRequest: AnnouncementState.nullable(),
      reviews: z.array(ReviewRecord),
      ticketProblems: z.array(z.string()),
      published: PublishedPostMortem.nullable().default(null),
    })
    .nullable(),
});
export type IncidentRecord = z.infer<typeof IncidentRecord>;

/** The whole store. */
export interface AftercareData {
  version: 1;
  incidents: IncidentRecord[];
  sentReminders: string[];
}

/** The store with parse-on-read and write-through. */
export class AftercareStore {
  private data: AftercareData;

  constructor(
    private readonly store: KeyValueStore<unknown>,
    private readonly logger: Logger,
  ) {
    this.data = this.load();
  }

  private load(): AftercareData {
    let raw: unknown;
    try {
      raw = this.store.read();
    } catch (error) {
      this.logger.error(
        'aftercare store unreadable; starting empty (the file is left as it is until the next change)',
        {
          error: String(error),
        },
      );
      return { version: 1, incidents: [], sentReminders: [] };
    }
    const obj = (raw ?? {}) as { incidents?: unknown; sentReminders?: unknown };
    const incidents: IncidentRecord[] = [];
    for (const [i, item] of (Array.isArray(obj.incidents) ? obj.incidents : []).entries()) {
      const parsed = IncidentRecord.safeParse(item);
      if (parsed.success) incidents.push(parsed.data);
      else
        this.logger.error('aftercare store: dropped a damaged incident record', {
          index: i,
          problem: parsed.error.issues[0]?.message,
        });
    }
    const sent = Array.isArray(obj.sentReminders)
      ? obj.sentReminders.filter((s): s is string => typeof s === 'string')
      : [];
    return { version: 1, incidents, sentReminders: sent };
  }

  /** Every record. */
  all(): readonly IncidentRecord[] {
    return this.data.incidents;
  }

  /** The record of `incidentId`, if any. */
  get(incidentId: string): IncidentRecord | undefined {
    return this.data.incidents.find((r) => r.incidentId === incidentId);
  }

  /** Inserts or replaces `record` and saves. Throws when the save fails. */
  put(record: IncidentRecord): void {
    const i = this.data.incidents.findIndex((r) => r.incidentId === record.incidentId);
    if (i >= 0) this.data.incidents[i] = record;
    else this.data.incidents.push(record);
    this.save();
  }

  /** The reminder ids already sent. */
  sentReminders(): ReadonlySet<string> {
    return new Set(this.data.sentReminders);
  }

  /** Remembers `ids` as sent and saves. */
  markSent(ids: readonly string[]): void {
    if (ids.length === 0) return;
    this.data.sentReminders = [...this.data.sentReminders, ...ids].slice(-MAX_SENT_REMINDERS);
    this.save();
  }

  private save(): void {
    this.store.write(this.data);
  }
}
