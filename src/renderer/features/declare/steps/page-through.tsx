/** "Page through" on the Review step: the platform, or a PagerDuty service searched by name. */
import { useEffect, useState, type ReactNode } from 'react';
import type { PagerDutyServiceOption } from '../../../../shared/declaration.js';
import { ErrorText } from '../../../components/error-text.js';
import { useCommand } from '../../../lib/use-command.js';
import type { Draft, DraftPatch } from '../wizard-draft.js';

/** "Page through": the Zephyr platform (default) or a PagerDuty service searched by name. */
export function PageThrough(props: { draft: Draft; set: (patch: DraftPatch) => void }): ReactNode {
  const { draft, set } = props;
  const [query, setQuery] = useState('');
  const [services, setServices] = useState<PagerDutyServiceOption[]>([]);
  const [more, setMore] = useState(false);
  const servicesCmd = useCommand('declarations:pagerduty-services');
  const runServices = servicesCmd.run;
  const viaPagerDuty = draft.pagingVia === 'pagerduty';
  useEffect(() => {
    if (!viaPagerDuty) return;
    let current = true;
    const q = query.trim();
    void runServices(q ? { query: q } : {}).then((v) => {
      // An answer to an older query must not replace the newer one's.
      if (!current || !v) return;
      setServices(v.services);
      setMore(v.more);
    });
    return () => {
      current = false;
    };
  }, [viaPagerDuty, query, runServices]);
  const picked = services.some((s) => s.id === draft.pdServiceId);
  return (
    <fieldset className="page-through">
      <legend className="review__heading">Page through</legend>
      <div className="page-through__choices">
        <label className="page-through__choice">
          <input
            type="radio"
            name="page-through"
            value="platform"
            checked={!viaPagerDuty}
            onChange={() => set({ pagingVia: 'platform' })}
          />{' '}
          Zephyr platform <span className="muted">(the people the policy names)</span>
        </label>
        <label className="page-through__choice">
          <input
            type="radio"
            name="page-through"
            value="pagerduty"
            checked={viaPagerDuty}
            onChange={() => set({ pagingVia: 'pagerduty' })}
          />{' '}
          A PagerDuty service <span className="muted">(its escalation policy decides who)</span>
        </label>
      </div>
      {viaPagerDuty ? (
        <div className="wizard__row">
          <div className="field">
            <label className="field__label" htmlFor="declare-pd-search">
              Search PagerDuty services
            </label>
            <input
              id="declare-pd-search"
              className="input"
              type="search"
              value={query}
              maxLength={100}
              aria-describedby="declare-pd-search-hint"
              aria-controls="declare-pd-service"
              onChange={(e) => setQuery(e.target.value)}
            />
            <p className="field__hint" id="declare-pd-search-hint" role="status">
              {servicesCmd.busy
                ? 'Searching…'
                : `${services.length} service${services.length === 1 ? '' : 's'}${more ? ' (first 100: type to narrow)' : ''}.`}
            </p>
          </div>
          <div className="field">
            <label className="field__label" htmlFor="declare-pd-service">
              PagerDuty service <span className="muted">(required)</span>
            </label>
            <select
              id="declare-pd-service"
              className="input select"
              value={draft.pdServiceId}
              aria-describedby="declare-pd-service-hint"
              onChange={(e) => {
                const service = services.find((s) => s.id === e.target.value);
                set({ pdServiceId: service?.id ?? '', pdServiceName: service?.name ?? '' });
              }}
            >
              <option value="">Choose a service</option>
              {draft.pdServiceId && !picked ? (
                <option value={draft.pdServiceId}>{draft.pdServiceName}</option>
              ) : null}
              {services.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                  {s.escalationPolicy ? ` — ${s.escalationPolicy}` : ''}
                </option>
              ))}
            </select>
            <p className="field__hint" id="declare-pd-service-hint">
              One incident opens on it; no platform page is sent.
            </p>
          </div>
        </div>
      ) : null}
      <ErrorText message={servicesCmd.error} />
    </fieldset>
  );
}
