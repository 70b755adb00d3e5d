/** "Now": am I on call, when is my next shift, who is on call, and what is open right now. */
import type { ReactNode } from 'react';
import type { AppState, PageView, RotationView } from '../../../shared/domain.js';
import { isValidTimeZone } from '../../../shared/aftercare/templates.js';
import { ClampedTitle } from '../../components/clamped-title.js';
import { SeverityBadge } from '../../components/severity-badge.js';
import { escalationCountdown, formatMmSs } from '../../../shared/countdown.js';
import {
  formatAge,
  formatClockZoned,
  formatFull,
  formatLocalZoned,
  formatRelative,
} from '../../lib/time.js';
import { useNow } from '../../lib/use-now.js';
import { AckControl } from '../alert/alert-card.js';
import { PageFollowUp } from '../alert/page-follow-up.js';
import { TestActions } from './test-actions.js';
import { HandoffActions } from '../handoff/handoff-actions.js';
import { CoverageCard } from './coverage-card.js';
import { PagerNotices } from './pager-notices.js';
import { ViewHeader } from '../../components/view-header.js';
import { MutedNotice } from '../../components/muted-notice.js';
import { InterruptedDeclarations } from '../declare/declarations-panel.js';

function When(props: { iso: string; now: number; relative?: boolean }): ReactNode {
  const ms = Date.parse(props.iso);
  return (
    <time dateTime={props.iso} title={formatFull(ms)}>
      {formatLocalZoned(ms, props.now)}
      {props.relative ? <span className="muted"> ({formatRelative(ms, props.now)})</span> : null}
    </time>
  );
}

/** A feed that cannot be read: what Now shows instead of stating "not on call" as a fact. */
interface FeedDown {
  label: string;
  since: string | undefined;
  message: string | undefined;
}

/** The first source whose feeds are down or refused, if any. */
function feedDown(state: AppState): FeedDown | null {
  const down = state.sources.find(
    (s) => s.health.state === 'down' || s.health.state === 'unauthorized',
  );
  if (!down) return null;
  return { label: down.label, since: down.health.failingSince, message: down.health.message };
}

/** "Unknown — cannot reach the platform since <time>". */
function UnknownSince(props: { down: FeedDown; now: number }): ReactNode {
  const { down, now } = props;
  return (
    <>
      Unknown — cannot reach the platform
      {down.since ? (
        <>
          {' '}
          since <When iso={down.since} now={now} />
        </>
      ) : null}
    </>
  );
}

function FeedDownStatus(props: { down: FeedDown; now: number }): ReactNode {
  const { down, now } = props;
  return (
    <section className="card status-card status-card--unknown" aria-labelledby="status-title">
      <h2 id="status-title" className="status-card__title">
        <span className="dot dot--unknown" aria-hidden="true" />
        <UnknownSince down={down} now={now} />
      </h2>
      <p>
        Whether you are on call is not known until {down.label} answers again
        {down.message ? `: ${down.message}` : '.'}
      </p>
    </section>
  );
}

function OnCallStatus(props: { state: AppState; now: number }): ReactNode {
  const { state, now } = props;
  const down = feedDown(state);
  if (down) return <FeedDownStatus down={down} now={now} />;
  const onCall = state.myShiftsNow.length > 0;
  const next = state.myNextShift;
  return (
    <section
      className={`card status-card${onCall ? ' status-card--on' : ''}`}
      aria-labelledby="status-title"
    >
      <h2 id="status-title" className="status-card__title">
        <span className={`dot${onCall ? ' dot--on' : ''}`} aria-hidden="true" />
        {onCall ? 'You are on call' : 'You are not on call'}
      </h2>
      {onCall ? (
        <ul className="plain-list">
          {state.myShiftsNow.map((shift) => (
            <li key={`${shift.rotationId}-${shift.level}-${shift.start}`}>
              {shift.rotationName}, level {shift.level}, until{' '}
              <When iso={shift.end} now={now} relative />
            </li>
          ))}
        </ul>
      ) : null}
      <p className="status-card__next">
        {next ? (
          <>
            Your next shift: {next.rotationName}, level {next.level}, from{' '}
            <When iso={next.start} now={now} relative /> to <When iso={next.end} now={now} />
          </>
        ) : (
          'You have no upcoming shift in the schedule.'
        )}
      </p>
    </section>
  );
}

