/** The incident's clocks: next status update, customer email and post-mortem, counting down. */
import type { ReactNode } from 'react';
import type { ClockView } from '../../../shared/aftercare/views.js';
import { formatMmSs } from '../../../shared/countdown.js';
import { formatFull, formatLocalZoned } from '../../lib/time.js';
import { useClockFacts } from './clock-context.js';

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

/**
 * One clock as a compact row: what, countdown, owner. `now` is the laptop's; the countdown runs in
 * the platform's time (corrected by the source's skew), like the escalation countdown.
 */
export function ClockRow(props: {
  clock: ClockView;
  now: number;
  sourceId: string;
  action?: ReactNode;
}): ReactNode {
  const { clock, sourceId } = props;
  const facts = useClockFacts();
  const now = props.now + (facts.skewMs.get(sourceId) ?? 0);
  const { text, overdue } = clockText(clock, now);
  const due = Date.parse(clock.dueAt);
  const meId = facts.meIds.get(sourceId);
  // "(you)" only on my own name: a clock naming Comms is not mine to tag while I command.
  const you = clock.assignee ? clock.assignee.id === meId : clock.mine;
  return (
    <li className={`ac-clock${overdue ? ' ac-clock--overdue' : ''}`}>
      <span className="ac-clock__what">{KIND_LABELS[clock.kind]}</span>
      <span className="ac-clock__left" role="timer" aria-live="off">
        {text}
      </span>
      <span className="ac-clock__who muted">
        due{' '}
        <time dateTime={clock.dueAt} title={formatFull(due)}>
          {formatLocalZoned(due, now)}
        </time>
        {' · '}
        {clock.assignee ? clock.assignee.name : `no ${clock.owner}`}
        {you ? ' (you)' : ''}
      </span>
      {props.action ? <span className="ac-clock__action">{props.action}</span> : null}
    </li>
  );
}
