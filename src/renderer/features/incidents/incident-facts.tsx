/** An incident's status and facts line, shared by the console's list rows and its detail page. */
import type { ReactNode } from 'react';
import type { Incident } from '../../../shared/domain.js';
import { formatAge, formatFull } from '../../lib/time.js';

/** The status, then "INC-1 · opened 5 min ago · service" (and the region, when asked for). */
export function IncidentFacts(props: {
  incident: Incident;
  now: number;
  withRegion?: boolean;
}): ReactNode {
  const { incident } = props;
  const opened = Date.parse(incident.openedAt);
  return (
    <>
      <span className={`status status--${incident.status}`}>{incident.status}</span>
      <span className="muted">
        {incident.id} · opened{' '}
        <time dateTime={incident.openedAt} title={formatFull(opened)}>
          {formatAge(opened, props.now)}
        </time>
        {incident.service ? ` · ${incident.service}` : ''}
        {props.withRegion && incident.region ? ` · ${incident.region}` : ''}
      </span>
    </>
  );
}
