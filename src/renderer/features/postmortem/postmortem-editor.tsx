/**
 * The post-mortem (blameless, within 72 hours, drafted by the commander): the team's template
 * filled with the timeline, roles and updates; what the commander writes; action items that each
 * need a named owner before they can be saved and become Linear tickets; Markdown export and copy;
 * "Ask for review" to the incident channel, "Push to the platform repo" (a branch and its pull
 * request), and the record of who reviewed it.
 * State and commands: `usePostMortemDraft`; the two cards: `postmortem-form` and `-preview`.
 */
import type { ReactNode } from 'react';
import { ErrorText } from '../../components/error-text.js';
import { BackLink, ViewHeader } from '../../components/view-header.js';
import { hrefOf } from '../../lib/route.js';
import { PostMortemFormCard } from './postmortem-form.js';
import { PostMortemPreview } from './postmortem-preview.js';
import { usePostMortemDraft } from './use-postmortem-draft.js';

/** The page. */
export function PostMortemEditor(props: { incidentId: string; version: number }): ReactNode {
  const pm = usePostMortemDraft(props.incidentId, props.version);
  const { view, rendered } = pm;
  const back = hrefOf({ view: 'incident', incidentId: props.incidentId });

  if (!view || !pm.form || !pm.playbook || !rendered) {
    return (
      <div className="view">
        <BackLink href={back}>Back to the incident</BackLink>
        {pm.loadError ? (
          <ErrorText message={pm.loadError} />
        ) : (
          <p className="muted loading">Loading…</p>
        )}
      </div>
    );
  }

  return (
    <div className="view ac-pm">
      <BackLink href={back}>
        {view.incident.id}: {view.incident.summary}
      </BackLink>
      <ViewHeader title="Post-mortem">
        <span className="pill ac-pill">{view.stage === 'none' ? 'not saved yet' : view.stage}</span>
      </ViewHeader>
      <p className="muted">
        Blameless: describe systems, signals and decisions, not who was at fault. Owned by{' '}
        {view.incident.roles.commander?.name ?? 'the incident commander'}.
      </p>
      <p className="muted">{view.template.source}</p>
      {view.template.note ? <p className="callout">{view.template.note}</p> : null}
      <div className="ac-two">
        <PostMortemFormCard pm={pm} view={view} />
        <PostMortemPreview
          incidentId={props.incidentId}
          view={view}
          rendered={rendered}
          unsaved={pm.unsaved}
          onView={pm.setView}
        />
      </div>
    </div>
  );
}
