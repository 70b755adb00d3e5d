/**
 * PagerDuty REST API v2 wire types, as far as this app reads them (zod). Unknown fields are
 * ignored and fields PagerDuty may send as `null` are `nullish`, so only a wrong type in a field
 * we use rejects an item. List envelopes keep their items `unknown`: each item is validated on
 * its own (see `pagerduty-source.ts`), so one bad incident never hides the others.
 */
import { z } from 'zod';
import { Timestamp } from '../../../shared/domain.js';

/** Any PagerDuty reference (`user_reference`, `service_reference`, …) or full object. */
export const PdReference = z.object({
  id: z.string().min(1),
  type: z.string().nullish(),
  summary: z.string().nullish(),
  html_url: z.string().nullish(),
});
export type PdReference = z.infer<typeof PdReference>;

/** A user, as a reference or in full (`include[]=users`, `assignees`, `acknowledgers`). */
export const PdUser = PdReference.extend({
  name: z.string().nullish(),
  email: z.string().nullish(),
  time_zone: z.string().nullish(),
});
export type PdUser = z.infer<typeof PdUser>;

/** One level of an escalation policy. */
export const PdEscalationRule = z.object({
  id: z.string().nullish(),
  escalation_delay_in_minutes: z.number().int().min(0),
  targets: z.array(PdUser),
});
export type PdEscalationRule = z.infer<typeof PdEscalationRule>;

/** An escalation policy; `escalation_rules` is present only in full objects. */
export const PdEscalationPolicy = PdReference.extend({
  name: z.string().nullish(),
  num_loops: z.number().int().min(0).nullish(),
  escalation_rules: z.array(PdEscalationRule).nullish(),
  services: z.array(PdReference).nullish(),
});
export type PdEscalationPolicy = z.infer<typeof PdEscalationPolicy>;

/** Incident status values. */
export const PdIncidentStatus = z.enum(['triggered', 'acknowledged', 'resolved']);

/** An incident, with the fields the page mapping reads. */
export const PdIncident = z.object({
  id: z.string().min(1),
  incident_number: z.number().nullish(),
  title: z.string().nullish(),
  summary: z.string().nullish(),
  status: PdIncidentStatus,
  urgency: z.enum(['high', 'low']).nullish(),
  created_at: Timestamp,
  updated_at: Timestamp.nullish(),
  last_status_change_at: Timestamp.nullish(),
  html_url: z.string().nullish(),
  incident_key: z.string().nullish(),
  assigned_via: z.string().nullish(),
  service: PdReference.extend({ name: z.string().nullish() }).nullish(),
  escalation_policy: PdEscalationPolicy.nullish(),
  priority: PdReference.extend({ name: z.string().nullish() }).partial({ id: true }).nullish(),
  assignments: z.array(z.object({ at: Timestamp.nullish(), assignee: PdUser })).nullish(),
  acknowledgements: z.array(z.object({ at: Timestamp, acknowledger: PdUser })).nullish(),
  pending_actions: z.array(z.object({ type: z.string(), at: Timestamp })).nullish(),
});
export type PdIncident = z.infer<typeof PdIncident>;

/** One on-call entry: a user at a level of a policy, from `start` to `end` (`null`: permanent). */
export const PdOncall = z.object({
  user: PdUser,
  escalation_policy: PdEscalationPolicy,
  schedule: PdReference.nullish(),
  escalation_level: z.number().int().min(1),
  start: Timestamp.nullish(),
  end: Timestamp.nullish(),
});
export type PdOncall = z.infer<typeof PdOncall>;

/** A service (`GET /services`), with its escalation policy inline (`include[]=escalation_policies`). */
export const PdService = PdReference.extend({
  name: z.string().nullish(),
  status: z.string().nullish(),
  escalation_policy: PdEscalationPolicy.nullish(),
});
export type PdService = z.infer<typeof PdService>;

/** Offset pagination fields shared by list answers. */
const Pagination = {
  more: z.boolean().nullish(),
  offset: z.number().nullish(),
  limit: z.number().nullish(),
};

/** `GET /users/me`. */
export const PdUserEnvelope = z.object({ user: PdUser });
/** `GET /incidents`: items validated one by one. */
export const PdIncidentList = z.object({ incidents: z.array(z.unknown()), ...Pagination });
/** `GET /oncalls`: items validated one by one. */
export const PdOncallList = z.object({ oncalls: z.array(z.unknown()), ...Pagination });
/** `GET /services`: items validated one by one. */
export const PdServiceList = z.object({ services: z.array(z.unknown()), ...Pagination });
/** `GET|PUT|POST /incidents[/{id}]` answering one incident. */
export const PdIncidentEnvelope = z.object({ incident: z.unknown() });
/** One incident log entry, as far as the acknowledgement reads it. */
export const PdLogEntry = z.object({
  id: z.string().nullish(),
  type: z.string(),
  created_at: Timestamp,
});
export type PdLogEntry = z.infer<typeof PdLogEntry>;
/** `GET /incidents/{id}/log_entries`: items validated one by one. */
export const PdLogEntryList = z.object({ log_entries: z.array(z.unknown()), ...Pagination });
/** `GET /escalation_policies/{id}`. */
export const PdEscalationPolicyEnvelope = z.object({ escalation_policy: PdEscalationPolicy });

/** PagerDuty's error body: `{error: {message, code, errors}}` (errors: strings, or an object). */
export const PdErrorBody = z.object({
  error: z.object({
    message: z.string().nullish(),
    code: z.number().nullish(),
    errors: z.union([z.array(z.string()), z.record(z.string(), z.unknown())]).nullish(),
  }),
});
