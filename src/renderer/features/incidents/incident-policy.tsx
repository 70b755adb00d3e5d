/**
 * The console's policy lines: what the status-update clock waits for (a destination not
 * connected, or one the last update did not reach) and, once resolved, each page the declaration
 * made with its resolution (resolved, or failed and being retried, with why).
 */
import type { ReactNode } from 'react';
import type { IncidentDetail } from '../../../shared/aftercare/views.js';

/** The status-update clock's note, if any. */
export function UpdateClockNote(props: { entry: IncidentDetail['entry'] }): ReactNode {
  const note = props.entry.clocks.find((c) => c.kind === 'status-update')?.note;
  if (!note) return null;
  return <p className="callout-warning">{note}</p>;
}

const STATUS_TEXT = {
  resolved: 'resolved',
  pending: 'resolving…',
  failed: 'not resolved yet: retrying',
} as const;

/** One line per page the declaration made, with its resolution. */
export function PageResolutionsCard(props: { detail: IncidentDetail }): ReactNode {
  const pages = props.detail.pageResolutions;
  if (pages.length === 0) return null;
  return (
    <section className="card" aria-labelledby="ac-pages">
      <h2 className="card__title" id="ac-pages">
        Pages resolved with the incident
      </h2>
      <ul className="plain-list">
        {pages.map((p) => (
          <li key={`${p.via}:${p.pageId}`} data-status={p.status}>
            {p.via === 'pagerduty' ? 'PagerDuty incident' : 'Page'} {p.pageId}:{' '}
            <strong>{STATUS_TEXT[p.status]}</strong>
            {p.message ? <span className="muted"> ({p.message})</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
