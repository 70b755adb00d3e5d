/**
 * What each severity change made here did after it: the Slack message, the channel topic, the
 * status page and (through PagerDuty) the urgency, each with its own result: done, failed with
 * Retry, or skipped and why ("not connected", with a link to Settings; no dead Retry: it shows
 * once the integration is connected).
 */
import type { ReactNode } from 'react';
import type {
  FollowUp,
  FollowUpAction,
  SeverityChange,
} from '../../../shared/aftercare/timeline.js';
import type { IntegrationsView } from '../../../shared/aftercare/views.js';
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

/** The integration each follow-up needs, as the console knows them (PagerDuty is not listed). */
const NEEDS: Partial<Record<FollowUpAction, keyof IntegrationsView>> = {
  'slack-message': 'slack',
  'slack-topic': 'slack',
  statuspage: 'statuspage',
};

/**
 * What a follow-up's row offers: Retry when it failed, or when it was skipped for want of a
 * connection that is there now; "Connect in Settings" while that connection is still missing
 * (never a Retry that could only skip again); nothing otherwise.
 */
export function followUpOffer(
  f: Pick<FollowUp, 'action' | 'status' | 'notConnected'>,
  integrations: IntegrationsView,
): 'retry' | 'settings' | null {
  if (f.status === 'failed') return 'retry';
  if (f.status !== 'skipped' || f.notConnected !== true) return null;
  const needs = NEEDS[f.action];
  return needs !== undefined && integrations[needs] ? 'retry' : 'settings';
}

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
  integrations: IntegrationsView;
  onChanged: () => void;
}): ReactNode {
  const { followUp: f } = props;
  const retry = useCommand('incidents:retry-change-action');
  const label = LABELS[f.action];
  const offer = followUpOffer(f, props.integrations);
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
      {offer === 'settings' ? (
        <>
          {' — '}
          <a href={hrefFor('settings')}>Connect in Settings</a>
        </>
      ) : null}
      {offer === 'retry' ? (
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
  integrations: IntegrationsView;
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
                integrations={props.integrations}
                onChanged={props.onChanged}
              />
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}