function HeadsUp(props: { pages: PageView[]; now: number }): ReactNode {
  if (props.pages.length === 0) return null;
  return (
    <section className="heads-up" aria-label="Heads-up">
      {props.pages.map((view) => {
        const countdown = escalationCountdown(view.page, props.now, view.skewMs);
        return (
          <p key={view.key} className="heads-up__item">
            <span className="heads-up__icon" aria-hidden="true">
              !
            </span>
            <span>
              <strong>{view.page.target.name}</strong> is paged for{' '}
              <strong>{view.page.title}</strong>
              {countdown.msLeft !== null
                ? `; it reaches you in ${formatMmSs(countdown.msLeft)}`
                : ''}{' '}
              <span className="muted">(via {view.sourceLabel})</span>
            </span>
          </p>
        );
      })}
    </section>
  );
}

function PageRow(props: { view: PageView; now: number }): ReactNode {
  const { view, now } = props;
  const { page } = view;
  const created = Date.parse(page.createdAt);
  return (
    <li className={`page-row${view.ringing ? ' page-row--ringing' : ''}`}>
      <div className="page-row__main">
        <div className="page-row__meta">
          <SeverityBadge severity={page.severity} />
          {page.test ? <span className="badge badge--neutral">Test</span> : null}
          {page.urgency === 'low' ? (
            <span className="badge badge--neutral">Low urgency</span>
          ) : null}
          <span className={`status status--${page.status}`}>{page.status}</span>
          {view.ringing ? <span className="badge badge--ringing">Ringing</span> : null}
        </div>
        <ClampedTitle title={page.title} level={3} className="page-row__title" />
        <p className="page-row__details muted">
          {page.service ?? 'No service'} · <span>via {view.sourceLabel}</span> · for{' '}
          {page.target.name} ·{' '}
          <time dateTime={page.createdAt} title={formatFull(created)}>
            {formatAge(created, now + view.skewMs)}
          </time>
        </p>
      </div>
      <div className="page-row__ack">
        {page.status === 'resolved' ? (
          <p className="muted">Resolved</p>
        ) : (
          <>
            <AckControl view={view} />
            <PageFollowUp view={view} />
          </>
        )}
      </div>
    </li>
  );
}

