/** A link that opens in the user's browser through main ('alerts:open-external'), never in-app. */
import { useState, type ReactNode } from 'react';
import { useCommand } from '../lib/use-command.js';
import { ErrorText } from './error-text.js';

/** A button that looks like a link; a failure or a refusal to open is shown right below it. */
export function ExternalLink(props: {
  url: string;
  children: ReactNode;
  className?: string;
}): ReactNode {
  const open = useCommand('alerts:open-external');
  const [refused, setRefused] = useState(false);
  return (
    <span className="external-link">
      <button
        type="button"
        className={props.className ?? 'link-button'}
        title={props.url}
        onClick={() => {
          setRefused(false);
          void open.run({ url: props.url }).then((result) => {
            if (result && !result.opened) setRefused(true);
          });
        }}
      >
        {props.children}
        <span className="visually-hidden"> (opens in your browser)</span>
      </button>
      <ErrorText
        message={
          open.error ??
          (refused ? `Zephyr did not open ${props.url}: only https links are allowed.` : null)
        }
      />
    </span>
  );
}
