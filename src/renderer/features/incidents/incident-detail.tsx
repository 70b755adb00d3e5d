/**
 * One incident in the console: severity, summary, roles, age, links, clocks, changes of severity
 * and roles, the status-update composer with each update's result per destination (and Retry),
 * resolution, after it the after-action announcement for Comms, and the timeline of every action.
 */
import { useEffect, useState, type ReactNode } from 'react';
import type { IncidentDetail, UpdatePost } from '../../../shared/aftercare/views.js';
import type { Incident } from '../../../shared/domain.js';
import { formatDuration } from '../../../shared/aftercare/templates.js';
import { ErrorText } from '../../components/error-text.js';
import { ExternalLink } from '../../components/external-link.js';
import { SeverityBadge } from '../../components/severity-badge.js';
import { useCommand } from '../../lib/use-command.js';
import { ClockRow } from './clocks.js';
import { UpdateComposer } from './update-composer.js';
import { IncidentDeclaration } from '../declare/declarations-panel.js';
import { hrefOf } from '../../lib/route.js';
import { Field } from '../../components/field.js';
import { BackLink, ViewHeader } from '../../components/view-header.js';
import { PageResolutionsCard, UpdateClockNote } from './incident-policy.js';
import { IncidentChangesCard } from './incident-changes.js';
import { TimelineCard } from './incident-timeline.js';
import { IncidentFacts } from './incident-facts.js';

const LINK_LABELS: Record<keyof Incident['links'], string> = {
  channel: 'Channel',
  statusPage: 'Status page',
  ticket: 'Ticket',
  runbook: 'Runbook',
};

const DEST_LABELS: Record<keyof UpdatePost['deliveries'], string> = {
  slack: 'Slack channel',
  statuspage: 'Status page',
  platform: 'Zephyr platform',
};

