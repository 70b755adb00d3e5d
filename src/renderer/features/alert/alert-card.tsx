/** One ringing page: what it is, how long it has rung, when it escalates, and the one button. */
import { useState, type ReactNode, type Ref } from 'react';
import type { PageView } from '../../../shared/domain.js';
import { ClampedTitle } from '../../components/clamped-title.js';
import { ErrorText } from '../../components/error-text.js';
import { ExternalLink } from '../../components/external-link.js';
import { SeverityBadge } from '../../components/severity-badge.js';
import { escalationCountdown, ringingSinceMs } from '../../../shared/countdown.js';
import { formatAge, formatClockZoned, formatElapsed, formatFull } from '../../lib/time.js';
import { hrefFor } from '../../lib/route.js';
import { useCommand } from '../../lib/use-command.js';
import { useZephyr } from '../../lib/api.js';
import { PageFollowUp } from './page-follow-up.js';

/** What the acknowledge control shows for a page, from main's state and this click. */
export type AckDisplay =
  | { kind: 'button'; retry: boolean }
  | { kind: 'pending' }
  | { kind: 'confirmed'; by: string }
  | { kind: 'escalated'; to: string };

/**
 * Decides the acknowledge control: confirmed (by whom) wins, then pending (in main or just
 * clicked here), else the button (a retry after a failure). A page I acknowledged that was then
 * escalated on ("Escalate now": triggered again, a later step, not ringing for me) says to whom.
 */
export function ackDisplay(view: PageView, clickedHere: boolean, failedHere: boolean): AckDisplay {
  const { page } = view;
  if (
    view.ack.state === 'confirmed' &&
    page.status === 'triggered' &&
    page.escalation.step > 0 &&
    !view.ringing
  ) {
    return { kind: 'escalated', to: page.target.name };
  }
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
        >
          {display.retry ? 'Acknowledge (try again)' : 'Acknowledge'}
        </button>
      ) : display.kind === 'pending' ? (
        <p className="ack__state ack__state--pending" role="status">
          <span className="spinner" aria-hidden="true" />
          acknowledging…
        </p>
      ) : display.kind === 'escalated' ? (
        <p className="ack__state" role="status">
          escalated to {display.to}
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

/** "paged Priya Raman at 12:05 PST" for each escalation step taken, skipped ones saying so. */
export function EscalationHistory(props: { view: PageView }): ReactNode {
  const { steps, step } = props.view.page.escalation;
  if (step === 0) return null;
  const taken = steps.filter((s) => s.notifiedAt || s.skipped);
  if (taken.length === 0) return null;
  return (
    <ul className="alert-card__steps">
      {taken.map((s, i) => {
        const who = s.person?.name ?? s.role;
        const at = s.notifiedAt ? ` at ${formatClockZoned(Date.parse(s.notifiedAt))}` : '';
        return (
          <li key={i}>
            {s.skipped
              ? `skipped ${who}: already paged for ${s.skippedFor ?? 'another page'} of this incident`
              : `paged ${who}${at}`}
          </li>
        );
      })}
    </ul>
  );
}

/** Opens the wizard for `key`: in the main window under Electron, else at `#/declare?page=`. */
function openDeclare(client: ReturnType<typeof useZephyr>, key: string): void {
  const href = `${hrefFor('declare')}?page=${encodeURIComponent(key)}`;
  if (client.transport !== 'preload') {
    location.hash = href;
    return;
  }
  // In Electron the alert is its own small always-on-top window: declare in the main one.
  void client.invoke('app:show-main', { route: '/declare', pageKey: key }).then((result) => {
    if (!result.ok || !result.value.shown) location.hash = href;
  });
}

/**
 * "Acknowledge and declare" while the page rings (acknowledges through the outbox, then brings
 * the wizard to the front); "Declare an incident for this page" once it is acknowledged.
 */
function DeclareButton(props: {
  view: PageView;
  acked: boolean;
  onAcknowledged?: (key: string) => void;
  onDeclare?: (key: string) => void;
}): ReactNode {
  const { view, acked } = props;
  const client = useZephyr();
  const ack = useCommand('pages:acknowledge');
  const declare = (): void => {
    if (!acked) {
      props.onAcknowledged?.(view.key);
      void ack.run({ key: view.key });
    }
    props.onDeclare?.(view.key);
    openDeclare(client, view.key);
  };
  return (
    <button type="button" className="button button--secondary" onClick={declare}>
      {acked ? 'Declare an incident for this page' : 'Acknowledge and declare'}
    </button>
  );
}

/** The alert panel's card for one page. */
export function AlertCard(props: {
  view: PageView;
  now: number;
  buttonRef?: Ref<HTMLButtonElement>;
  onAcknowledged?: (key: string) => void;
  /** Called when the user declares for this page (the panel steps aside for the wizard). */
  onDeclare?: (key: string) => void;
  headingId?: string;
}): ReactNode {
  const { view, now } = props;
  const { page } = view;
  const platformNow = now + view.skewMs;
  const countdown = escalationCountdown(page, now, view.skewMs);
  const created = ringingSinceMs(page);
  const acked = view.ack.state === 'confirmed' || page.status === 'acknowledged';
  return (
    <article className={`alert-card${acked ? ' alert-card--done' : ''}`}>
      <div className="alert-card__meta">
        <SeverityBadge severity={page.severity} />
        {page.test ? <span className="badge badge--neutral">Test page</span> : null}
        <span>{page.service ?? 'No service'}</span>
        <span aria-hidden="true">·</span>
        <span>via {view.sourceLabel}</span>
      </div>
      <ClampedTitle
        title={page.title}
        level={2}
        className="alert-card__title"
        headingId={props.headingId}
      />
      <p className="alert-card__age">
        {acked && page.acknowledgedAt
          ? `Acknowledged after ${formatElapsed(created, Date.parse(page.acknowledgedAt))}`
          : `${acked ? 'Paged' : 'Ringing for'} `}
        {acked && page.acknowledgedAt ? null : (
          <time dateTime={new Date(created).toISOString()} title={`Since ${formatFull(created)}`}>
            {acked ? formatAge(created, platformNow) : formatElapsed(created, platformNow)}
          </time>
        )}
      </p>
      {!acked ? (
        <p
          className={`countdown${countdown.msLeft !== null && countdown.msLeft < 60_000 ? ' countdown--urgent' : ''}`}
          role="timer"
        >
          {countdown.label}
        </p>
      ) : null}
      <EscalationHistory view={view} />
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
        <DeclareButton
          view={view}
          acked={acked}
          onAcknowledged={props.onAcknowledged}
          onDeclare={props.onDeclare}
        />
      </div>
    </article>
  );
}
