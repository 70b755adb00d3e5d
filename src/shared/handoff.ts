/**
 * The hand-off brief as main sends it to the renderer: what the next on-call person needs (open
 * pages, incidents in progress, the pages of my shift with their time to acknowledge, my notes).
 * Runs anywhere: no Node, no DOM, no Electron.
 */
import { z } from 'zod';
import { Timestamp } from './domain.js';

/** One free-text note written during the shift. */
export const HandoffNote = z.object({ id: z.string(), text: z.string(), at: Timestamp });
export type HandoffNote = z.infer<typeof HandoffNote>;

/** The hand-off brief, built by `core/on-call/handoff.ts` (pure). */
export const HandoffBrief = z.object({
  generatedAt: Timestamp,
  from: z.string().nullable(),
  /** The shift the brief covers (now, or the one that just ended). */
  shift: z.object({ rotations: z.array(z.string()), start: Timestamp, end: Timestamp }).nullable(),
  nextOnCall: z.array(
    z.object({ rotation: z.string(), name: z.string(), slackUserId: z.string().optional() }),
  ),
  openPages: z.array(
    z.object({
      key: z.string(),
      title: z.string(),
      status: z.enum(['triggered', 'acknowledged']),
      since: Timestamp,
      acknowledgedBy: z.string().optional(),
    }),
  ),
  incidents: z.array(
    z.object({
      id: z.string(),
      summary: z.string(),
      severity: z.number().int(),
      status: z.string(),
      nextUpdateDueAt: Timestamp.nullable(),
      channel: z.string().optional(),
    }),
  ),
  shiftPages: z.array(
    z.object({
      title: z.string(),
      triggeredAt: Timestamp,
      acknowledgedAt: Timestamp.nullable(),
      /** Seconds from the page to its acknowledgement; `null` while unacknowledged. */
      ackSeconds: z.number().nullable(),
    }),
  ),
  notes: z.array(HandoffNote),
});
export type HandoffBrief = z.infer<typeof HandoffBrief>;

/** What the hand-off view shows: the brief, its text and where it can be posted. */
export const HandoffView = z.object({
  brief: HandoffBrief,
  /** The brief as plain text (what Copy and Post send). */
  text: z.string(),
  /** The playbook's `handoff.slackChannel`, or `null` when none is configured. */
  slackChannel: z.string().nullable(),
  slackConnected: z.boolean(),
  /** When my last shift ended (the end-of-shift notification was sent), or `null`. */
  shiftEndedAt: Timestamp.nullable(),
});
export type HandoffView = z.infer<typeof HandoffView>;
