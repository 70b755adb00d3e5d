/**
 * Resolve and "Escalate now" for a page I acknowledged (issue 13, item 3), shown under the
 * acknowledge control of the alert card and of the Now list: the chain's next step, or a rotation
 * or person picked in "Escalate to…". While the ack-timeout reminder shows (item 2), "Still
 * working on …? Re-acknowledge or resolve." with Re-acknowledge. A source that cannot do these
 * from the app answers so, and the sentence is shown here (never a silent no-op).
 */
import { useState, type ReactNode } from 'react';
import type { PageView } from '../../../shared/domain.js';
import { ErrorText } from '../../components/error-text.js';
import { useCommand } from '../../lib/use-command.js';
import { EscalatePicker } from './escalate-picker.js';
import './follow-up.css';

/** "Still working on …?" with Re-acknowledge, while the page's ack-timeout reminder shows. */
function StillWorking(props: { view: PageView }): ReactNode {
  const { view } = props;
  const reack = useCommand('pages:reacknowledge');
  if (!view.reminder) return null;
  return (
    <div className="still-working" role="status">
      <p className="still-working__text">
        Still working on ‘{view.page.title}’? Re-acknowledge or resolve.
      </p>
      <button
        type="button"
        className="button"
        disabled={reack.busy}
        onClick={() => void reack.run({ key: view.key })}
      >
        {reack.busy ? 'Re-acknowledging…' : 'Re-acknowledge'}
      </button>
      <ErrorText message={reack.error} />
    </div>
  );
}

/** The buttons of an acknowledged, open page; nothing for other pages. */
export function PageFollowUp(props: { view: PageView }): ReactNode {
  const { view } = props;
  const resolve = useCommand('pages:resolve');
  const escalate = useCommand('pages:escalate');
  const [picking, setPicking] = useState(false);
  const [paged, setPaged] = useState<string | null>(null);
  const acked = view.page.status === 'acknowledged' || view.ack.state === 'confirmed';
  if (!acked || view.page.status === 'resolved') return null;
  const hasNext = view.page.escalation.steps.length > view.page.escalation.step + 1;
  const busy = resolve.busy || escalate.busy;
  return (
    <div className="follow-up-block">
      <StillWorking view={view} />
      <div className="follow-up">
        <button
          type="button"
          className="button button--secondary"
          disabled={busy}
          onClick={() => void resolve.run({ key: view.key })}
        >
          {resolve.busy ? 'Resolving…' : 'Resolve'}
        </button>
        <button
          type="button"
          className="button button--secondary"
          disabled={busy || !hasNext}
          title={hasNext ? 'Page the next step of the chain now' : 'No further step in the chain'}
          onClick={() =>
            void escalate.run({ key: view.key }).then((r) => r && setPaged(r.targetName))
          }
        >
          {escalate.busy ? 'Escalating…' : 'Escalate now'}
        </button>
        <button
          type="button"
          className="button button--secondary"
          aria-expanded={picking}
          disabled={busy}
          onClick={() => setPicking(!picking)}
        >
          Escalate to…
        </button>
        <ErrorText message={resolve.error ?? escalate.error} />
      </div>
      {picking ? (
        <EscalatePicker
          pageKey={view.key}
          onCancel={() => setPicking(false)}
          onDone={(name) => {
            setPicking(false);
            setPaged(name);
          }}
        />
      ) : null}
      {paged ? (
        <p className="muted" role="status">
          Paged {paged}.
        </p>
      ) : null}
    </div>
  );
}
