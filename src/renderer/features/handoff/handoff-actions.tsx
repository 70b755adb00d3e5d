/** The Now view's hand-off entry points: the brief, and "Export my shifts (.ics)". */
import { useState, type ReactNode } from 'react';
import { ErrorText } from '../../components/error-text.js';
import { hrefFor } from '../../lib/route.js';
import { useCommand } from '../../lib/use-command.js';
import './handoff.css';

/** A link to the brief and the calendar export, with where the file was saved. */
export function HandoffActions(): ReactNode {
  const exportIcs = useCommand('shifts:export-ics');
  const [saved, setSaved] = useState<{ path: string; count: number } | null>(null);
  return (
    <div className="handoff-actions">
      <a className="button button--secondary" href={hrefFor('handoff')}>
        Hand-off brief
      </a>
      <button
        type="button"
        className="button button--secondary"
        disabled={exportIcs.busy}
        onClick={() => {
          setSaved(null);
          void exportIcs.run({}).then((r) => r && setSaved(r));
        }}
      >
        {exportIcs.busy ? 'Exporting…' : 'Export my shifts (.ics)'}
      </button>
      <div aria-live="polite">
        {saved ? (
          <p className="muted">
            {saved.count} shift{saved.count === 1 ? '' : 's'} saved to {saved.path}
          </p>
        ) : null}
      </div>
      <ErrorText message={exportIcs.error} />
    </div>
  );
}
