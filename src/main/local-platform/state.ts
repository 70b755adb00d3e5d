/**
 * The local platform's whole state as one JSON document: what `state-file.ts` persists and what
 * `PlatformEngine` works on. Parsed with zod on load, so a hand-edited or truncated file is
 * rejected with a message naming the field instead of being half-used.
 */
import { z } from 'zod';
import { Incident, IncidentUpdate, Page, Person, RotationKind } from '../../shared/domain.js';

/** A person of the roster with the bearer token that authenticates them. */
export const StoredPerson = Person.extend({ token: z.string().min(1) });
export type StoredPerson = z.infer<typeof StoredPerson>;

/** A shift set through the control API: a person (by id) at a level between two times. */
export const StoredShift = z.object({
  personId: z.string().min(1),
  level: z.number().int().min(1),
  start: z.string(),
  end: z.string(),
});
export type StoredShift = z.infer<typeof StoredShift>;

/**
 * A rotation as stored: its members ordered by level (index 0 is level 1). `shifts`, when set
 * (control API), replaces the rolling sample week: the feed sends exactly them, and a page to the
 * rotation reaches whoever holds them at that moment.
 */
export const StoredRotation = z.object({
  id: z.string().min(1),
  name: z.string(),
  kind: RotationKind,
  service: z.string().optional(),
  members: z.array(z.string().min(1)),
  shifts: z.array(StoredShift).optional(),
});
export type StoredRotation = z.infer<typeof StoredRotation>;

/** One entry of the notification log: who was paged for which page at which escalation step. */
export const NotificationRecord = z.object({
  pageId: z.string(),
  personId: z.string(),
  step: z.number().int().min(0),
  role: z.string(),
  at: z.string(),
  reason: z.enum(['triggered', 'escalated', 'retriggered']),
});
export type NotificationRecord = z.infer<typeof NotificationRecord>;

/** A remembered answer to a `POST` carrying an `Idempotency-Key`. */
export const IdempotencyRecord = z.object({
  scope: z.string(),
  key: z.string(),
  atMs: z.number(),
  status: z.number().int(),
  body: z.unknown(),
});
export type IdempotencyRecord = z.infer<typeof IdempotencyRecord>;

/** The persisted state of the local platform. */
export const PlatformState = z.object({
  version: z.literal(1),
  /** Milliseconds the control API has moved the platform clock ahead of real time. */
  clockOffsetMs: z.number(),
  /** Bumped on every change to any page: the long-poll cursor. */
  pagesVersion: z.number().int().min(0),
  counters: z.object({
    page: z.number().int().min(0),
    incident: z.number().int().min(0),
    update: z.number().int().min(0),
  }),
  /** Id of the person who is the app's user. */
  userId: z.string().min(1),
  people: z.array(StoredPerson).min(1),
  rotations: z.array(StoredRotation),
  pages: z.array(Page),
  incidents: z.array(Incident),
  updates: z.array(IncidentUpdate),
  notifications: z.array(NotificationRecord),
  /** Acknowledge requests processed per page id (repeats counted, idempotent replays not). */
  acknowledgements: z.record(z.string(), z.number().int().min(0)),
  idempotency: z.array(IdempotencyRecord),
});
export type PlatformState = z.infer<typeof PlatformState>;

/** The wire `Person` of a stored person (the token never leaves through the API). */
export function publicPerson(p: StoredPerson): Person {
  const { token: _token, ...person } = p;
  return person;
}
