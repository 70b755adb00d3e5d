/**
 * "Escalate to…": page a rotation or a person I pick instead of the chain's next step (issue 13,
 * item 3). The lists come from main (`pages:escalation-targets`: the page's source's rotations
 * and the people on their shifts), and main refuses any other target.
 */
import { useEffect, useId, useState, type ReactNode } from 'react';
import type { CommandOutput } from '../../../shared/contract.js';
import { ErrorText } from '../../components/error-text.js';
import { useCommand } from '../../lib/use-command.js';

type Targets = CommandOutput<'pages:escalation-targets'>;

/** The picker's value: `rotation:<id>` or `person:<id>`. */
function targetOf(value: string): { rotation: string } | { person: string } | undefined {
  const [kind, ...rest] = value.split(':');
  const id = rest.join(':');
  if (!id) return undefined;
  return kind === 'rotation' ? { rotation: id } : kind === 'person' ? { person: id } : undefined;
}

/** Rows the list box needs to show every choice with its group heading (at most 16). */
function rows(targets: Targets): number {
  const group = (n: number) => (n > 0 ? n + 1 : 0);
  return Math.min(16, group(targets.rotations.length) + group(targets.people.length));
}

/** The picker for page `pageKey`; `onDone` gets the name paged, `onCancel` closes it. */
export function EscalatePicker(props: {
  pageKey: string;
  onDone: (targetName: string) => void;
  onCancel: () => void;
}): ReactNode {
  const { pageKey, onDone } = props;
  const load = useCommand('pages:escalation-targets');
  const escalate = useCommand('pages:escalate');
  const [targets, setTargets] = useState<Targets | null>(null);
  const [choice, setChoice] = useState('');
  const selectId = useId();
  const run = load.run;

  useEffect(() => {
    let live = true;
    void run({ key: pageKey }).then((answer) => {
      if (live && answer) setTargets(answer);
    });
    return () => {
      live = false;
    };
  }, [run, pageKey]);

  const to = targetOf(choice);
  const submit = (): void => {
    if (!to) return;
    void escalate.run({ key: pageKey, to }).then((result) => {
      if (result) onDone(result.targetName);
    });
  };

  return (
    <form
      className="escalate-picker"
      aria-label="Escalate to someone else"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <label htmlFor={selectId}>Escalate to</label>
      <select
        id={selectId}
        // A list box, not a drop-down: the whole roster is in view at once.
        size={targets ? Math.max(2, rows(targets)) : 1}
        value={choice}
        disabled={!targets || escalate.busy}
        onChange={(event) => setChoice(event.target.value)}
      >
        {targets ? null : <option value="">Loading the roster…</option>}
        {targets && targets.rotations.length > 0 ? (
          <optgroup label="Rotations (whoever is on call)">
            {targets.rotations.map((r) => (
              <option key={r.id} value={`rotation:${r.id}`}>
                {r.name}
              </option>
            ))}
          </optgroup>
        ) : null}
        {targets && targets.people.length > 0 ? (
          <optgroup label="People">
            {targets.people.map((p) => (
              <option key={p.id} value={`person:${p.id}`}>
                {`${p.name} (${p.detail})`}
              </option>
            ))}
          </optgroup>
        ) : null}
      </select>
      <div className="escalate-picker__buttons">
        <button type="submit" className="button" disabled={!to || escalate.busy}>
          {escalate.busy ? 'Escalating…' : 'Escalate'}
        </button>
        <button type="button" className="button button--secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
      <ErrorText message={load.error ?? escalate.error} />
    </form>
  );
}
