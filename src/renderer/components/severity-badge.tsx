/** The severity pill shown next to every page and incident. */
import type { ReactNode } from 'react';
import type { Severity } from '../../shared/domain.js';

/** "SEV-1" in red, "SEV-2" in amber, "SEV-3" in blue; "No severity" when the page has none. */
export function SeverityBadge(props: { severity: Severity | undefined }): ReactNode {
  if (props.severity === undefined) {
    return <span className="badge badge--neutral">No severity</span>;
  }
  return <span className={`badge badge--sev${props.severity}`}>SEV-{props.severity}</span>;
}
