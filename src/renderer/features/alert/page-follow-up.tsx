/**
 * Resolve and "Escalate now" for a page I acknowledged (issue 13, item 3), shown under the
 * acknowledge control of the alert card and of the Now list. A source that cannot do either from
 * the app answers so, and the sentence is shown here (never a silent no-op).
 */
import type { ReactNode } from 'react';
import type { PageView } from '../../../shared/domain.js';
import { ErrorText } from '../../components/error-text.js';
import { useCommand } from '../../lib/use-command.js';

/** The two buttons of an acknowledged, open page; nothing for other pages. */
export function PageFollowUp(props: { view: PageView }): ReactNode {
  const { view } = props;
  const resolve = useCommand('pages:resolve');
  const escalate = useCommand('pages:escalate');
  const acked = view.page.status === 'acknowledged' || view.ack.state === 'confirmed';
  if (!acked || view.page.status === 'resolved') return null;
  const hasNext = view.page.escalation.steps.length > view.page.escalation.step + 1;
  const busy = resolve.busy || escalate.busy;
  return (
    <div className="follow-up" data-testid="page-follow-up">
      <button
        type="button"
        className="button button--secondary"
        disabled={busy}
        onClick={() => void resolve.run({ key: view.key })}
        data-testid="resolve"
      >
        {resolve.busy ? 'Resolving…' : 'Resolve'}
      </button>
      <button
        type="button"
        className="button button--secondary"
        disabled={busy || !hasNext}
        title={hasNext ? 'Page the next step of the chain now' : 'No further step in the chain'}
        onClick={() => void escalate.run({ key: view.key })}
        data-testid="escalate-now"
      >
        {escalate.busy ? 'Escalating…' : 'Escalate now'}
      </button>
      <ErrorText message={resolve.error ?? escalate.error} />
    </div>
  );
}
