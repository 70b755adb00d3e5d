/**
 * The keys that make a declaration's actions idempotent: each is derived from the declaration id,
 * so a resumed or retried action asks for the same thing and the vendor refuses a second one.
 */
import type { Declaration, PageTarget } from '../../../../shared/declaration.js';
import { derivedUuid } from '../../integrations/linear-client.js';

/** The Idempotency-Key of a declaration's platform incident. */
export function incidentKey(declarationId: string): string {
  return `${declarationId}:incident`;
}

/** The PagerDuty `incident_key` of a declaration that pages through PagerDuty. */
export function pagerdutyIncidentKey(declarationId: string): string {
  return `zephyr-declaration:${declarationId}`;
}

/** The Idempotency-Key of a declaration's page to one target (see `targetKey`). */
export function pageKey(declarationId: string, targetId: string): string {
  return `${declarationId}:page:${targetId}`;
}

/** The Linear issue id a declaration uses (a UUID derived from the declaration id). */
export function linearIssueId(declarationId: string): string {
  return derivedUuid(`${declarationId}:linear`);
}

/** The pages a declaration creates: its plan's targets, or (older ones) one per paged person. */
export function pageTargetsOf(d: Declaration): PageTarget[] {
  return (
    d.pageTargets ??
    d.paged.map(({ person, why }) => ({
      target: { person: person.id },
      label: person.name,
      why,
      reachesNow: [person],
    }))
  );
}

/** The key of a page target in `pagedIds` and its Idempotency-Key: a person id stays as it was. */
export function targetKey(t: PageTarget): string {
  return 'rotation' in t.target ? `rotation:${t.target.rotation}` : t.target.person;
}
