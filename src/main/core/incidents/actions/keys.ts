/**
 * The keys that make a declaration's actions idempotent: each is derived from the declaration id,
 * so a resumed or retried action asks for the same thing and the vendor refuses a second one.
 */
import { derivedUuid } from '../../integrations/linear-client.js';

/** The Idempotency-Key of a declaration's platform incident. */
export function incidentKey(declarationId: string): string {
  return `${declarationId}:incident`;
}

/** The PagerDuty `incident_key` of a declaration that pages through PagerDuty. */
export function pagerdutyIncidentKey(declarationId: string): string {
  return `zephyr-declaration:${declarationId}`;
}

/** The Idempotency-Key of a declaration's page to one person. */
export function pageKey(declarationId: string, personId: string): string {
  return `${declarationId}:page:${personId}`;
}

/** The Linear issue id a declaration uses (a UUID derived from the declaration id). */
export function linearIssueId(declarationId: string): string {
  return derivedUuid(`${declarationId}:linear`);
}
