/** The incident's clocks: next status update, customer email and post-mortem, counting down. */
import type { ReactNode } from 'react';
import type { ClockView } from '../../../shared/aftercare/views.js';
import { formatMmSs } from '../../../shared/countdown.js';
import { formatFull } from '../../lib/time.js';

const KIND_LABELS: Record<ClockView['kind'], string> = {
  'status-update': 'Next status update',
  'customer-email': 'Customer email',
  'post-mortem': 'Post-mortem',
};

/** "12:04 left", "overdue by 3:10", or hours for the long clocks. */
export function clockText(clock: ClockView, now: number): { text: string; overdue: boolean } {
  const left = Date.parse(clock.dueAt) - now;
  const overdue = left <= 0;
  const span = Math.abs(left);
  const human =
    span >= 3600_000
      ? `${Math.floor(span / 3600_000)} h ${Math.floor((span % 3600_000) / 60_000)} min`
      : formatMmSs(span);
  return { text: overdue ? `overdue by ${human}` : `${human} left`, overdue };
}

/** One clock as a compact row: what, countdown, owner. */
export function ClockRow(props: { clock: ClockView; now: number; action?: ReactNode }): ReactNode {
  const { clock, now } = props;
  const { text, overdue } = clockText(clock, now);
  const due = Date.parse(clock.dueAt);
  return (
    <li
      className={`ac-clock${overdue ? ' ac-clock--overdue' : ''}`}
      data-testid={`clock-${clock.kind}`}
    >
      <span className="ac-clock__what">{KIND_LABELS[clock.kind]}</span>
      <span className="ac-clock__left" role="timer" aria-live="off">
        {text}
      </span>
      <span className="ac-clock__who muted">
        due{' '}
        <time dateTime={clock.dueAt} title={formatFull(due)}>
          {new Date(due).toLocaleString(undefined, {
            weekday: 'short',
            hour: '2-digit',
            minute: '2-digit',
          })}
        </time>
        {' · '}
        {clock.assignee ? clock.assignee.name : `no ${clock.owner}`}
        {clock.mine ? ' (you)' : ''}
      </span>
      {props.action ? <span className="ac-clock__action">{props.action}</span> : null}
    </li>
  );
}
