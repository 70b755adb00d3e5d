/** The hand-off brief's sections, as read-only lists (the same content as its text). */
import type { ReactNode } from 'react';
import type { HandoffBrief } from '../../../shared/handoff.js';
import { formatFull } from '../../lib/time.js';

function When(props: { iso: string }): ReactNode {
  const ms = Date.parse(props.iso);
  return <time dateTime={props.iso}>{formatFull(ms)}</time>;
}

function ackLabel(seconds: number | null): string {
  if (seconds === null) return 'not acknowledged';
  const m = Math.floor(seconds / 60);
  return `acknowledged in ${m > 0 ? `${m}m ` : ''}${seconds % 60}s`;
}

function Section(props: { title: string; empty: boolean; children: ReactNode }): ReactNode {
  return (
    <section className="card handoff-section" aria-label={props.title}>
      <h2>{props.title}</h2>
      {props.empty ? (
        <p className="muted">None.</p>
      ) : (
        <ul className="plain-list">{props.children}</ul>
      )}
    </section>
  );
}

/** Open pages, incidents in progress and the pages of the shift. */
export function HandoffBriefSections(props: { brief: HandoffBrief }): ReactNode {
  const { brief } = props;
  return (
    <>
      <Section title="Open pages" empty={brief.openPages.length === 0}>
        {brief.openPages.map((p) => (
          <li key={p.key}>
            <strong>{p.title}</strong>: {p.status}
            {p.acknowledgedBy ? ` by ${p.acknowledgedBy}` : ''}, since <When iso={p.since} />
          </li>
        ))}
      </Section>
      <Section title="Incidents in progress" empty={brief.incidents.length === 0}>
        {brief.incidents.map((i) => (
          <li key={i.id}>
            <strong>
              {i.id} SEV-{i.severity} {i.summary}
            </strong>
            : {i.status}
            {i.nextUpdateDueAt ? (
              <>
                , next update due <When iso={i.nextUpdateDueAt} />
              </>
            ) : null}
          </li>
        ))}
      </Section>
      <Section title="Pages this shift" empty={brief.shiftPages.length === 0}>
        {brief.shiftPages.map((p) => (
          <li key={`${p.triggeredAt}-${p.title}`}>
            <When iso={p.triggeredAt} />: <strong>{p.title}</strong>, {ackLabel(p.ackSeconds)}
          </li>
        ))}
      </Section>
    </>
  );
}
