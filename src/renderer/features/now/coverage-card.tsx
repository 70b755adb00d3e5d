/** "Someone always awake": the rotations' holes in the next 7 days, as a warning card in Now. */
import type { ReactNode } from 'react';
import type { AppState } from '../../../shared/domain.js';

/** The warning card; nothing when the schedule has no hole. */
export function CoverageCard(props: { state: AppState }): ReactNode {
  const warnings = props.state.coverage ?? [];
  if (warnings.length === 0) return null;
  return (
    <section className="card callout" aria-labelledby="coverage-title">
      <h2 id="coverage-title" className="card__title">
        Coverage warning: the next 7 days have holes
      </h2>
      <ul className="plain-list">
        {warnings.map((w) => (
          <li key={w.key}>{w.message}</li>
        ))}
      </ul>
    </section>
  );
}
