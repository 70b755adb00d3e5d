/**
 * "Acknowledge all (N)": asks first, naming the pages, then acknowledges each one as its own
 * command, so every page goes through main's outbox and is retried on its own.
 */
import { useState, type ReactNode } from 'react';
import type { PageView } from '../../../shared/domain.js';
import { ErrorText } from '../../components/error-text.js';
import { useZephyr } from '../../lib/api.js';

/** A title short enough for one line of the confirmation. */
function shortTitle(title: string): string {
  return title.length > 80 ? `${title.slice(0, 79)}…` : title;
}

/** The button and its confirmation; shown only with two or more pages to acknowledge. */
export function AcknowledgeAll(props: {
  pages: PageView[];
  onAcknowledged: (key: string) => void;
}): ReactNode {
  const client = useZephyr();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { pages } = props;
  if (pages.length < 2) return null;

  const confirm = (): void => {
    setAsking(false);
    setError(null);
    for (const view of pages) {
      props.onAcknowledged(view.key);
      void client.invoke('pages:acknowledge', { key: view.key }).then((result) => {
        if (!result.ok) setError(`${shortTitle(view.page.title)}: ${result.error.message}`);
      });
    }
  };

  return (
    <div className="ack-all">
      {asking ? (
        <div className="ack-all__confirm" role="group" aria-label="Acknowledge all pages?">
          <p>Acknowledge these {pages.length} pages?</p>
          <ul>
            {pages.map((view) => (
              <li key={view.key}>{shortTitle(view.page.title)}</li>
            ))}
          </ul>
          <div className="ack-all__buttons">
            <button type="button" className="button button--ack" onClick={confirm}>
              Yes, acknowledge {pages.length}
            </button>
            <button
              type="button"
              className="button button--secondary"
              onClick={() => setAsking(false)}
            >
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className="button button--secondary" onClick={() => setAsking(true)}>
          Acknowledge all ({pages.length})
        </button>
      )}
      <ErrorText message={error} />
    </div>
  );
}
