/**
 * The post-mortem (blameless, within 72 hours, drafted by the commander): the team's template
 * filled with the timeline, roles and updates; what the commander writes; action items that each
 * need a named owner before they can be saved and become Linear tickets; Markdown export and copy;
 * "Ask for review" to the incident channel, and the record of who reviewed it.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { validateActionItems, type ActionItem } from '../../../shared/aftercare/action-items.js';
import { renderPostMortem } from '../../../shared/aftercare/templates.js';
import type { PostMortemInput, PostMortemView } from '../../../shared/aftercare/views.js';
import type { Playbook } from '../../../shared/playbook.js';
import { ErrorText } from '../../components/error-text.js';
import { useCommand } from '../../lib/use-command.js';
import { hrefOf } from '../../lib/route.js';

function newId(): string {
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `ai-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');

/** The page. */
export function PostMortemEditor(props: { incidentId: string; version: number }): ReactNode {
  const get = useCommand('postmortems:get');
  const pb = useCommand('playbook:get');
  const save = useCommand('postmortems:save');
  const tickets = useCommand('postmortems:create-tickets');
  const exportMd = useCommand('postmortems:export');
  const askReview = useCommand('postmortems:request-review');
  const recordReview = useCommand('postmortems:record-review');
  const [view, setView] = useState<PostMortemView | null>(null);
  const [playbook, setPlaybook] = useState<Playbook | null>(null);
  const [draft, setDraft] = useState<PostMortemInput | null>(null);
  const [wentWell, setWentWell] = useState('');
  const [wentBadly, setWentBadly] = useState('');
  const [reviewer, setReviewer] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [shareNotice, setShareNotice] = useState<string | null>(null);
  const [tried, setTried] = useState(false);
  const getRun = get.run;
  const pbRun = pb.run;

  useEffect(() => {
    void getRun({ incidentId: props.incidentId }).then((v) => {
      if (!v) return;
      setView(v);
      setDraft((d) => {
        if (d) return d;
        setWentWell(v.draft.wentWell.join('\n'));
        setWentBadly(v.draft.wentBadly.join('\n'));
        return v.draft;
      });
    });
  }, [getRun, props.incidentId, props.version]);
  useEffect(() => {
    void pbRun({}).then((p) => p && setPlaybook(p.playbook));
  }, [pbRun]);

  const full: PostMortemInput | null = draft
    ? { ...draft, wentWell: lines(wentWell), wentBadly: lines(wentBadly) }
    : null;
  const fullKey = JSON.stringify(full);
  const rendered = useMemo(() => {
    if (!view || !full || !playbook) return null;
    return renderPostMortem(
      {
        incident: view.incident,
        updates: view.updates,
        summary: full.summary,
        impact: full.impact,
        rootCause: full.rootCause,
        wentWell: full.wentWell,
        wentBadly: full.wentBadly,
        actionItems: full.actionItems,
      },
      playbook,
      { timeZone: full.timeZone, template: view.template.text },
    );
  }, [view, playbook, fullKey]);

  if (!view || !draft || !full || !playbook || !rendered) {
    return (
      <div className="view">
        <p>
          <a href={hrefOf({ view: 'incident', incidentId: props.incidentId })}>
            ← Back to the incident
          </a>
        </p>
        {get.error ? <ErrorText message={get.error} /> : <p className="muted loading">Loading…</p>}
      </div>
    );
  }

  const itemProblems = validateActionItems(full.actionItems, playbook, {
    requireAtLeastOne: false,
  });
  const problemsOf = (i: number): string[] =>
    itemProblems.filter((p) => p.index === i).map((p) => p.message);
  const setItem = (i: number, patch: Partial<ActionItem>): void => {
    setNotice(null);
    setDraft({
      ...draft,
      actionItems: draft.actionItems.map((it, j) => (j === i ? { ...it, ...patch } : it)),
    });
  };
  const people = [
    view.incident.roles.commander,
    view.incident.roles.comms,
    ...view.incident.roles.investigators,
  ].filter(
    (p, i, all): p is NonNullable<typeof p> => !!p && all.findIndex((q) => q?.id === p.id) === i,
  );
  const persist = async (): Promise<void> => {
    setTried(true);
    if (itemProblems.length > 0) return;
    const saved = await save.run({ incidentId: props.incidentId, draft: full });
    if (saved) {
      setView(saved);
      setDraft(saved.draft);
      setTried(false);
      setNotice('Post-mortem saved.');
    }
  };

  return (
    <div className="view ac-pm">
      <p>
        <a href={hrefOf({ view: 'incident', incidentId: props.incidentId })}>
          ← {view.incident.id}: {view.incident.summary}
        </a>
      </p>
      <div className="view__header">
        <h1 className="view__title">Post-mortem</h1>
        <span className="pill ac-pill">{view.stage === 'none' ? 'not saved yet' : view.stage}</span>
      </div>
      <p className="muted">
        Blameless: describe systems, signals and decisions, not who was at fault. Owned by{' '}
        {view.incident.roles.commander?.name ?? 'the incident commander'}.
      </p>
      {view.template.note ? <p className="callout">{view.template.note}</p> : null}
      <div className="ac-two">
        <form
          className="card"
          aria-labelledby="ac-pm-form"
          onSubmit={(e) => {
            e.preventDefault();
            void persist();
          }}
        >
          <h2 className="card__title" id="ac-pm-form">
            What the commander writes
          </h2>
          {(
            [
              ['summary', 'Summary', 3],
              ['impact', 'Impact', 3],
              ['rootCause', 'Root cause', 4],
            ] as const
          ).map(([key, label, rows]) => (
            <label className="field" key={key}>
              <span className="field__label">{label}</span>
              <textarea
                className="input ac-textarea"
                rows={rows}
                value={draft[key]}
                onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
              />
            </label>
          ))}
          <label className="field">
            <span className="field__label">What went well</span>
            <span className="field__hint">One point per line.</span>
            <textarea
              className="input ac-textarea"
              rows={3}
              value={wentWell}
              onChange={(e) => setWentWell(e.target.value)}
            />
          </label>
          <label className="field">
            <span className="field__label">What went badly</span>
            <span className="field__hint">One point per line.</span>
            <textarea
              className="input ac-textarea"
              rows={3}
              value={wentBadly}
              onChange={(e) => setWentBadly(e.target.value)}
            />
          </label>
          <label className="field">
            <span className="field__label">Time zone of the timeline</span>
            <input
              className="input"
              value={draft.timeZone}
              onChange={(e) => setDraft({ ...draft, timeZone: e.target.value })}
            />
          </label>

          <fieldset className="fieldset">
            <legend className="field__label">Action items</legend>
            <p className="field__hint">
              Each needs one named person who will ship it; each becomes a Linear ticket labelled “
              {view.actionItemLabel}”.
            </p>
            <datalist id="ac-people">
              {people.map((p) => (
                <option key={p.id} value={p.name} />
              ))}
            </datalist>
            <ol className="ac-items">
              {draft.actionItems.map((item, i) => {
                const problems = tried || item.owner !== undefined ? problemsOf(i) : [];
                return (
                  <li key={item.id} className="ac-item" data-testid="action-item">
                    <label className="field">
                      <span className="field__label">What will change</span>
                      <input
                        className="input"
                        value={item.title}
                        onChange={(e) => setItem(i, { title: e.target.value })}
                      />
                    </label>
                    <label className="field">
                      <span className="field__label">Owner</span>
                      <input
                        className="input"
                        list="ac-people"
                        value={item.owner?.name ?? ''}
                        aria-invalid={problems.some((p) => p.includes('owner')) || undefined}
                        onChange={(e) => {
                          const person = people.find((p) => p.name === e.target.value);
                          setItem(i, {
                            owner: person
                              ? { name: person.name, id: person.id, email: person.email }
                              : { name: e.target.value },
                          });
                        }}
                      />
                    </label>
                    <p className="muted ac-item__ticket">
                      {item.ticket ? `Ticket ${item.ticket}` : 'No ticket yet'} · {item.status}
                    </p>
                    {item.ticket === undefined ? (
                      <button
                        type="button"
                        className="link-button"
                        onClick={() =>
                          setDraft({
                            ...draft,
                            actionItems: draft.actionItems.filter((_, j) => j !== i),
                          })
                        }
                      >
                        Remove
                      </button>
                    ) : null}
                    {problems.map((p) => (
                      <p key={p} className="error-text">
                        {p}
                      </p>
                    ))}
                  </li>
                );
              })}
            </ol>
            <button
              type="button"
              className="button button--secondary"
              onClick={() =>
                setDraft({
                  ...draft,
                  actionItems: [
                    ...draft.actionItems,
                    { id: newId(), title: '', status: 'open', createdAt: new Date().toISOString() },
                  ],
                })
              }
            >
              Add action item
            </button>
          </fieldset>
          <div className="form-actions">
            <button type="submit" className="button button--primary" disabled={save.busy}>
              {save.busy ? 'Saving…' : 'Save and ticket action items'}
            </button>
            {notice ? (
              <span className="saved" role="status" data-testid="pm-notice">
                {notice}
              </span>
            ) : null}
          </div>
          {tried && itemProblems.length > 0 ? (
            <p className="error-text" role="alert">
              Not saved: {itemProblems.length} action-item problem
              {itemProblems.length === 1 ? '' : 's'} above.
            </p>
          ) : null}
          <ErrorText message={save.error} />
          {view.ticketProblems.length > 0 ? (
            <div className="callout" data-testid="ticket-problems">
              <ul className="plain-list">
                {view.ticketProblems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
              <button
                type="button"
                className="button button--secondary"
                disabled={tickets.busy}
                onClick={() =>
                  void tickets
                    .run({ incidentId: props.incidentId })
                    .then((v) => v && (setView(v), setDraft(v.draft)))
                }
              >
                Try ticketing again
              </button>
              <ErrorText message={tickets.error} />
            </div>
          ) : null}
        </form>

        <section className="card" aria-labelledby="ac-pm-preview">
          <h2 className="card__title" id="ac-pm-preview">
            Draft (Markdown)
          </h2>
          <pre className="ac-markdown" data-testid="pm-preview">
            {rendered.text}
          </pre>
          {rendered.problems.length > 0 ? (
            <ul className="ac-findings" aria-label="Still to fill in">
              {rendered.problems.map((p) => (
                <li key={p} className="ac-finding">
                  {p}
                </li>
              ))}
            </ul>
          ) : (
            <p className="ac-ok">Every part is filled in.</p>
          )}
          <div className="form-actions">
            <button
              type="button"
              className="button button--secondary"
              onClick={() =>
                void navigator.clipboard.writeText(rendered.text).then(
                  () => setShareNotice('Copied the Markdown.'),
                  (e: unknown) => setShareNotice(`Could not copy: ${String(e)}`),
                )
              }
            >
              Copy Markdown
            </button>
            <button
              type="button"
              className="button button--secondary"
              disabled={exportMd.busy}
              onClick={() =>
                void exportMd
                  .run({ incidentId: props.incidentId, markdown: rendered.text })
                  .then((r) => r && setShareNotice(`Saved ${r.path}`))
              }
            >
              Export .md
            </button>
            <button
              type="button"
              className="button button--secondary"
              disabled={askReview.busy || view.stage === 'none'}
              title={view.stage === 'none' ? 'Save the draft first' : undefined}
              onClick={() =>
                void askReview
                  .run({ incidentId: props.incidentId, markdown: rendered.text })
                  .then((v) => v && setView(v))
              }
            >
              Ask for review
            </button>
          </div>
          <ErrorText message={exportMd.error ?? askReview.error} />
          {shareNotice ? (
            <p className="saved" role="status" data-testid="pm-share-notice">
              {shareNotice}
            </p>
          ) : null}
          {view.reviewRequest ? (
            <p
              className={view.reviewRequest.status === 'sent' ? 'ac-ok' : 'muted'}
              data-testid="review-request"
            >
              Review request {view.reviewRequest.status}
              {view.reviewRequest.message ? `: ${view.reviewRequest.message}` : ''}
            </p>
          ) : null}
          <h3 className="ac-subtitle">Reviewed by</h3>
          {view.reviews.length === 0 ? (
            <p className="muted">Nobody yet.</p>
          ) : (
            <ul className="plain-list">
              {view.reviews.map((r) => (
                <li key={`${r.reviewer}-${r.at}`}>
                  {r.reviewer} · {new Date(r.at).toLocaleString()}
                </li>
              ))}
            </ul>
          )}
          <form
            className="ac-inline"
            onSubmit={(e) => {
              e.preventDefault();
              void recordReview.run({ incidentId: props.incidentId, reviewer }).then((v) => {
                if (v) {
                  setView(v);
                  setReviewer('');
                }
              });
            }}
          >
            <label className="field">
              <span className="field__label">Reviewer</span>
              <input
                className="input"
                value={reviewer}
                onChange={(e) => setReviewer(e.target.value)}
              />
            </label>
            <button
              type="submit"
              className="button button--secondary"
              disabled={reviewer.trim() === '' || view.stage === 'none' || recordReview.busy}
            >
              Record review
            </button>
          </form>
          <ErrorText message={recordReview.error} />
        </section>
      </div>
    </div>
  );
}
