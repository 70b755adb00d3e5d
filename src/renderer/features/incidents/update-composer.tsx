/**
 * The status-update composer: status and message, a one-click "Still investigating" start, and
 * where the update will go (channel, status page, platform) before it is posted.
 */
import { useState, type ReactNode } from 'react';
import type { IncidentDetail } from '../../../shared/aftercare/views.js';
import type { Incident } from '../../../shared/domain.js';
import { ErrorText } from '../../components/error-text.js';
import { useCommand } from '../../lib/use-command.js';
import { Field } from '../../components/field.js';

type ComposerStatus = 'investigating' | 'identified' | 'monitoring';

const STATUSES: { value: ComposerStatus; label: string; hint: string }[] = [
  { value: 'investigating', label: 'Investigating', hint: 'We know something is wrong.' },
  { value: 'identified', label: 'Identified', hint: 'We know the cause and are fixing it.' },
  { value: 'monitoring', label: 'Monitoring', hint: 'A fix is out; we are watching it.' },
];

/** The text of the one-click start. */
export const STILL_INVESTIGATING = 'Still investigating. Next update in 15 minutes.';

/** The composer; `onPosted` runs after each post (whatever its results). */
export function UpdateComposer(props: {
  incident: Incident;
  integrations: IncidentDetail['integrations'];
  targets: IncidentDetail['targets'];
  onPosted: () => void;
}): ReactNode {
  const initial: ComposerStatus =
    props.incident.status === 'resolved' ? 'monitoring' : props.incident.status;
  const [status, setStatus] = useState<ComposerStatus>(initial);
  const [message, setMessage] = useState('');
  const post = useCommand('updates:post');
  const { integrations, targets } = props;
  const where = [
    integrations.slack && targets.slackChannel ? 'the Slack channel' : null,
    integrations.statuspage && targets.statuspageIncidentId ? 'the status page' : null,
    integrations.platform ? 'the Zephyr platform' : null,
  ].filter((w): w is string => w !== null);

  const submit = async (): Promise<void> => {
    const result = await post.run({ incidentId: props.incident.id, status, message });
    if (result) setMessage('');
    props.onPosted();
  };

  return (
    <section className="card ac-composer" aria-labelledby="ac-compose">
      <h2 className="card__title" id="ac-compose">
        Post a status update
      </h2>
      <div className="form-actions">
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            setStatus('investigating');
            setMessage(STILL_INVESTIGATING);
          }}
        >
          Still investigating, next update in 15 minutes
        </button>
      </div>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <fieldset className="fieldset">
          <legend className="field__label">Status</legend>
          <div className="ac-statuses">
            {STATUSES.map((s) => (
              <label
                key={s.value}
                className={`choice${status === s.value ? ' ac-choice--on' : ''}`}
              >
                <input
                  type="radio"
                  name="update-status"
                  value={s.value}
                  checked={status === s.value}
                  onChange={() => setStatus(s.value)}
                />{' '}
                <span>
                  <strong>{s.label}</strong>
                  <span className="muted ac-choice__hint">{s.hint}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <Field
          label="Message"
          rows={3}
          maxLength={4000}
          value={message}
          onChange={setMessage}
          placeholder="What we know, what we are doing, when the next update comes."
        />
        <p className="muted">
          Goes to {where.length > 0 ? where.join(', ') : 'nowhere yet'}
          {where.length < 3
            ? ' (the others are not connected for this incident and are skipped)'
            : ''}
          .
        </p>
        <div className="form-actions">
          <button
            type="submit"
            className="button button--primary"
            disabled={post.busy || message.trim() === ''}
          >
            {post.busy ? 'Posting…' : 'Post update'}
          </button>
        </div>
        <ErrorText message={post.error} />
      </form>
    </section>
  );
}
