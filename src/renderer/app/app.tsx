/**
 * The app shell: header with navigation, the permanent banners, the routed view, and the alert
 * panel that appears over any view when a page rings.
 */
import { useEffect, useState, type ReactNode } from 'react';
import type { AppState } from '../../shared/domain.js';
import { ConnectionBanner, ProblemBanner, StateBanners } from '../components/banners.js';
import { ErrorText } from '../components/error-text.js';
import { useConnection, useZephyr, type ConnectionStatus } from '../lib/api.js';
import { useAppState } from '../lib/use-app-state.js';
import { declarePageKey, hrefFor, useRoute, type Route } from '../lib/route.js';
import { AlertCenter } from '../features/alert/alert-center.js';
import { DeclareWizard } from '../features/declare/declare-wizard.js';
import { FirstRun } from '../features/first-run/first-run.js';
import { HandoffView } from '../features/handoff/handoff-view.js';
import { IncidentsView } from '../features/incidents/incidents-view.js';
import { NowView } from '../features/now/now-view.js';
import { SettingsView } from '../features/settings/settings-view.js';

const NAV: { route: Route; label: string }[] = [
  { route: 'now', label: 'Now' },
  { route: 'incidents', label: 'Incidents' },
  { route: 'settings', label: 'Settings' },
];

const TRAY_LABELS: Record<AppState['tray']['state'], string> = {
  'off-call': 'Off call',
  'on-call': 'On call',
  paged: 'Paged',
  incident: 'Incident open',
  'feed-down': 'Feed down',
  // A feed cannot be read: "On call" or "Off call" would be a guess from its last answer.
  unknown: 'Status unknown',
};

function Header(props: {
  route: Route;
  state: AppState | null;
  /** "Declare incident" pressed: a new wizard, even when one (or its Run screen) is showing. */
  onDeclare: () => void;
}): ReactNode {
  const { state } = props;
  const incidents = state?.incidents.filter((i) => i.incident.status !== 'resolved').length ?? 0;
  return (
    <header className="app-header">
      <div className="app-header__inner">
        <a className="brand" href={hrefFor('now')}>
          <span className="brand__mark" aria-hidden="true" />
          <span className="brand__name">Zephyr On-Call</span>
        </a>
        <nav aria-label="Main">
          <ul className="nav">
            {NAV.map((item) => (
              <li key={item.route}>
                <a
                  className="nav__link"
                  href={hrefFor(item.route)}
                  aria-current={props.route === item.route ? 'page' : undefined}
                >
                  {item.label}
                  {item.route === 'incidents' && incidents > 0 ? (
                    <span className="nav__count">
                      <span className="visually-hidden">, </span>
                      {incidents}
                      <span className="visually-hidden"> open</span>
                    </span>
                  ) : null}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <a
          className="button button--secondary header-declare"
          href={hrefFor('declare')}
          onClick={props.onDeclare}
        >
          Declare incident
        </a>
        {state ? (
          // A status: a change ("On call" to "Status unknown") is announced, politely.
          <p
            className={`tray-pill tray-pill--${state.tray.state}`}
            role="status"
            title={state.tray.tooltip}
          >
            {TRAY_LABELS[state.tray.state]}
          </p>
        ) : null}
      </div>
    </header>
  );
}

function Body(props: { route: Route; state: AppState; declareSeq: number }): ReactNode {
  const { route, state } = props;
  if (route === 'settings') return <SettingsView />;
  // Declaring is never blocked: the first-run screen only stands in for "Now".
  if (route === 'declare') {
    // A new key is a new wizard: "Declare incident" again, or declaring for another page.
    const key = `${props.declareSeq}:${declarePageKey(window.location.hash) ?? ''}`;
    return <DeclareWizard key={key} state={state} />;
  }
  if (route === 'incidents') return <IncidentsView state={state} />;
  if (state.firstRun) return <FirstRun />;
  if (route === 'handoff') return <HandoffView state={state} />;
  return <NowView state={state} />;
}

function Loading(props: { error: string | null; onRetry: () => void }): ReactNode {
  return (
    <div className="view">
      {props.error ? (
        <div className="card">
          <ErrorText message={`Could not load the app state: ${props.error}`} />
          <button type="button" className="button button--secondary" onClick={props.onRetry}>
            Try again
          </button>
        </div>
      ) : (
        <p className="muted loading">Loading…</p>
      )}
    </div>
  );
}

/** Why the app cannot load while the link is down ("Loading…" must not last forever). */
function closedReason(connection: ConnectionStatus): string | null {
  return connection.state === 'closed' ? (connection.reason ?? null) : null;
}

function useDocumentTitle(route: Route, state: AppState | null): void {
  const ringing = state?.pages.filter((p) => p.ringing).length ?? 0;
  useEffect(() => {
    const place =
      route === 'alert'
        ? 'Alert'
        : route === 'declare'
          ? 'Declare an incident'
          : route === 'handoff'
            ? 'Hand-off brief'
            : NAV.find((n) => n.route === route)?.label;
    document.title = `${ringing ? `(${ringing} ringing) ` : ''}${place} · Zephyr On-Call`;
  }, [route, ringing]);
}

/** The whole renderer. */
export function App(): ReactNode {
  const client = useZephyr();
  const connection = useConnection();
  const { state, error, reload } = useAppState();
  const route = useRoute();
  const [problems, setProblems] = useState<string[]>([]);
  const [declareSeq, setDeclareSeq] = useState(0);
  useDocumentTitle(route, state);

  useEffect(
    () => client.onProblem((message) => setProblems((list) => [...list.slice(-4), message])),
    [client],
  );

  const banners = (
    <div className="banners">
      <ConnectionBanner status={connection} onRetry={() => client.retryNow()} />
      <ProblemBanner problems={problems} onDismiss={() => setProblems([])} />
      {state ? <StateBanners state={state} /> : null}
    </div>
  );

  if (route === 'alert') {
    return (
      <main className="alert-window" id="main">
        {banners}
        {state ? (
          <AlertCenter state={state} mode="window" playSound />
        ) : (
          <Loading error={error ?? closedReason(connection)} onRetry={reload} />
        )}
      </main>
    );
  }

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Header route={route} state={state} onDeclare={() => setDeclareSeq((n) => n + 1)} />
      <main className="app-main" id="main" tabIndex={-1}>
        {banners}
        {state ? (
          <div className={connection.state === 'open' ? undefined : 'stale'}>
            <Body route={route} state={state} declareSeq={declareSeq} />
          </div>
        ) : (
          <Loading error={error ?? closedReason(connection)} onRetry={reload} />
        )}
      </main>
      {state ? (
        <AlertCenter
          state={state}
          mode="modal"
          // Under Electron the always-on-top alert window plays the alarm; one sound, not two.
          playSound={client.transport === 'bridge'}
        />
      ) : null}
    </>
  );
}
