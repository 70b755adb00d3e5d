/**
 * The pager's notices in Now (issue 13): the readiness check before my shift ("Your shift starts
 * at 18:00. Ready." or what is wrong, with "Send a test page"), the quiet shift start and end, and
 * the low-urgency digest. The same words as the desktop notifications, kept until dismissed.
 */
import { useState, type ReactNode } from 'react';
import type { AppState, PagerNotice } from '../../../shared/domain.js';
import { ErrorText } from '../../components/error-text.js';
import { useCommand } from '../../lib/use-command.js';
import { formatLocalZoned } from '../../lib/time.js';
import './pager.css';

/** The notification action that sends a test page (`SEND_TEST_ACTION` in main). */
const SEND_TEST = 'send-test';

function Notice(props: { notice: PagerNotice; now: number }): ReactNode {
  const { notice } = props;
  const dismiss = useCommand('app:dismiss-notice');
  const sendTest = useCommand('pages:send-test');
  const [sent, setSent] = useState(false);
  const titleId = `notice-${notice.tag}`;
  const warn = notice.urgency !== 'low';
  return (
    <article className={`notice${warn ? ' notice--warn' : ''}`} aria-labelledby={titleId}>
      <div className="notice__text">
        <h2 id={titleId} className="notice__title">
          {notice.title}
        </h2>
        <p className="notice__body">{notice.body}</p>
        <p className="muted notice__at">
          <time dateTime={notice.at}>{formatLocalZoned(Date.parse(notice.at), props.now)}</time>
        </p>
      </div>
      <div className="notice__actions">
        {notice.actions.some((a) => a.id === SEND_TEST) ? (
          <button
            type="button"
            className="button"
            disabled={sendTest.busy}
            onClick={() => void sendTest.run({}).then((r) => setSent(r !== undefined))}
          >
            {sendTest.busy ? 'Sending…' : 'Send a test page'}
          </button>
        ) : null}
        <button
          type="button"
          className="button button--secondary"
          disabled={dismiss.busy}
          onClick={() => void dismiss.run({ tag: notice.tag })}
        >
          Dismiss
        </button>
      </div>
      {sent ? (
        <p className="muted notice__result" role="status">
          Test page sent. It should ring in a few seconds.
        </p>
      ) : null}
      <ErrorText message={sendTest.error ?? dismiss.error} />
    </article>
  );
}

/** Every notice, newest first; nothing when there is none. */
export function PagerNotices(props: { state: AppState; now: number }): ReactNode {
  const notices = props.state.notices ?? [];
  if (notices.length === 0) return null;
  return (
    <section className="notices" aria-label="Notices">
      {notices.map((n) => (
        <Notice key={n.tag} notice={n} now={props.now} />
      ))}
    </section>
  );
}
