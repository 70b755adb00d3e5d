/** "Incidents": the open incidents from every source, read-only for now. */
import type { ReactNode } from 'react';
import type { AppState, Incident, Person } from '../../../shared/domain.js';
import { ExternalLink } from '../../components/external-link.js';
import { SeverityBadge } from '../../components/severity-badge.js';
import { formatAge, formatFull } from '../../lib/time.js';
import { useNow } from '../../lib/use-now.js';

function who(person: Person | undefined): string {
  return person ? person.name : 'Unassigned';
}

const LINK_LABELS: Record<keyof Incident['links'], string> = {
  channel: 'Channel',
  statusPage: 'Status page',
  ticket: 'Ticket',
  runbook: 'Runbook',
};

function IncidentCard(props: { incident: Incident; source: string; now: number }): ReactNode {
  const { incident, now } = props;
  const opened = Date.parse(incident.openedAt);
  const links = (Object.keys(LINK_LABELS) as (keyof Incident['links'])[]).flatMap((name) => {
    const url = incident.links[name];
    return url ? [{ name, url }] : [];
  });
  return (
    <li className="card incident" data-testid="incident">
      <div className="page-row__meta">
        <SeverityBadge severity={incident.severity} />
        <span className={`status status--${incident.status}`}>{incident.status}</span>
        <span className="muted">
          opened{' '}
          <time dateTime={incident.openedAt} title={formatFull(opened)}>
            {formatAge(opened, now)}
          </time>
          {incident.service ? ` · ${incident.service}` : ''}
          {incident.region ? ` · ${incident.region}` : ''} · {props.source}
        </span>
      </div>
      <h2 className="incident__summary">{incident.summary}</h2>
      <dl className="roles">
        <div>
          <dt>Commander</dt>
          <dd>{who(incident.roles.commander)}</dd>
        </div>
        <div>
          <dt>Comms</dt>
          <dd>{who(incident.roles.comms)}</dd>
        </div>
        <div>
          <dt>Investigators</dt>
          <dd>
            {incident.roles.investigators.length
              ? incident.roles.investigators.map((p) => p.name).join(', ')
              : 'None yet'}
          </dd>
        </div>
      </dl>
      {links.length ? (
        <ul className="link-row" aria-label="Links">
          {links.map((link) => (
            <li key={link.name}>
              <ExternalLink url={link.url}>{LINK_LABELS[link.name]}</ExternalLink>
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** The Incidents view, with an empty state when nothing is open. */
export function IncidentsView(props: { state: AppState }): ReactNode {
  const now = useNow(15_000);
  const open = props.state.incidents.filter((i) => i.incident.status !== 'resolved');
  const label = (sourceId: string): string =>
    props.state.sources.find((s) => s.id === sourceId)?.label ?? sourceId;
  return (
    <div className="view">
      <div className="view__header">
        <h1 className="view__title">Incidents</h1>
      </div>
      {open.length === 0 ? (
        <section className="card empty-state">
          <h2 className="card__title">No open incidents</h2>
          <p className="muted">
            When an incident is declared, it shows here with its roles and links.
          </p>
        </section>
      ) : (
        <ul className="incident-list">
          {open.map(({ sourceId, incident }) => (
            <IncidentCard
              key={`${sourceId}:${incident.id}`}
              incident={incident}
              source={label(sourceId)}
              now={now}
            />
          ))}
        </ul>
      )}
    </div>
  );
}
