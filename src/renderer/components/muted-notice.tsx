/**
 * "Muted: this page rings silently", with a one-click unmute: shown in the alert and on Now while
 * the alert volume is 0 %, so a silent ring is never a surprise.
 */
import type { ReactNode } from 'react';
import { useCommand } from '../lib/use-command.js';
import { ErrorText } from './error-text.js';

/** The muted notice, or nothing when the alert volume is above 0 %. */
export function MutedNotice(props: { muted: boolean; className?: string }): ReactNode {
  const update = useCommand('settings:update');
  if (!props.muted) return null;
  return (
    <div className={`muted-notice ${props.className ?? ''}`}>
      <p>
        <strong>Muted: this page rings silently.</strong> The alert volume is 0 %.
      </p>
      <button
        type="button"
        className="button button--secondary"
        disabled={update.busy}
        onClick={() => void update.run({ patch: { alertVolume: 1 } })}
      >
        Unmute
      </button>
      <ErrorText message={update.error ? `Could not unmute: ${update.error}` : null} />
    </div>
  );
}
