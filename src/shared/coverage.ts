/**
 * "Someone always awake": a coverage warning about the next 7 days of a rotation. Computed in
 * main (`core/on-call/coverage.ts`) and carried in the app state.
 */
import { z } from 'zod';

/** One hole in the schedule. */
export const CoverageWarning = z.object({
  /** Stable id of this hole (rotation, kind, level, start): notified once. */
  key: z.string(),
  kind: z.enum(['empty-level', 'gap', 'one-person-chain']),
  rotationId: z.string(),
  rotationName: z.string(),
  level: z.number().int(),
  from: z.string(),
  to: z.string(),
  /** In words, for the card and the notification. */
  message: z.string(),
});
export type CoverageWarning = z.infer<typeof CoverageWarning>;