function time(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

/** The results of one update posted from here, per destination, with Retry when one failed. */
function PostResult(props: {
  post: UpdatePost;
  onRetry: (post: UpdatePost) => void;
  busy: boolean;
}): ReactNode {
  const { post } = props;
  const dests = Object.keys(DEST_LABELS) as (keyof UpdatePost['deliveries'])[];
  const failed = dests.some((d) => post.deliveries[d].status === 'failed');
  return (
    <li className="ac-post">
      <p className="ac-post__head">
        <span className={`status status--${post.status}`}>{post.status}</span>{' '}
        <time dateTime={post.createdAt}>{time(post.createdAt)}</time> · {post.message}
      </p>
      <ul className="ac-deliveries" aria-label="Where this update went">
        {dests.map((d) => {
          const s = post.deliveries[d];
          return (
            <li key={d} className={`ac-delivery ac-delivery--${s.status}`}>
              <span className="ac-delivery__dest">{DEST_LABELS[d]}</span>{' '}
              <span className="ac-delivery__status">
                {s.status === 'pending' ? 'sending…' : s.status}
              </span>
              {s.message && s.status !== 'pending' ? (
                <span className="ac-delivery__why">: {s.message}</span>
              ) : null}
            </li>
          );
        })}
      </ul>
      {failed ? (
        <button
          type="button"
          className="button button--secondary"
          disabled={props.busy}
          onClick={() => props.onRetry(post)}
        >
          Retry where it failed
        </button>
      ) : null}
    </li>
  );
}

function announcementText(incident: Incident): string {
  const start = Date.parse(incident.openedAt);
  const end = Date.parse(incident.resolvedAt ?? '') || Date.now();
  return [
    `:white_check_mark: Resolved: ${incident.summary} (SEV-${incident.severity}, ${formatDuration(end - start)}).`,
    `Impact: <who was affected and how>.`,
    `Fix: <what restored service>.`,
    `Post-mortem by ${incident.roles.commander?.name ?? 'the incident commander'} within 72 hours; thanks to everyone who helped.`,
  ].join('\n');
}

/** The after-action announcement: a short guided message to the playbook's channel. */
function Announcement(props: { detail: IncidentDetail; onDone: () => void }): ReactNode {
  const { detail } = props;
  const [text, setText] = useState(() => announcementText(detail.entry.incident));
  const announce = useCommand('incidents:announce');
  const state = detail.entry.announcement;
  const unfilled = /<[^>]+>/.test(text);
  return (
    <section className="card" aria-labelledby="ac-announce">
      <h2 className="card__title" id="ac-announce">
        After-action announcement to {detail.announcementChannel}
      </h2>
      {state?.status === 'sent' ? (
        <p className="ac-ok">Posted to {state.channel}.</p>
      ) : (
        <>
          <p className="muted">
            Comms: tell the company it is over. Replace each &lt;…&gt; with one plain sentence; keep
            it short and blameless.
          </p>
          <Field label="Message" rows={5} value={text} onChange={setText} />
          {state ? (
            <p className={state.status === 'failed' ? 'error-text' : 'muted'}>
              Last attempt {state.status}
              {state.message ? `: ${state.message}` : ''}
            </p>
          ) : null}
          <div className="form-actions">
            <button
              type="button"
              className="button button--primary"
              disabled={announce.busy || unfilled || text.trim() === ''}
              onClick={() =>
                void announce.run({ incidentId: detail.entry.incident.id, text }).then(props.onDone)
              }
            >
              Post announcement
            </button>
            {unfilled ? <span className="muted">Fill in every &lt;…&gt; first.</span> : null}
          </div>
          <ErrorText message={announce.error} />
        </>
      )}
    </section>
  );
}

function ResolvePanel(props: { incident: Incident; onResolved: () => void }): ReactNode {
  const [message, setMessage] = useState(
    'Resolved: the issue is fixed and service is back to normal. We will follow up with a summary.',
  );
  const [confirming, setConfirming] = useState(false);
  const resolve = useCommand('incidents:resolve');
  return (
    <section className="card" aria-labelledby="ac-resolve">
      <h2 className="card__title" id="ac-resolve">
        Resolve
      </h2>
      <p className="muted">
        Posts this final update to the channel, the status page and the platform, marks the incident
        resolved and starts the customer-email and post-mortem clocks.
      </p>
      <Field label="Final update" rows={3} value={message} onChange={setMessage} />
      <div className="form-actions">
        {confirming ? (
          <>
            <button
              type="button"
              className="button button--primary ac-danger"
              disabled={resolve.busy || message.trim() === ''}
              onClick={() =>
                void resolve.run({ incidentId: props.incident.id, message }).then((r) => {
                  setConfirming(false);
                  if (r) props.onResolved();
                })
              }
            >
              {resolve.busy ? 'Resolving…' : `Yes, resolve ${props.incident.id}`}
            </button>
            <button
              type="button"
              className="button button--secondary"
              onClick={() => setConfirming(false)}
            >
              Cancel
            </button>
          </>
        ) : (
          <button
            type="button"
            className="button button--secondary"
            onClick={() => setConfirming(true)}
          >
            Resolve incident…
          </button>
        )}
      </div>
      <ErrorText message={resolve.error} />
    </section>
  );
}

/** Who holds each role, and the channel, status page and ticket links. */
function RolesCard(props: { incident: Incident }): ReactNode {
  const { incident } = props;
  const links = (Object.keys(LINK_LABELS) as (keyof Incident['links'])[]).flatMap((name) => {
    const url = incident.links[name];
    return url ? [{ name, url }] : [];
  });
  return (
    <section className="card" aria-labelledby="ac-roles">
      <h2 className="card__title" id="ac-roles">
        Roles and links
      </h2>
      <dl className="roles">
        <div>
          <dt>Commander</dt>
          <dd>{incident.roles.commander?.name ?? 'Unassigned'}</dd>
        </div>
        <div>
          <dt>Comms</dt>
          <dd>{incident.roles.comms?.name ?? 'Unassigned'}</dd>
        </div>
        <div>
          <dt>Investigators</dt>
          <dd>{incident.roles.investigators.map((p) => p.name).join(', ') || 'None yet'}</dd>
        </div>
      </dl>
      {links.length > 0 ? (
        <ul className="link-row" aria-label="Links">
          {links.map((l) => (
            <li key={l.name}>
              <ExternalLink url={l.url}>{LINK_LABELS[l.name]}</ExternalLink>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No channel, status page or ticket links yet.</p>
      )}
    </section>
  );
}

/** The clocks that are due (customer email, post-mortem…), with links to draft them. */
function ClocksCard(props: { entry: IncidentDetail['entry']; now: number }): ReactNode {
  const { entry } = props;
  const { incident } = entry;
  const resolved = incident.status === 'resolved';
  return (
    <section className="card" aria-labelledby="ac-clocks">
      <h2 className="card__title" id="ac-clocks">
        Clocks
      </h2>
      {entry.clocks.length === 0 ? (
        <p className="muted">Nothing is due.</p>
      ) : (
        <ul className="ac-clocks">
          {entry.clocks.map((c) => (
            <ClockRow
              key={c.kind}
              clock={c}
              now={props.now}
              sourceId={entry.sourceId}
              action={
                c.kind === 'customer-email' ? (
                  <a href={hrefOf({ view: 'email', incidentId: incident.id })}>Draft the email</a>
                ) : c.kind === 'post-mortem' ? (
                  <a href={hrefOf({ view: 'post-mortem', incidentId: incident.id })}>
                    Draft the post-mortem
                  </a>
                ) : null
              }
            />
          ))}
        </ul>
      )}
      {resolved ? (
        <p className="ac-links">
          <a href={hrefOf({ view: 'email', incidentId: incident.id })}>Customer email</a>
          {entry.emailSentAt ? ' (sent)' : ''} ·{' '}
          <a href={hrefOf({ view: 'post-mortem', incidentId: incident.id })}>Post-mortem</a> (
          {entry.postMortem === 'none' ? 'not started' : entry.postMortem})
        </p>
      ) : null}
    </section>
  );
}

/** The incident page. */
export function IncidentDetailView(props: {
  incidentId: string;
  version: number;
  now: number;
}): ReactNode {
  const get = useCommand('incidents:get');
  const retry = useCommand('updates:retry');
  const [detail, setDetail] = useState<IncidentDetail | null>(null);
  const [reloads, setReloads] = useState(0);
  const { run } = get;

  useEffect(() => {
    let cancelled = false;
    void run({ incidentId: props.incidentId }).then((d) => {
      if (!cancelled && d) setDetail(d);
    });
    return () => {
      cancelled = true;
    };
  }, [run, props.incidentId, props.version, reloads]);

  const reload = (): void => setReloads((n) => n + 1);
  if (!detail) {
    return (
      <div className="view">
        <BackLink href={hrefOf({ view: 'list' })}>All incidents</BackLink>
        {get.error ? <ErrorText message={get.error} /> : <p className="muted loading">Loading…</p>}
      </div>
    );
  }
  const { entry } = detail;
  const { incident } = entry;
  const resolved = incident.status === 'resolved';
  const isComms = entry.myRoles.includes('comms') || entry.myRoles.includes('commander');

  return (
    <div className="view ac-detail">
      <BackLink href={hrefOf({ view: 'list' })}>All incidents</BackLink>
      <ViewHeader
        title={
          <>
            <SeverityBadge severity={incident.severity} /> {incident.summary}
          </>
        }
      />
      <p className="page-row__meta">
        <IncidentFacts incident={incident} now={props.now} withRegion />
      </p>
      <div className="ac-grid">
        <RolesCard incident={incident} />
        <ClocksCard entry={entry} now={props.now} />
      </div>
      <UpdateClockNote entry={entry} />
      {!resolved ? (
        <IncidentChangesCard
          incident={incident}
          changes={detail.severityChanges}
          integrations={detail.integrations}
          onChanged={reload}
        />
      ) : null}

      {!resolved ? (
        <UpdateComposer
          incident={incident}
          integrations={detail.integrations}
          targets={detail.targets}
          onPosted={reload}
        />
      ) : null}

      {detail.posts.length > 0 ? (
        <section className="card" aria-labelledby="ac-posted">
          <h2 className="card__title" id="ac-posted">
            Updates posted from here
          </h2>
          <ul className="ac-posts">
            {[...detail.posts].reverse().map((p) => (
              <PostResult
                key={p.id}
                post={p}
                busy={retry.busy}
                onRetry={(post) =>
                  void retry.run({ incidentId: incident.id, updateId: post.id }).then(reload)
                }
              />
            ))}
          </ul>
          <ErrorText message={retry.error} />
        </section>
      ) : null}

      {!resolved ? <ResolvePanel incident={incident} onResolved={reload} /> : null}
      {resolved && isComms ? <Announcement detail={detail} onDone={reload} /> : null}
      <PageResolutionsCard detail={detail} />

      <IncidentDeclaration incidentId={incident.id} />
      <TimelineCard detail={detail} />
    </div>
  );
}
