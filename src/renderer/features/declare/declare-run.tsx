/**
 * The Run step: every action of one declaration with its live state (waiting, running, done with
 * a link, failed with the reason and a Retry button, skipped and why), kept current by the
 * `declarations:changed` event.
 */
import { useEffect, useState, type ReactNode } from 'react';
import {
  ACTION_IDS,
  type ActionId,
  type ActionState,
  type Declaration,
  type DeclarationPlan,
} from '../../../shared/declaration.js';
import { ErrorText } from '../../components/error-text.js';
import { ExternalLink } from '../../components/external-link.js';
import { useZephyr } from '../../lib/api.js';
import { hrefFor, hrefOf } from '../../lib/route.js';
import { useCommand } from '../../lib/use-command.js';

const STATUS_TEXT: Record<ActionState['status'], string> = {
  waiting: 'Waiting',
  running: 'Running',
  done: 'Done',
  failed: 'Failed',
  skipped: 'Skipped',
};

/** The live declaration `id`: fetched once, then replaced by each `declarations:changed`. */
export function useDeclaration(id: string): {
  declaration: Declaration | null;
  error: string | null;
} {
  const client = useZephyr();
  const [declaration, setDeclaration] = useState<Declaration | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let seen = false;
    const off = client.on('declarations:changed', ({ declaration: d }) => {
      if (d.id !== id) return;
      seen = true;
      setDeclaration(d);
    });
    void client.invoke('declarations:get', { id }).then((result) => {
      if (!result.ok) setError(result.error.message);
      else if (!seen) setDeclaration(result.value);
    });
    return off;
  }, [client, id]);
  return { declaration, error };
}

function StatusIcon(props: { status: ActionState['status'] }): ReactNode {
  if (props.status === 'running') return <span className="spinner" aria-hidden="true" />;
  const glyph = { waiting: '○', done: '✓', failed: '!', skipped: '–' }[props.status];
  return (
    <span className={`run-icon run-icon--${props.status}`} aria-hidden="true">
      {glyph}
    </span>
  );
}

/** Skipped because an integration is not connected (Settings is the way on, not Retry). */
function skippedNotConnected(state: ActionState | undefined): boolean {
  return state?.status === 'skipped' && /not connected/i.test(state.error ?? 'not connected');
}

function ActionRow(props: {
  declarationId: string;
  id: ActionId;
  label: string;
  state: ActionState | undefined;
}): ReactNode {
  const retry = useCommand('declarations:retry-action');
  const state = props.state;
  const status = state?.status ?? 'waiting';
  return (
    <li className={`run-row run-row--${status}`}>
      <StatusIcon status={status} />
      <div className="run-row__body">
        <p className="run-row__label">
          {props.label}{' '}
          <span className={`run-status run-status--${status}`}>{STATUS_TEXT[status]}</span>
        </p>
        {status === 'done' && state?.detail ? (
          <p className="run-row__detail">
            {state.detail}
            {state.link ? (
              <>
                {' · '}
                <ExternalLink url={state.link}>Open</ExternalLink>
              </>
            ) : null}
          </p>
        ) : null}
        {status === 'skipped' ? (
          <p className="run-row__detail muted">{state?.error ?? 'Not connected'}</p>
        ) : null}
        {skippedNotConnected(state) ? (
          <p className="run-row__detail">
            <a href={hrefFor('settings')}>Connect in Settings</a>
          </p>
        ) : null}
        {status === 'failed' ? <p className="run-row__error">{state?.error ?? 'Failed'}</p> : null}
        <ErrorText message={retry.error} />
      </div>
      {status === 'failed' ? (
        <button
          type="button"
          className="button button--secondary run-row__retry"
          disabled={retry.busy}
          onClick={() => void retry.run({ id: props.declarationId, actionId: props.id })}
        >
          Retry<span className="visually-hidden"> {props.label}</span>
        </button>
      ) : null}
    </li>
  );
}

/** Words for an action without a plan to name it (the console, an interrupted declaration). */
const ACTION_LABELS: Record<ActionId, string> = {
  'platform-incident': 'Open the incident on the platform',
  pages: 'Page the responders',
  'slack-channel': 'Create the Slack channel',
  'slack-topic': 'Set the channel topic',
  'slack-invite': 'Invite the responders to the channel',
  statuspage: 'Post on the status page',
  linear: 'Open the Linear ticket',
  'slack-kickoff': 'Post the kickoff message',
  'slack-runbook': 'Post the runbook',
  'platform-links': 'Link the channel, status page and ticket on the platform',
};

/** True while some action of `declaration` has not finished (waiting or running). */
export function isUnfinished(declaration: Declaration): boolean {
  return ACTION_IDS.some((id) => {
    const status = declaration.actions[id]?.status ?? 'waiting';
    return status === 'waiting' || status === 'running';
  });
}

/** Every action of `declaration` with its state: Retry on a failed one, Settings for a skipped one. */
export function DeclarationActions(props: {
  declaration: Declaration;
  plan?: DeclarationPlan | null;
}): ReactNode {
  const { declaration } = props;
  const label = (id: ActionId): string =>
    props.plan?.actions.find((a) => a.id === id)?.label ?? ACTION_LABELS[id];
  return (
    <ol className="run-list" aria-label="Actions">
      {ACTION_IDS.map((id) => (
        <ActionRow
          key={id}
          declarationId={declaration.id}
          id={id}
          label={label(id)}
          state={declaration.actions[id]}
        />
      ))}
    </ol>
  );
}

/** The Run screen for declaration `id`; `plan` gives the labels the Review step showed. */
export function DeclarationRun(props: { id: string; plan: DeclarationPlan | null }): ReactNode {
  const { declaration, error } = useDeclaration(props.id);
  if (error) return <ErrorText message={`Could not load the declaration: ${error}`} />;
  if (!declaration) return <p className="muted">Starting…</p>;
  const states = ACTION_IDS.map((id) => declaration.actions[id]?.status ?? 'waiting');
  const finished = states.every((s) => s === 'done' || s === 'failed' || s === 'skipped');
  const failed = states.filter((s) => s === 'failed').length;
  const incidentId = declaration.results.incidentId;
  return (
    <div className="run">
      <p className="run__summary" role="status" aria-live="polite">
        {!finished
          ? 'Declaring… you can leave this screen: it carries on in the background.'
          : failed > 0
            ? `${failed} ${failed === 1 ? 'action' : 'actions'} failed: retry below, the rest is done.`
            : 'Declared. Everything that could run is done.'}
      </p>
      {incidentId ? (
        <p>
          <a className="button button--secondary" href={hrefOf({ view: 'incident', incidentId })}>
            Open the incident's console
          </a>
        </p>
      ) : null}
      <DeclarationActions declaration={declaration} plan={props.plan} />
    </div>
  );
}
