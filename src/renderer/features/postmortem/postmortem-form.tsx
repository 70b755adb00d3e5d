/** The post-mortem's left card: what the commander writes, the action items, Save. */
import type { ReactNode } from 'react';
import { timeZoneFieldError } from '../../../shared/aftercare/templates.js';
import type { PostMortemInput, PostMortemView } from '../../../shared/aftercare/views.js';
import { ErrorText } from '../../components/error-text.js';
import { Field } from '../../components/field.js';
import { newActionItem, type PostMortemDraft } from './use-postmortem-draft.js';

const TEXTS: readonly [
  keyof Pick<PostMortemInput, 'summary' | 'impact' | 'rootCause'>,
  string,
  number,
][] = [
  ['summary', 'Summary', 3],
  ['impact', 'Impact', 3],
  ['rootCause', 'Root cause', 4],
];

/** The lists written one point per line. */
const LISTS: readonly ['wentWell' | 'wentBadly', string][] = [
  ['wentWell', 'What went well'],
  ['wentBadly', 'What went badly'],
];

type Person = PostMortemView['incident']['roles']['investigators'][number];

function rolePeople(view: PostMortemView): Person[] {
  const { commander, comms, investigators } = view.incident.roles;
  return [commander, comms, ...investigators].filter(
    (p, i, all): p is NonNullable<typeof p> => !!p && all.findIndex((q) => q?.id === p.id) === i,
  );
}

/** Each action item: what will change, its owner (one of the roles, or any name), Remove. */
function ActionItems(props: { pm: PostMortemDraft; view: PostMortemView }): ReactNode {
  const { pm, view } = props;
  const items = pm.form?.fields.actionItems ?? [];
  const people = rolePeople(view);
  const problemsOf = (i: number): string[] =>
    pm.itemProblems.filter((p) => p.index === i).map((p) => p.message);
  return (
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
        {items.map((item, i) => {
          const problems = pm.tried || item.owner !== undefined ? problemsOf(i) : [];
          return (
            <li key={item.id} className="ac-item">
              <Field
                label="What will change"
                value={item.title}
                onChange={(title) => pm.setItem(i, { title })}
              />
              <Field
                label="Owner"
                list="ac-people"
                value={item.owner?.name ?? ''}
                invalid={problems.some((p) => p.includes('owner'))}
                onChange={(name) => {
                  const person = people.find((p) => p.name === name);
                  pm.setItem(i, {
                    owner: person
                      ? { name: person.name, id: person.id, email: person.email }
                      : { name },
                  });
                }}
              />
              <p className="muted ac-item__ticket">
                {item.ticket ? `Ticket ${item.ticket}` : 'No ticket yet'} · {item.status}
              </p>
              {item.ticket === undefined ? (
                <button
                  type="button"
                  className="link-button"
                  onClick={() => pm.setItems((all) => all.filter((_, j) => j !== i))}
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
        onClick={() => pm.setItems((all) => [...all, newActionItem()])}
      >
        Add action item
      </button>
    </fieldset>
  );
}

/** Save, its outcome, and the tickets that could not be created (with "Try ticketing again"). */
function SaveRow(props: {
  pm: PostMortemDraft;
  view: PostMortemView;
  /** True while a field refuses its value (the time zone): nothing is saved. */
  blocked: boolean;
}): ReactNode {
  const { pm, view } = props;
  const count = pm.itemProblems.length;
  return (
    <>
      <div className="form-actions">
        <button
          type="submit"
          className="button button--primary"
          disabled={pm.save.busy || props.blocked}
        >
          {pm.save.busy ? 'Saving…' : 'Save and ticket action items'}
        </button>
        {pm.notice ? (
          <span className="saved" role="status">
            {pm.notice}
          </span>
        ) : null}
      </div>
      {pm.tried && count > 0 ? (
        <p className="error-text" role="alert">
          Not saved: {count} action-item problem
          {count === 1 ? '' : 's'} above.
        </p>
      ) : null}
      <ErrorText message={pm.save.error} />
      {view.ticketProblems.length > 0 ? (
        <div className="callout">
          <ul className="plain-list">
            {view.ticketProblems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
          <button
            type="button"
            className="button button--secondary"
            disabled={pm.tickets.busy}
            onClick={pm.tickets.run}
          >
            Try ticketing again
          </button>
          <ErrorText message={pm.tickets.error} />
        </div>
      ) : null}
    </>
  );
}

/** The form card; submitting saves (and tickets the action items). */
export function PostMortemFormCard(props: {
  pm: PostMortemDraft;
  view: PostMortemView;
}): ReactNode {
  const { pm } = props;
  const form = pm.form;
  if (!form) return null;
  // An unknown zone is refused at its field, never silently shown as UTC in the timeline.
  const zoneError = timeZoneFieldError(form.fields.timeZone);
  return (
    <form
      className="card"
      aria-labelledby="ac-pm-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (zoneError) return;
        void pm.save.run();
      }}
    >
      <h2 className="card__title" id="ac-pm-form">
        What the commander writes
      </h2>
      {TEXTS.map(([key, label, rows]) => (
        <Field
          key={key}
          label={label}
          rows={rows}
          value={form.fields[key]}
          onChange={(value) => pm.setFields({ [key]: value })}
        />
      ))}
      {LISTS.map(([key, label]) => (
        <Field
          key={key}
          label={label}
          hint="One point per line."
          rows={3}
          value={form[key]}
          onChange={(text) => pm.setText(key, text)}
        />
      ))}
      <Field
        label="Time zone of the timeline"
        value={form.fields.timeZone}
        invalid={zoneError !== null}
        onChange={(timeZone) => pm.setFields({ timeZone })}
      >
        <ErrorText message={zoneError} />
      </Field>
      <ActionItems pm={pm} view={props.view} />
      <SaveRow pm={pm} view={props.view} blocked={zoneError !== null} />
    </form>
  );
}
