/**
 * Declarations outside the Run screen, so none is ever lost from view: an interrupted one (a crash
 * or quit mid-declaration; the app resumes it in the background) on Now, Declare and Incidents
 * with its per-action state and Resume, and an incident's own declaration in its console with
 * each action's state and Retry.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { ACTION_IDS, type Declaration } from '../../../shared/declaration.js';
import { ErrorText } from '../../components/error-text.js';
import { useZephyr } from '../../lib/api.js';
import { hrefOf } from '../../lib/route.js';
import { useCommand } from '../../lib/use-command.js';
import { DeclarationActions, isUnfinished } from './declare-run.js';
import './declare.css';

/** Declarations older than this are no longer shown as interrupted. */
const RECENT_MS = 24 * 3600_000;

/** Every saved declaration, kept current by `declarations:changed`. */
export function useDeclarations(): { declarations: Declaration[]; error: string | null } {
  const client = useZephyr();
  const [declarations, setDeclarations] = useState<Declaration[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const changed = new Map<string, Declaration>();
    const off = client.on('declarations:changed', ({ declaration }) => {
      changed.set(declaration.id, declaration);
      setDeclarations((list) =>
        list.some((d) => d.id === declaration.id)
          ? list.map((d) => (d.id === declaration.id ? declaration : d))
          : [...list, declaration],
      );
    });
    void client.invoke('declarations:list', {}).then((result) => {
      if (!result.ok) setError(result.error.message);
      else setDeclarations(result.value.declarations.map((d) => changed.get(d.id) ?? d));
    });
    return off;
  }, [client]);
  return { declarations, error };
}

/** True when a recent declaration did not finish, or finished with failed actions. */
export function isInterrupted(declaration: Declaration, now: number): boolean {
  if (now - Date.parse(declaration.createdAt) > RECENT_MS) return false;
  const failed = ACTION_IDS.some((id) => declaration.actions[id]?.status === 'failed');
  return failed || isUnfinished(declaration);
}

function ResumeButton(props: { declaration: Declaration }): ReactNode {
  const retry = useCommand('declarations:retry-action');
  const { declaration } = props;
  const failed = ACTION_IDS.filter((id) => declaration.actions[id]?.status === 'failed');
  const running = isUnfinished(declaration);
  return (
    <div className="declaration-card__resume">
      {running ? (
        <p className="muted" role="status">
          Resuming in the background…
        </p>
      ) : (
        <button
          type="button"
          className="button"
          disabled={retry.busy}
          onClick={() => {
            // One retry per failed action; each also runs what it blocked.
            void (async () => {
              for (const actionId of failed) await retry.run({ id: declaration.id, actionId });
            })();
          }}
        >
          Resume
        </button>
      )}
      <ErrorText message={retry.error} />
    </div>
  );
}

/** The interrupted declarations, each with its actions and Resume; nothing when there are none. */
export function InterruptedDeclarations(props: { exceptId?: string | null }): ReactNode {
  const { declarations, error } = useDeclarations();
  const [now] = useState(() => Date.now());
  const shown = declarations.filter((d) => d.id !== props.exceptId && isInterrupted(d, now));
  if (error) return <ErrorText message={`Could not read the declarations: ${error}`} />;
  if (shown.length === 0) return null;
  return (
    <>
      {shown.map((d) => (
        <section
          key={d.id}
          className="card declaration-card"
          aria-label={`Interrupted declaration: ${d.input.summary}`}
        >
          <h2 className="card__title">Interrupted declaration: {d.input.summary}</h2>
          {d.results.incidentId ? (
            <p>
              <a href={hrefOf({ view: 'incident', incidentId: d.results.incidentId })}>
                Open the incident's console
              </a>
            </p>
          ) : null}
          <ResumeButton declaration={d} />
          <DeclarationActions declaration={d} />
        </section>
      ))}
    </>
  );
}

/** The declaration that opened `incidentId`, with each action's state and Retry, if one did. */
export function IncidentDeclaration(props: { incidentId: string }): ReactNode {
  const { declarations } = useDeclarations();
  const declaration = declarations.find((d) => d.results.incidentId === props.incidentId);
  if (!declaration) return null;
  return (
    <section className="card" aria-labelledby="ac-declaration">
      <h2 className="card__title" id="ac-declaration">
        Declaration actions
      </h2>
      <DeclarationActions declaration={declaration} />
    </section>
  );
}
