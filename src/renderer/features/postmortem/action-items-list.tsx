/**
 * Open post-mortem action items across incidents, oldest first, with their age; and the pattern
 * the policy asks to escalate: a post-mortem none of whose items ever shipped.
 */
import { useEffect, useState, type ReactNode } from 'react';
import type { ActionItemsView } from '../../../shared/aftercare/views.js';
import { ErrorText } from '../../components/error-text.js';
import { useCommand } from '../../lib/use-command.js';
import { hrefOf } from '../../lib/route.js';
import { BackLink, ViewHeader } from '../../components/view-header.js';

/** The page. */
export function ActionItemsList(props: { version: number; now: number }): ReactNode {
  const list = useCommand('postmortems:action-items');
  const setStatus = useCommand('postmortems:set-item-status');
  const [view, setView] = useState<ActionItemsView | null>(null);
  const [reloads, setReloads] = useState(0);
  const { run } = list;
  useEffect(() => {
    void run({}).then((v) => v && setView(v));
  }, [run, props.version, reloads]);

  return (
    <div className="view">
      <BackLink href={hrefOf({ view: 'list' })}>All incidents</BackLink>
      <ViewHeader title="Post-mortem action items" />
      <ErrorText message={list.error ?? setStatus.error} />
      {view?.escalate ? (
        <section className="banner banner--warning" role="status">
          <div className="banner__body">
            <p className="banner__title">{view.message}</p>
            <ul className="banner__list">
              {view.flagged.map((f) => (
                <li key={f.incidentId}>
                  <a href={hrefOf({ view: 'post-mortem', incidentId: f.incidentId })}>
                    {f.incidentId}
                  </a>
                  : {f.message}
                </li>
              ))}
            </ul>
          </div>
        </section>
      ) : null}
      {!view ? (
        <p className="muted loading">Loading…</p>
      ) : view.items.length === 0 ? (
        <section className="card empty-state">
          <h2 className="card__title">No open action items</h2>
          <p className="muted">Action items from saved post-mortems show here until they ship.</p>
        </section>
      ) : (
        <div className="table-wrap card">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Action item</th>
                <th scope="col">Owner</th>
                <th scope="col">Ticket</th>
                <th scope="col">Age</th>
                <th scope="col">Post-mortem</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {view.items.map(({ incidentId, postMortemTitle, item, ageLabel }) => (
                <tr key={`${incidentId}:${item.id}`}>
                  <td>{item.title}</td>
                  <td>{item.owner?.name ?? '—'}</td>
                  <td>{item.ticket ?? 'not ticketed'}</td>
                  <td>{ageLabel}</td>
                  <td>
                    <a href={hrefOf({ view: 'post-mortem', incidentId })}>
                      {incidentId}: {postMortemTitle}
                    </a>
                  </td>
                  <td>
                    <button
                      type="button"
                      className="button button--secondary"
                      disabled={setStatus.busy}
                      onClick={() =>
                        void setStatus
                          .run({ incidentId, itemId: item.id, status: 'done' })
                          .then(() => setReloads((n) => n + 1))
                      }
                    >
                      Mark shipped
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
