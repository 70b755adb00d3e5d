/**
 * "Hand-off brief": what the next on-call needs (open pages, incidents in progress, the pages of
 * my shift with their time to acknowledge), my notes, and Copy / Post to the team's Slack channel.
 */
import { useState, type ReactNode } from 'react';
import type { AppState } from '../../../shared/domain.js';
import { ErrorText } from '../../components/error-text.js';
import { ViewHeader } from '../../components/view-header.js';
import { formatFull } from '../../lib/time.js';
import { HandoffBriefSections } from './handoff-brief.js';
import { useHandoff, type HandoffModel } from './use-handoff.js';
import './handoff.css';

function Notes(props: { model: HandoffModel }): ReactNode {
  const { model } = props;
  const [text, setText] = useState('');
  const notes = model.view?.brief.notes ?? [];
  return (
    <section className="card handoff-section" aria-label="Notes">
      <h2>Notes</h2>
      <ul className="plain-list">
        {notes.map((n) => (
          <li key={n.id}>
            {n.text}{' '}
            <button type="button" className="link-button" onClick={() => model.deleteNote(n.id)}>
              Delete
            </button>
          </li>
        ))}
      </ul>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!text.trim()) return;
          void model.addNote(text).then((ok) => ok && setText(''));
        }}
      >
        <label htmlFor="handoff-note">Add a note for the next on-call</label>
        <textarea
          id="handoff-note"
          rows={2}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" className="button button--secondary">
          Add note
        </button>
      </form>
    </section>
  );
}

function Share(props: { model: HandoffModel }): ReactNode {
  const { model } = props;
  const view = model.view;
  if (!view) return null;
  const canPost = view.slackChannel !== null && view.slackConnected;
  return (
    <div className="handoff-share">
      <button type="button" className="button" onClick={model.copy}>
        Copy brief
      </button>
      <button
        type="button"
        className="button button--secondary"
        disabled={!canPost || model.posting}
        onClick={model.post}
      >
        {model.posting ? 'Posting…' : `Post to ${view.slackChannel ?? 'Slack'}`}
      </button>
      {!view.slackChannel ? (
        <p className="muted">No hand-off channel in the playbook (handoff.slackChannel).</p>
      ) : !view.slackConnected ? (
        <p className="muted">Slack is not connected (Settings → Integrations).</p>
      ) : null}
      <div aria-live="polite">
        {model.copied ? <p className="muted">Copied.</p> : null}
        {model.posted ? <p className="muted">Posted to {model.posted}.</p> : null}
      </div>
      <ErrorText message={model.actionError} />
    </div>
  );
}

/** The hand-off view. */
export function HandoffView(props: { state: AppState }): ReactNode {
  const model = useHandoff(props.state);
  const brief = model.view?.brief;
  return (
    <div className="view">
      <ViewHeader title="Hand-off brief" />
      <ErrorText message={model.error} />
      {model.view?.shiftEndedAt ? (
        <p className="card">Your shift ended {formatFull(Date.parse(model.view.shiftEndedAt))}.</p>
      ) : null}
      {brief ? (
        <>
          <p>
            {brief.shift
              ? `${brief.shift.rotations.join(', ')}: ${formatFull(Date.parse(brief.shift.start))} to ${formatFull(Date.parse(brief.shift.end))}`
              : 'No shift of yours now: the brief covers the last 24 hours.'}
            {brief.nextOnCall.length > 0
              ? ` Next on call: ${brief.nextOnCall.map((n) => `${n.name} (${n.rotation})`).join(', ')}.`
              : ''}
          </p>
          <Share model={model} />
          <HandoffBriefSections brief={brief} />
          <Notes model={model} />
          <details className="card">
            <summary>The brief as text</summary>
            <pre>{model.view?.text}</pre>
          </details>
        </>
      ) : (
        <p className="muted">Loading…</p>
      )}
    </div>
  );
}
