/**
 * The Review step's policy checks: the plan's blockers, the rotation picker when no rotation owns
 * the service, the "fewer investigators than the playbook's count" confirmation, unticking the
 * status page entry with a reason, and who the chosen severity pages (each rotation and who it
 * reaches now).
 */
import type { ReactNode } from 'react';
import type { DeclarationPlan } from '../../../../shared/declaration.js';
import type { Draft, DraftPatch } from '../wizard-draft.js';

/** What the declarer must fix or confirm; Declare is refused until the list is empty. */
export function Blockers(props: { plan: DeclarationPlan }): ReactNode {
  if (props.plan.blockers.length === 0) return null;
  return (
    <section aria-labelledby="review-blockers" className="review__blockers">
      <h3 className="review__heading" id="review-blockers">
        Before declaring
      </h3>
      <ul className="plain-list">
        {props.plan.blockers.map((b) => (
          <li key={b} className="callout-warning">
            {b}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Who the severity pages: each page's rotation (or person), the rule, and who it reaches now. */
export function SeverityPages(props: { plan: DeclarationPlan }): ReactNode {
  const { pageTargets } = props.plan;
  if (pageTargets.length === 0) return null;
  return (
    <ul className="plain-list review-list" aria-label="Rotations paged">
      {pageTargets.map((t) => (
        <li
          key={'rotation' in t.target ? t.target.rotation : t.target.person}
          className="review-list__item"
        >
          <strong>{t.label}</strong> <span className="muted">— {t.why}</span>
          {': '}
          {t.reachesNow.length > 0
            ? `reaches ${t.reachesNow.map((p) => p.name).join(', ')} now`
            : 'nobody on shift now'}
          {'rotation' in t.target ? (
            <span className="muted"> (then level 2, the EM, the founder)</span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** The policy's choices and confirmations at review. */
export function ReviewChoices(props: {
  plan: DeclarationPlan;
  draft: Draft;
  set: (patch: DraftPatch) => void;
  investigatorCount: number;
  playbookInvestigators: number;
}): ReactNode {
  const { plan, draft, set } = props;
  const statuspage = plan.actions.find((a) => a.id === 'statuspage');
  const statuspageOffered =
    statuspage !== undefined && (statuspage.willRun || draft.statusPageOptOut);
  return (
    <section aria-labelledby="review-choices" className="review__choices">
      <h3 className="review__heading visually-hidden" id="review-choices">
        Choices
      </h3>
      {plan.needsRotationChoice ? (
        <label className="field">
          <span className="field__label">Rotation to page for the service owner</span>
          <select
            value={draft.serviceRotationId}
            onChange={(e) => set({ serviceRotationId: e.target.value })}
          >
            <option value="">Pick a rotation…</option>
            {plan.rotationChoices.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
                {r.service ? ` (${r.service})` : ''}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {props.investigatorCount < props.playbookInvestigators ? (
        <div className="field field--checkbox">
          <input
            id="declare-confirm-fewer"
            type="checkbox"
            className="checkbox"
            checked={draft.fewerInvestigatorsConfirmed}
            onChange={(e) => set({ fewerInvestigatorsConfirmed: e.target.checked })}
          />
          <label htmlFor="declare-confirm-fewer">
            Go ahead with {props.investigatorCount === 0 ? 'no' : props.investigatorCount}{' '}
            {props.investigatorCount === 1 ? 'investigator' : 'investigators'} (the playbook says{' '}
            {props.playbookInvestigators}: one drives, one rubber-ducks)
          </label>
        </div>
      ) : null}
      {statuspageOffered ? (
        <div className="field">
          <div className="field--checkbox">
            <input
              id="declare-statuspage-tick"
              type="checkbox"
              className="checkbox"
              checked={!draft.statusPageOptOut}
              onChange={(e) => set({ statusPageOptOut: !e.target.checked })}
            />
            <label htmlFor="declare-statuspage-tick">Post a status page entry</label>
          </div>
          {draft.statusPageOptOut ? (
            <label className="field">
              <span className="field__label">Why not (goes on the incident timeline)</span>
              <input
                type="text"
                maxLength={500}
                value={draft.statusPageOptOutReason}
                onChange={(e) => set({ statusPageOptOutReason: e.target.value })}
              />
            </label>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
