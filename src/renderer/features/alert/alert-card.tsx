/** One ringing page: what it is, how long it has rung, when it escalates, and the one button. */
import { useState, type ReactNode, type Ref } from 'react';
import type { PageView } from '../../../shared/domain.js';
import { ErrorText } from '../../components/error-text.js';
import { ExternalLink } from '../../components/external-link.js';
import { SeverityBadge } from '../../components/severity-badge.js';
import { escalationCountdown } from '../../../shared/countdown.js';
import { formatAge, formatElapsed, formatFull } from '../../lib/time.js';
import { hrefFor } from '../../lib/route.js';
import { useCommand } from '../../lib/use-command.js';
import { useZephyr } from '../../lib/api.js';
import { PageFollowUp } from './page-follow-up.js';

/** What the acknowledge control shows for a page, from main's state and this click. */
export type AckDisplay =
  { kind: 'button'; retry: boolean } | { kind: 'pending' } | { kind: 'confirmed'; by: string };

/**
 * Decides the acknowledge control: confirmed (by whom) wins, then pending (in main or just
 * clicked here), else the button (a retry after a failure).
 */
export function ackDisplay(view: PageView, clickedHere: boolean, failedHere: boolean): AckDisplay {
  if (view.ack.state === 'confirmed' || view.page.status === 'acknowledged') {
    return { kind: 'confirmed', by: view.page.acknowledgedBy?.name ?? 'you' };
  }
  if (view.ack.state === 'pending') return { kind: 'pending' };
  if (clickedHere && !failedHere && view.ack.state !== 'failed') return { kind: 'pending' };
  return { kind: 'button', retry: view.ack.state === 'failed' || failedHere };
}

/** The acknowledge button, "acknowledging…" or "acknowledged by <name>", with any failure. */
export function AckControl(props: {
  view: PageView;
  buttonRef?: Ref<HTMLButtonElement>;
  size?: 'large' | 'normal';
  onAcknowledged?: (key: string) => void;
}): ReactNode {
  // Read the props once: the compiler treats every read of a props object holding a ref as a ref read.
  const { view, buttonRef, size, onAcknowledged } = props;
  const ack = useCommand('pages:acknowledge');
  const [clicked, setClicked] = useState(false);
  const [failedHere, setFailedHere] = useState(false);
  const display = ackDisplay(view, clicked, failedHere);
  const failure = view.ack.state === 'failed' ? (view.ack.message ?? null) : null;
  const large = size === 'large';

  const acknowledge = (): void => {
    setClicked(true);
    setFailedHere(false);
    onAcknowledged?.(view.key);
    void ack.run({ key: view.key }).then((result) => {
      if (!result || result.state === 'failed') setFailedHere(true);
    });
  };

  return (
    <div className="ack" aria-live="polite">
      {display.kind === 'button' ? (
        <button
          type="button"
          ref={buttonRef}
          className={`button button--ack${large ? ' button--large' : ''}`}
          onClick={acknowledge}
          data-testid="acknowledge"
        >
          {display.retry ? 'Acknowledge (try again)' : 'Acknowledge'}
        </button>
      ) : display.kind === 'pending' ? (
        <p className="ack__state ack__state--pending" role="status">
          <span className="spinner" aria-hidden="true" />
          acknowledging…
        </p>
      ) : (
        <p className="ack__state ack__state--confirmed" role="status">
          <span className="check" aria-hidden="true">
            ✓
          </span>
          acknowledged by {display.by}
        </p>
      )}
      <ErrorText
        message={
          ack.error ??
          (display.kind === 'button' && failure ? `Acknowledge failed: ${failure}` : null)
        }
      />
    </div>
  );
}

/** The alert panel's card for one page. */
export function AlertCard(props: {
  view: PageView;
  now: number;
  buttonRef?: Ref<HTMLButtonElement>;
  onAcknowledged?: (key: string) => void;
  /** Called when "Declare an incident for this page" is followed (the panel may close). */
  onDeclare?: () => void;
  headingId?: string;
}): ReactNode {
  const { view, now } = props;
  const { page } = view;
  const client = useZephyr();
  const platformNow = now + view.skewMs;
  const countdown = escalationCountdown(page, now, view.skewMs);
  const created = Date.parse(page.createdAt);
  const acked = view.ack.state === 'confirmed' || page.status === 'acknowledged';
  return (
    <article className={`alert-card${acked ? ' alert-card--done' : ''}`} data-testid="alert-card">
      <div className="alert-card__meta">
        <SeverityBadge severity={page.severity} />
        {page.test ? <span className="badge badge--neutral">Test page</span> : null}
        <span>{page.service ?? 'No service'}</span>
        <span aria-hidden="true">·</span>
        <span data-testid="page-source">via {view.sourceLabel}</span>
      </div>
      <h2 className="alert-card__title" id={props.headingId}>
        {page.title}
      </h2>
      <p className="alert-card__age">
        {acked && page.acknowledgedAt
          ? `Acknowledged after ${formatElapsed(created, Date.parse(page.acknowledgedAt))}`
          : `${acked ? 'Paged' : 'Ringing for'} `}
        {acked && page.acknowledgedAt ? null : (
          <time dateTime={page.createdAt} title={`Since ${formatFull(created)}`}>
            {acked ? formatAge(created, platformNow) : formatElapsed(created, platformNow)}
          </time>
        )}
      </p>
      {!acked ? (
        <p
          className={`countdown${countdown.msLeft !== null && countdown.msLeft < 60_000 ? ' countdown--urgent' : ''}`}
          data-testid="countdown"
        >
          {countdown.label}
        </p>
      ) : null}
      <div className="alert-card__actions">
        <AckControl
          view={view}
          size="large"
          buttonRef={props.buttonRef}
          onAcknowledged={props.onAcknowledged}
        />
        <PageFollowUp view={view} />
        {page.links?.runbook ? (
          <ExternalLink url={page.links.runbook} className="button button--secondary">
            Open runbook
          </ExternalLink>
        ) : null}
        <a
          className="button button--secondary"
          href={`${hrefFor('declare')}?page=${encodeURIComponent(view.key)}`}
          onClick={(event) => {
            props.onDeclare?.();
            // In Electron the alert is its own small always-on-top window: declare in the main one.
            if (client.transport !== 'preload') return;
            event.preventDefault();
            void client
              .invoke('app:show-main', { route: '/declare', pageKey: view.key })
              .then((result) => {
                if (!result.ok || !result.value.shown) {
                  location.hash = `${hrefFor('declare')}?page=${encodeURIComponent(view.key)}`;
                }
              });
          }}
        >
          Declare an incident for this page
        </a>
      </div>
    </article>
  );
}
