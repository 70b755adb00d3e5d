/**
 * What each severity change made here did after it: the Slack message, the channel topic, the
 * status page and (through PagerDuty) the urgency, each with its own result: done, failed with
 * Retry, or skipped and why ("not connected", with a link to Settings and a Retry for once it is).
 */
import type { ReactNode } from 'react';
import type {
  FollowUp,
  FollowUpAction,
  SeverityChange,
} from '../../../shared/aftercare/timeline.js';
import { ErrorText } from '../../components/error-text.js';
import { ExternalLink } from '../../components/external-link.js';
import { formatClockZoned } from '../../lib/time.js';
import { hrefFor } from '../../lib/route.js';
import { useCommand } from '../../lib/use-command.js';

const LABELS: Record<FollowUpAction, string> = {
  'slack-message': 'Tell the Slack channel',
  'slack-topic': 'Update the channel topic',
  statuspage: 'Update the status page',
  'pagerduty-urgency': 'Raise the PagerDuty urgency',
};

const STATUS_TEXT: Record<FollowUp['status'], string> = {
  pending: 'Running…',
  done: 'Done',
  failed: 'Failed',
  skipped: 'Skipped',
};

function FollowUpRow(props: {
  incidentId: string;
  change: SeverityChange;
  followUp: FollowUp;
  onChanged: () => void;
}): ReactNode {
  const { followUp: f } = props;
  const retry = useCommand('incidents:retry-change-action');
  const label = LABELS[f.action];
  const canRetry = f.status === 'failed' || (f.status === 'skipped' && f.notConnected === true);
  const status = f.status === 'done' ? 'sent' : f.status;
  return (
    <li className={`ac-follow-up ac-delivery--${status}`}>
      <span className="ac-delivery__dest">{label}</span>: {STATUS_TEXT[f.status]}
      {f.detail ? <span className="ac-delivery__why"> · {f.detail}</span> : null}
      {f.link && f.status === 'done' ? (
        <>
          {' · '}
          <ExternalLink url={f.link}>Open</ExternalLink>
        </>
      ) : null}
      {f.notConnected ? (
        <>
          {' — '}
          <a href={hrefFor('settings')}>Connect in Settings</a>
        </>
      ) : null}
      {canRetry ? (
        <>
          {' '}
          <button
            type="button"
            className="button button--secondary"
            disabled={retry.busy}
            onClick={() =>
              void retry
                .run({ incidentId: props.incidentId, changeId: props.change.id, action: f.action })
                .then(props.onChanged)
            }
          >
            {retry.busy ? 'Retrying…' : 'Retry'}
            <span className="visually-hidden"> {label.toLowerCase()}</span>
          </button>
        </>
      ) : null}
      <ErrorText message={retry.error} />
    </li>
  );
}

/** Every severity change made here, newest first, with what it did after. */
export function SeverityChangeFollowUps(props: {
  incidentId: string;
  changes: readonly SeverityChange[];
  onChanged: () => void;
}): ReactNode {
  if (props.changes.length === 0) return null;
  return (
    <div className="ac-follow-ups">
      {[...props.changes].reverse().map((c) => (
        <div key={c.id}>
          <p className="ac-follow-ups__head">
            SEV-{c.from} → SEV-{c.to} at{' '}
            <time dateTime={c.at}>{formatClockZoned(Date.parse(c.at))}</time>
            {c.by ? ` by ${c.by.name}` : ''}
          </p>
          <ul
            className="plain-list"
            aria-label={`After the change from SEV-${c.from} to SEV-${c.to}`}
          >
            {c.followUps.map((f) => (
              <FollowUpRow
                key={f.action}
                incidentId={props.incidentId}
                change={c}
                followUp={f}
                onChanged={props.onChanged}
              />
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}
