/**
 * The incident's timeline in the console, newest first: every action (declared, paged, channel,
 * status page or its opt-out, ticket, runbook, role and severity changes, status updates, the
 * resolution), each with its time and zone and who did it.
 */
import type { ReactNode } from 'react';
import type { IncidentDetail } from '../../../shared/aftercare/views.js';
import { formatClockZoned, formatFull } from '../../lib/time.js';

/** The timeline card. */
export function TimelineCard(props: { detail: IncidentDetail }): ReactNode {
  const { detail } = props;
  const entries = [...detail.entries].reverse();
  const updates = detail.entries.filter((e) => e.kind === 'update' || e.kind === 'resolved');
  return (
    <section className="card" aria-labelledby="ac-timeline">
      <h2 className="card__title" id="ac-timeline">
        Timeline
      </h2>
      {detail.timelineError ? (
        <p className="error-text">
          Could not read the platform's updates: {detail.timelineError}. Actions taken here are
          still listed.
        </p>
      ) : null}
      {updates.length === 0 ? (
        <p className="muted">No status updates yet. Silence is worse than bad news.</p>
      ) : null}
      <ol className="ac-timeline">
        {entries.map((e) => {
          const at = Date.parse(e.at);
          return (
            <li key={e.id} data-kind={e.kind}>
              <time dateTime={e.at} title={formatFull(at)}>
                {formatClockZoned(at)}
              </time>{' '}
              <span className="ac-timeline__actor">{e.actor ? e.actor.name : 'Platform'}</span>
              {' · '}
              <span className="ac-timeline__text">{e.text}</span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
