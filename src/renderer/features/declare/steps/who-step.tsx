/** Step "Who": the commander (required), comms and investigators, prefilled from the defaults. */
import { useState, type ReactNode } from 'react';
import type { DeclarationDefaults } from '../../../../shared/declaration.js';
import { StepForm, type StepProps } from '../wizard-parts.js';

function PersonSelect(props: {
  id: string;
  label: string;
  hint: string;
  value: string;
  people: DeclarationDefaults['people'];
  allowNone?: boolean;
  onChange: (id: string) => void;
}): ReactNode {
  return (
    <div className="field">
      <label className="field__label" htmlFor={props.id}>
        {props.label}
      </label>
      <select
        id={props.id}
        className="input select"
        value={props.value}
        aria-describedby={`${props.id}-hint`}
        onChange={(e) => props.onChange(e.target.value)}
      >
        {props.allowNone ? <option value="">Nobody yet</option> : null}
        {props.people.map((p) => (
          <option key={p.person.id} value={p.person.id}>
            {p.person.name}
            {p.onShift.length ? ` — ${p.onShift.join('; ')}` : ''}
          </option>
        ))}
      </select>
      <p className="field__hint" id={`${props.id}-hint`}>
        {props.hint}
      </p>
    </div>
  );
}

/** The third step's form; Next needs a commander. */
export function WhoStep(props: StepProps & { defaults: DeclarationDefaults | null }): ReactNode {
  const { draft, set, defaults } = props;
  const people = defaults?.people ?? [];
  const roles = props.playbook?.roles;
  const [error, setError] = useState<string | null>(null);
  return (
    <StepForm
      blocker={() => (draft.commanderId ? null : { message: 'Choose an incident commander.' })}
      onBlocked={setError}
      onNext={props.onNext}
      next="Next: review"
      onBack={props.onBack}
      error={error}
    >
      <div className="wizard__row">
        <PersonSelect
          id="declare-commander"
          label={roles?.commander.title ?? 'Incident commander'}
          hint={roles?.commander.description ?? ''}
          value={draft.commanderId}
          people={people}
          onChange={(id) => set({ commanderId: id, rolesTouched: true })}
        />
        <PersonSelect
          id="declare-comms"
          label={roles?.comms.title ?? 'Comms'}
          hint={roles?.comms.description ?? ''}
          value={draft.commsId}
          people={people}
          allowNone
          onChange={(id) => set({ commsId: id, rolesTouched: true })}
        />
      </div>
      <fieldset className="investigators">
        <legend className="field__label">{roles?.investigators.title ?? 'Investigators'}</legend>
        <p className="field__hint">
          {roles?.investigators.description ?? ''} The service owner and the platform on-call are
          suggested.
        </p>
        <ul className="plain-list people-list">
          {people.map((p) => {
            const id = `declare-inv-${p.person.id}`;
            return (
              <li key={p.person.id} className="people-list__item">
                <input
                  id={id}
                  type="checkbox"
                  className="checkbox"
                  checked={draft.investigatorIds.includes(p.person.id)}
                  onChange={(e) =>
                    set({
                      rolesTouched: true,
                      investigatorIds: e.target.checked
                        ? [...draft.investigatorIds, p.person.id]
                        : draft.investigatorIds.filter((x) => x !== p.person.id),
                    })
                  }
                />
                <label htmlFor={id}>
                  {p.person.name}
                  {defaults?.me?.id === p.person.id ? ' (me)' : ''}
                  <span className="muted">
                    {' '}
                    {p.onShift.length ? p.onShift.join('; ') : 'not on shift'}
                  </span>
                </label>
              </li>
            );
          })}
        </ul>
        {people.length === 0 ? (
          <p className="muted">The rotation feed has not been read yet: nobody to pick.</p>
        ) : null}
      </fieldset>
    </StepForm>
  );
}