function Pages(props: { pages: PageView[]; now: number; down: FeedDown | null }): ReactNode {
  const { down } = props;
  return (
    <section className="card" aria-labelledby="pages-title">
      <h2 id="pages-title" className="card__title">
        Open pages <span className="count">{down ? '?' : props.pages.length}</span>
      </h2>
      {down ? (
        <p className="empty empty--unknown">
          <strong>
            <UnknownSince down={down} now={props.now} />.
          </strong>{' '}
          {props.pages.length === 0
            ? 'Pages sent since then are not shown here.'
            : 'The pages below may be out of date.'}
        </p>
      ) : null}
      {props.pages.length === 0 ? (
        down ? null : (
          <p className="empty">
            No open pages. If one arrives for you, it rings here and on your desktop.
          </p>
        )
      ) : (
        <ul className="page-list">
          {props.pages.map((view) => (
            <PageRow key={view.key} view={view} now={props.now} />
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * Low-urgency pages held (quiet hours, off shift) until the digest: listed, each with its
 * Acknowledge, so nothing is invisible while it does not ring.
 */
function HeldPages(props: { state: AppState; now: number }): ReactNode {
  const held = props.state.pages.filter((p) => p.held && p.page.status !== 'resolved');
  if (held.length === 0) return null;
  const n = held.length;
  const why =
    props.state.heldReason === 'quiet-hours'
      ? 'Your quiet hours: they do not ring, and come as one digest when the quiet hours end.'
      : 'You are off shift: they do not ring, and come as one digest when your shift starts.';
  return (
    <section className="card held-card" aria-labelledby="held-title">
      <h2 id="held-title" className="card__title">
        Held (quiet hours): {n} low-urgency page{n === 1 ? '' : 's'}
      </h2>
      <p className="muted held-card__why">{why}</p>
      <ul className="page-list">
        {held.map((view) => (
          <PageRow key={view.key} view={view} now={props.now} />
        ))}
      </ul>
    </section>
  );
}

/** The people on a rotation, each with their own local time when the roster has their zone. */
function Names(props: {
  people: { person: { name: string; timezone?: string }; level: number }[];
  now: number;
}): ReactNode {
  const { people, now } = props;
  if (people.length === 0) return 'Nobody';
  return people.map((p, i) => {
    const zone = p.person.timezone;
    return (
      <span key={`${p.person.name}:${p.level}`} className="person-zone">
        {i > 0 ? ', ' : null}
        {people.length > 1 ? `${p.person.name} (L${p.level})` : p.person.name}
        {zone && isValidTimeZone(zone) ? (
          <span className="muted"> · {formatClockZoned(now, zone)} there</span>
        ) : null}
      </span>
    );
  });
}

function Rotations(props: {
  rotations: RotationView[];
  sources: AppState['sources'];
  now: number;
}): ReactNode {
  const { rotations, now } = props;
  const labelOf = (id: string) => props.sources.find((s) => s.id === id)?.label ?? id;
  return (
    <section className="card" aria-labelledby="rotations-title">
      <h2 id="rotations-title" className="card__title">
        Who is on call
      </h2>
      {rotations.length === 0 ? (
        <p className="empty">No rotations in the schedule yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Rotation</th>
                <th scope="col">On call now</th>
                <th scope="col">Until</th>
                <th scope="col">Next</th>
                <th scope="col">From</th>
              </tr>
            </thead>
            <tbody>
              {rotations.map((rotation) => {
                const until = rotation.now[0]?.end;
                const from = rotation.next[0]?.start;
                return (
                  <tr key={`${rotation.sourceId}:${rotation.id}`}>
                    <th scope="row">
                      {rotation.name}
                      <span className="muted table__sub">
                        {rotation.kind} · via {labelOf(rotation.sourceId)}
                      </span>
                    </th>
                    <td>
                      <Names people={rotation.now} now={now} />
                    </td>
                    <td>{until ? <When iso={until} now={now} /> : '—'}</td>
                    <td>
                      <Names people={rotation.next} now={now} />
                    </td>
                    <td>{from ? <When iso={from} now={now} /> : '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The Now view. */
export function NowView(props: { state: AppState }): ReactNode {
  const now = useNow(1000);
  const { state } = props;
  // Held low-urgency pages are listed on their own, under "Held (quiet hours)".
  const open = state.pages.filter((p) => p.page.status !== 'resolved' && !p.held);
  const headsUp = state.pages.filter((p) => p.headsUp && p.page.status === 'triggered');
  return (
    <div className="view">
      <ViewHeader title="Now">
        <TestActions pages={state.pages} />
        <HandoffActions />
      </ViewHeader>
      <MutedNotice muted={state.reachability.muted === true} />
      <PagerNotices state={state} now={now} />
      <HeadsUp pages={headsUp} now={now} />
      <InterruptedDeclarations />
      <OnCallStatus state={state} now={now} />
      <CoverageCard state={state} />
      <Pages pages={open} now={now} down={feedDown(state)} />
      <HeldPages state={state} now={now} />
      <Rotations rotations={state.rotations} sources={state.sources} now={now} />
    </div>
  );
}
