/**
 * "Mark as sent": the tone checker stays advisory, but marking the email sent while it has open
 * findings first asks for a confirmation that lists them.
 */
import { useState, type ReactNode } from 'react';

/** What a click on "Mark as sent" does: send at once, or ask first (open findings). */
export function markSentStep(
  openFindings: readonly string[],
  confirmed: boolean,
): 'send' | 'confirm' {
  return openFindings.length > 0 && !confirmed ? 'confirm' : 'send';
}

/** The confirmation that lists the open findings. */
export function MarkSentConfirm(props: {
  findings: readonly string[];
  onConfirm: () => void;
  onCancel: () => void;
}): ReactNode {
  return (
    <div className="callout" role="alertdialog" aria-labelledby="mark-sent-q">
      <p id="mark-sent-q">
        The checker still has {props.findings.length} open finding
        {props.findings.length === 1 ? '' : 's'}. Mark the email as sent anyway?
      </p>
      <ul className="ac-findings">
        {props.findings.map((f) => (
          <li key={f} className="ac-finding">
            {f}
          </li>
        ))}
      </ul>
      <div className="form-actions">
        <button type="button" className="button" onClick={props.onConfirm}>
          Mark as sent anyway
        </button>
        <button type="button" className="button button--secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

/** The button, with the confirmation under it while one is asked. */
export function MarkSentButton(props: {
  findings: readonly string[];
  sent: boolean;
  busy: boolean;
  onMark: () => void;
}): ReactNode {
  const [asking, setAsking] = useState(false);
  return (
    <>
      <button
        type="button"
        className="button button--secondary"
        disabled={props.busy || props.sent}
        onClick={() => {
          if (markSentStep(props.findings, false) === 'confirm') setAsking(true);
          else props.onMark();
        }}
      >
        {props.sent ? 'Sent' : 'Mark as sent'}
      </button>
      {asking && !props.sent ? (
        <MarkSentConfirm
          findings={props.findings}
          onConfirm={() => {
            setAsking(false);
            props.onMark();
          }}
          onCancel={() => setAsking(false)}
        />
      ) : null}
    </>
  );
}
