/**
 * "Incidents": the incident console. The list shows every open incident (from the platform feed
 * and declarations made here) and resolved ones still owing a customer email or a post-mortem,
 * each with its clocks; sub-pages show one incident, its customer email, its post-mortem, and the
 * open action items across post-mortems.
 */
import { useMemo, type ReactNode } from 'react';
import type { ConsoleIncident } from '../../../shared/aftercare/views.js';
import type { AppState } from '../../../shared/domain.js';
import { ErrorText } from '../../components/error-text.js';
import { SeverityBadge } from '../../components/severity-badge.js';
import { useNow } from '../../lib/use-now.js';
import { EmailDraft } from '../email/email-draft.js';
import { ActionItemsList } from '../postmortem/action-items-list.js';
import { PostMortemEditor } from '../postmortem/postmortem-editor.js';
import { ClockFactsContext, clockFacts } from './clock-context.js';
import { ClockRow } from './clocks.js';
import { IncidentDetailView } from './incident-detail.js';
import { IncidentFacts } from './incident-facts.js';
import { hrefOf, useIncidentsPlace } from '../../lib/route.js';
import { useConsoleView } from './use-aftercare.js';
import { InterruptedDeclarations } from '../declare/declarations-panel.js';
import './aftercare.css';
import { ViewHeader } from '../../components/view-header.js';

const ROLE_NAMES: Record<ConsoleIncident['myRoles'][number], string> = {
  commander: 'commander',
  comms: 'Comms',
  investigator: 'investigator',
};

function IncidentRow(props: { entry: ConsoleIncident; now: number }): ReactNode {
  const { entry, now } = props;
  const { incident } = entry;
  return (
    <li className="card ac-row">
      <div className="page-row__meta">
        <SeverityBadge severity={incident.severity} />
        <IncidentFacts incident={incident} now={now} />
        {entry.myRoles.length > 0 ? (
          <span className="pill ac-pill">
            you: {entry.myRoles.map((r) => ROLE_NAMES[r]).join(', ')}
          </span>
        ) : null}
      </div>
      <h2 className="incident__summary">
        <a className="ac-row__link" href={hrefOf({ view: 'incident', incidentId: incident.id })}>
          {incident.summary}
        </a>
      </h2>
      <p className="muted ac-row__roles">
        Commander: {incident.roles.commander?.name ?? 'unassigned'} · Comms:{' '}
        {incident.roles.comms?.name ?? 'unassigned'}
      </p>
      {entry.clocks.length > 0 ? (
        <ul className="ac-clocks" aria-label={`Clocks of ${incident.id}`}>
          {entry.clocks.map((c) => (
            <ClockRow key={c.kind} clock={c} now={now} sourceId={entry.sourceId} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

function ConsoleList(props: { incidents: ConsoleIncident[]; now: number }): ReactNode {
  const open = props.incidents.filter((e) => e.incident.status !== 'resolved');
  const resolved = props.incidents.filter((e) => e.incident.status === 'resolved');
  return (
    <>
      {open.length === 0 ? (
        <section className="card empty-state">
          <h2 className="card__title">No open incidents</h2>
          <p className="muted">
            When an incident is declared, it shows here with its roles, links and the time until the
            next status update is due.
          </p>
        </section>
      ) : (
        <ul className="incident-list" aria-label="Open incidents">
          {open.map((e) => (
            <IncidentRow key={e.incident.id} entry={e} now={props.now} />
          ))}
        </ul>
      )}
      {resolved.length > 0 ? (
        <section aria-labelledby="ac-resolved">
          <h2 className="ac-section-title" id="ac-resolved">
            Resolved: aftercare due
          </h2>
          <ul className="incident-list">
            {resolved.map((e) => (
              <IncidentRow key={e.incident.id} entry={e} now={props.now} />
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

function feedEntry(item: AppState['incidents'][number]): ConsoleIncident {
  return {
    ...item,
    origin: 'feed',
    myRoles: [],
    lastUpdateAt: item.incident.lastUpdateAt ?? null,
    clocks: [],
    announcement: null,
    emailSentAt: null,
    postMortem: 'none',
  };
}

/** The Incidents view and its sub-pages, with the sources' clock skew and identities for the clocks. */
export function IncidentsView(props: { state: AppState }): ReactNode {
  const facts = useMemo(() => clockFacts(props.state), [props.state]);
  return (
    <ClockFactsContext.Provider value={facts}>
      <IncidentsPlace state={props.state} />
    </ClockFactsContext.Provider>
  );
}

function IncidentsPlace(props: { state: AppState }): ReactNode {
  const now = useNow(1000);
  const place = useIncidentsPlace();
  const { view, error, version } = useConsoleView();

  if (place.view === 'incident') {
    return <IncidentDetailView incidentId={place.incidentId} version={version} now={now} />;
  }
  if (place.view === 'email') return <EmailDraft incidentId={place.incidentId} />;
  if (place.view === 'post-mortem') {
    return <PostMortemEditor incidentId={place.incidentId} version={version} />;
  }
  if (place.view === 'action-items') return <ActionItemsList version={version} now={now} />;
  return (
    <div className="view">
      <ViewHeader title="Incidents">
        <a className="button button--secondary" href={hrefOf({ view: 'action-items' })}>
          Post-mortem action items
        </a>
      </ViewHeader>
      <ErrorText message={error ? `Could not load the incident console: ${error}` : null} />
      <InterruptedDeclarations />
      {view ? (
        <ConsoleList incidents={view.incidents} now={now} />
      ) : (
        // Until (or unless) the console answers, the feed's incidents still show, without clocks.
        <ConsoleList incidents={props.state.incidents.map(feedEntry)} now={now} />
      )}
    </div>
  );
}
