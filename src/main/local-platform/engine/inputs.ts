/** The request bodies the engine accepts, as zod schemas (unknown fields are ignored). */
import { z } from 'zod';
import { IncidentStatus, Severity, type Incident } from '../../../shared/domain.js';

/** A person given by id, or as an object carrying at least an id. */
export const PersonRef = z.union([z.string().min(1), z.looseObject({ id: z.string().min(1) })]);
export type PersonRef = z.infer<typeof PersonRef>;

/** Body of `POST /v1/pages` (and `POST /control/pages`). Unknown fields are ignored. */
export const CreatePageInput = z.object({
  title: z.string().min(1),
  severity: Severity.optional(),
  service: z.string().min(1).optional(),
  incidentId: z.string().min(1).optional(),
  test: z.boolean().optional(),
  /** `low`: notified quietly by clients, and only its first step is paged (no escalation). */
  urgency: z.enum(['high', 'low']).optional(),
  target: z.union([
    z.object({ rotation: z.string().min(1) }),
    z.object({ person: z.string().min(1) }),
  ]),
});
export type CreatePageInput = z.infer<typeof CreatePageInput>;

/** Body of `POST /v1/pages/{id}/escalate`: the next step of the chain, or who I pick. */
export const EscalatePageInput = z.object({
  to: z
    .union([z.object({ rotation: z.string().min(1) }), z.object({ person: z.string().min(1) })])
    .optional(),
});
export type EscalatePageInput = z.infer<typeof EscalatePageInput>;

/** Body of `PUT /control/rotations/{id}/shifts`: the rotation's whole schedule from now on. */
export const SetShiftsInput = z.object({
  shifts: z
    .array(
      z
        .object({
          person: z.string().min(1),
          level: z.number().int().min(1),
          start: z.iso.datetime({ offset: true }),
          end: z.iso.datetime({ offset: true }),
        })
        .refine((s) => Date.parse(s.start) < Date.parse(s.end), 'end must be after start'),
    )
    .max(500),
});
export type SetShiftsInput = z.infer<typeof SetShiftsInput>;

/** Links of an incident; `null` removes one. */
export const IncidentLinksInput = z.object({
  channel: z.string().nullable().optional(),
  statusPage: z.string().nullable().optional(),
  ticket: z.string().nullable().optional(),
  runbook: z.string().nullable().optional(),
});
export type IncidentLinksInput = z.infer<typeof IncidentLinksInput>;

/** Body of `POST /v1/incidents`. */
export const CreateIncidentInput = z.object({
  severity: Severity,
  summary: z.string().min(1),
  service: z.string().min(1).optional(),
  region: z.string().min(1).optional(),
  roles: z
    .object({
      commander: PersonRef.optional(),
      comms: PersonRef.optional(),
      investigators: z.array(PersonRef).optional(),
    })
    .default({}),
  links: IncidentLinksInput.optional(),
});

/** Body of `PATCH /v1/incidents/{id}`. */
export const PatchIncidentInput = z.object({
  status: IncidentStatus.optional(),
  severity: Severity.optional(),
  summary: z.string().min(1).optional(),
  roles: z
    .object({
      commander: PersonRef.nullable().optional(),
      comms: PersonRef.nullable().optional(),
      investigators: z.array(PersonRef).optional(),
    })
    .optional(),
  links: IncidentLinksInput.optional(),
});

/** Body of `POST /v1/incidents/{id}/updates`. */
export const CreateUpdateInput = z.object({ status: IncidentStatus, message: z.string().min(1) });

/** The `status` filter of `GET /v1/pages`. */
export const PageStatusFilter = z.enum(['open', 'all', 'triggered', 'acknowledged', 'resolved']);

/** `links` with `patch` applied: `null` removes a link, a string sets it. */
export function mergeLinks(
  links: Incident['links'],
  patch: IncidentLinksInput | undefined,
): Incident['links'] {
  const next: Incident['links'] = { ...links };
  for (const [k, v] of Object.entries(patch ?? {}) as [
    keyof Incident['links'],
    string | null | undefined,
  ][]) {
    if (v === null) delete next[k];
    else if (v !== undefined) next[k] = v;
  }
  return next;
}
