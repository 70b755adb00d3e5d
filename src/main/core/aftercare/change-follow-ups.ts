/**
 * What a severity change does once it is made, each its own action with its own result (done,
 * failed with Retry, or skipped with why): the message in the incident's Slack channel ("Severity
 * raised from SEV-3 to SEV-1 by Robin Ops: paging …"), the channel topic (which names the
 * severity, as the declaration set it), the status page (the entry's impact set to the new
 * severity's, the declaration's mapping; or, when the severity becomes customer-visible and no
 * entry exists, the entry the declaration would have opened) and, through PagerDuty, the urgency
 * raised to high. Actions as data, one object each, run in table order.
 *
 * Idempotent as the declaration runner is: each follow-up's state is saved before it runs and
 * after, and a retried or interrupted one looks for what an earlier attempt made before making
 * anything (the Slack message by a marker line); the status page entry is always looked up by
 * the declaration's key in its metadata first, as the declaration's own step does, and a new
 * one's link is put on the platform incident; setting a topic, an impact or an urgency again is harmless. Each one done lands on
 * the timeline, stamped in the platform's time.
 */
import { IpcError } from '../../../shared/contract.js';
import type {
  FollowUp,
  FollowUpAction,
  SeverityChange,
  TimelineKind,
} from '../../../shared/aftercare/timeline.js';
import type { Severity } from '../../../shared/domain.js';
import type { Playbook } from '../../../shared/playbook.js';
import { errorMessage } from '../integrations/integration-error.js';
import type { SlackClient } from '../integrations/slack-client.js';
import { findOrOpenEntry } from '../incidents/actions/statuspage.js';
import { pagerdutyUrgency } from '../incidents/plan.js';
import { ruleFor } from '../incidents/paging-plan.js';
import type { IncidentRecord } from './aftercare-store.js';
import { incidentTopic } from './change-paging.js';
import { targetsOf } from './console.js';
import type { AftercareContext } from './context.js';

/** What a follow-up ended as (a thrown error is `failed`). */
type Outcome =
  | { status: 'done'; detail: string; ref?: string; link?: string; entry?: EntryLine }
  | { status: 'skipped'; detail: string; notConnected?: boolean };

/** A timeline line of a follow-up done. */
interface EntryLine {
  kind: TimelineKind;
  text: string;
}

/** What one follow-up runs over. */
interface FollowUpRun {
  ctx: AftercareContext;
  r: IncidentRecord;
  change: SeverityChange;
  /** An earlier attempt ran (failed, interrupted): look for what it made first. */
  resumed: boolean;
}

/** One follow-up: whether it belongs to a change, and how it is done. */
interface FollowUpDef {
  action: FollowUpAction;
  applies(ctx: AftercareContext, r: IncidentRecord, from: Severity, to: Severity): boolean;
  perform(run: FollowUpRun): Promise<Outcome>;
}

const notConnected = (name: string): Outcome => ({
  status: 'skipped',
  detail: `${name} is not connected`,
  notConnected: true,
});

/** The marker line that lets a retry find the change's Slack message instead of posting it twice. */
export function changeMarker(changeId: string): string {
  return `severity change · ${changeId}`;
}

/** "Severity raised from SEV-3 to SEV-1 by Robin Ops: paging …" (the Slack message's first line). */
export function changeMessage(c: SeverityChange): string {
  const by = c.by ? ` by ${c.by.name}` : '';
  if (c.to > c.from)
    return `Severity lowered from SEV-${c.from} to SEV-${c.to}${by}: nobody is paged`;
  const what = c.paging || `everyone SEV-${c.to} pages was already paged`;
  return `Severity raised from SEV-${c.from} to SEV-${c.to}${by}: ${c.paging ? 'paging ' : ''}${what}`;
}

/** True when the playbook puts a severity in front of customers (a status page impact). */
function customerVisible(playbook: Playbook, severity: Severity): boolean {
  const rule = ruleFor(playbook, severity);
  return rule.statusPage && rule.statusPageImpact !== 'none';
}

/**
 * Why a change opens no status page entry when none exists, or `undefined` when it opens one:
 * only when the severity becomes customer-visible (a declaration of the old severity had no entry
 * to make, or was unticked for a severity with no customer impact).
 */
function noEntryReason(ctx: AftercareContext, r: IncidentRecord, c: SeverityChange) {
  const playbook = ctx.deps.playbook();
  const rule = ruleFor(playbook, c.to);
  if (!customerVisible(playbook, c.to)) {
    return `This incident has no status page entry, and ${rule.name} is not customer-visible`;
  }
  const declaration = ctx.deps.declaration?.(r.incidentId);
  const optOut = declaration?.input.statusPageOptOut;
  if (optOut && customerVisible(playbook, declaration.input.severity)) {
    return `No status page entry: unticked at review for SEV-${declaration.input.severity} (“${optOut.reason}”)`;
  }
  if (customerVisible(playbook, c.from)) {
    return `No status page entry is known for this SEV-${c.from}: post it from its declaration or on Statuspage`;
  }
  return undefined;
}

/** The Slack client and the incident's channel, or why a Slack follow-up is skipped. */
function slackChannel(
  ctx: AftercareContext,
  r: IncidentRecord,
): { slack: SlackClient; channel: string } | { skipped: Outcome } {
  const slack = ctx.deps.integrations().slack;
  if (!slack) return { skipped: notConnected('Slack') };
  const channel = targetsOf(ctx, r.incident).slackChannel;
  if (!channel) {
    return {
      skipped: { status: 'skipped', detail: 'No Slack channel is known for this incident' },
    };
  }
  return { slack, channel };
}

const slackMessage: FollowUpDef = {
  action: 'slack-message',
  applies: () => true,
  async perform({ ctx, r, change, resumed }) {
    const target = slackChannel(ctx, r);
    if ('skipped' in target) return target.skipped;
    const { slack, channel } = target;
    const marker = changeMarker(change.id);
    let ts: string | undefined;
    if (resumed) {
      // A failed look (no history scope) posts again rather than not at all, as the declaration.
      ts = await slack.findOwnMessage(channel, marker).catch(() => undefined);
    }
    ts ??= (await slack.postMessage(channel, `${changeMessage(change)}\n_${marker}_`)).ts;
    return {
      status: 'done',
      detail: 'Posted in the channel',
      ref: ts,
      entry: { kind: 'announced', text: `Posted in the channel: “${changeMessage(change)}”` },
    };
  },
};

const slackTopic: FollowUpDef = {
  action: 'slack-topic',
  applies: () => true,
  async perform({ ctx, r, change }) {
    const target = slackChannel(ctx, r);
    if ('skipped' in target) return target.skipped;
    const { slack, channel } = target;
    const topic = incidentTopic(ctx, r.incident, change.to);
    await slack.setTopic(channel, topic);
    return {
      status: 'done',
      detail: `Topic: ${topic}`,
      entry: { kind: 'channel-topic', text: `Channel topic set to “${topic}”` },
    };
  },
};

const statuspage: FollowUpDef = {
  action: 'statuspage',
  applies: () => true,
  async perform({ ctx, r, change }) {
    const client = ctx.deps.integrations().statuspage;
    if (!client) return notConnected('Statuspage');
    const rule = ruleFor(ctx.deps.playbook(), change.to);
    const impact = rule.statusPageImpact;
    const existing = targetsOf(ctx, r.incident).statuspageIncidentId;
    if (existing) {
      const entry = await client.setImpact(existing, impact);
      return {
        status: 'done',
        detail: `Impact set to ${impact}`,
        ref: existing,
        link: entry.url,
        entry: { kind: 'status-page', text: `Status page impact set to ${impact} (${rule.name})` },
      };
    }
    const why = noEntryReason(ctx, r, change);
    if (why) return { status: 'skipped', detail: why };
    // The declaration's key and lookup (`findOrOpenEntry`), so neither ever opens a second entry.
    const key = ctx.deps.declaration?.(r.incidentId)?.id ?? `incident:${r.incidentId}`;
    const { entry } = await findOrOpenEntry(client, {
      key,
      name: r.incident.summary,
      impact,
    });
    // Its link on the platform incident, as the declaration's link step puts the one it opened.
    await ctx.deps
      .integrations()
      .changes?.changeIncident(r.incidentId, { links: { statusPage: entry.url } });
    return {
      status: 'done',
      detail: `Entry posted (investigating, impact ${impact})`,
      ref: entry.id,
      link: entry.url,
      entry: {
        kind: 'status-page',
        text: `Status page entry posted (investigating, impact ${impact}): ${rule.name} is customer-visible`,
      },
    };
  },
};

const pagerdutyUrgencyFollowUp: FollowUpDef = {
  action: 'pagerduty-urgency',
  // Through PagerDuty only, and only when the raise asks for more urgency than the incident had.
  applies: (ctx, r, from, to) =>
    ctx.deps.declaration?.(r.incidentId)?.input.paging?.via === 'pagerduty' &&
    to < from &&
    pagerdutyUrgency(to) === 'high' &&
    pagerdutyUrgency(from) !== 'high',
  async perform({ ctx, r, change }) {
    const pagerduty = ctx.deps.integrations().pagerduty;
    if (!pagerduty?.raiseUrgency) return notConnected('PagerDuty');
    const incidentId = ctx.deps.declaration?.(r.incidentId)?.results.pagerdutyIncidentId;
    if (!incidentId) {
      return { status: 'skipped', detail: 'The declaration opened no PagerDuty incident' };
    }
    const { changed } = await pagerduty.raiseUrgency(incidentId, new AbortController().signal);
    if (!changed) return { status: 'done', detail: `${incidentId} is already high urgency` };
    return {
      status: 'done',
      detail: `${incidentId} raised to high urgency`,
      entry: {
        kind: 'paged',
        text: `PagerDuty incident ${incidentId} raised to high urgency (SEV-${change.to})`,
      },
    };
  },
};

/** Every follow-up, in run order. */
const FOLLOW_UPS: readonly FollowUpDef[] = [
  slackMessage,
  slackTopic,
  statuspage,
  pagerdutyUrgencyFollowUp,
];

/** Running and retrying the follow-ups of severity changes over one context. */
export interface ChangeFollowUps {
  /** Records a severity change made now with its follow-ups, runs them, answers the change. */
  run(args: {
    incidentId: string;
    from: Severity;
    to: Severity;
    paging: string;
  }): Promise<SeverityChange>;
  /** Runs follow-up `action` of change `changeId` again (failed, skipped or interrupted). */
  retry(incidentId: string, changeId: string, action: FollowUpAction): Promise<SeverityChange>;
  /** Marks follow-ups left `pending` by an earlier run of the app as failed (call at start). */
  markInterrupted(): void;
}

/** Marks follow-ups left `pending` by an earlier run of the app as failed, so Retry can finish them. */
function markInterrupted(ctx: AftercareContext): void {
  for (const r of ctx.store.all()) {
    if (!r.severityChanges.some((c) => c.followUps.some((f) => f.status === 'pending'))) continue;
    const severityChanges = r.severityChanges.map((c) => ({
      ...c,
      followUps: c.followUps.map((f): FollowUp =>
        f.status === 'pending'
          ? { ...f, status: 'failed', detail: 'Interrupted: the app stopped while it ran' }
          : f,
      ),
    }));
    ctx.save({ ...r, severityChanges });
  }
}

/** Puts a follow-up done on the timeline (its id is the change's and the action's: once). */
function recordLine(
  ctx: AftercareContext,
  change: SeverityChange,
  incidentId: string,
  done: FollowUp,
  line: EntryLine,
): void {
  try {
    ctx.timeline.record([
      {
        id: `change:${incidentId}:${change.id}:${done.action}`,
        incidentId,
        at: done.at,
        kind: line.kind,
        text: line.text,
        actor: change.by,
        source: 'app',
      },
    ]);
  } catch (error) {
    ctx.deps.logger.warn('aftercare: could not save the timeline', { error: errorMessage(error) });
  }
}

/** Creates the follow-up runner. */
export function createChangeFollowUps(ctx: AftercareContext): ChangeFollowUps {
  const newId = ctx.deps.newId ?? (() => crypto.randomUUID());

  /** Now, on the incident's platform clock (after the incident's entries written here). */
  const nowIn = (r: IncidentRecord) => ctx.entryTime(r.incidentId);

  function find(incidentId: string, changeId: string): SeverityChange {
    const change = ctx.record(incidentId).severityChanges.find((c) => c.id === changeId);
    if (!change) {
      throw new IpcError(
        'not-found',
        `No severity change '${changeId}' on incident '${incidentId}'.`,
      );
    }
    return change;
  }

  /** Saves `next` as follow-up `action` of change `changeId`; answers the change. */
  function setFollowUp(incidentId: string, changeId: string, next: FollowUp): SeverityChange {
    const r = ctx.record(incidentId);
    const severityChanges = r.severityChanges.map((c) =>
      c.id === changeId
        ? { ...c, followUps: c.followUps.map((f) => (f.action === next.action ? next : f)) }
        : c,
    );
    ctx.save({ ...r, severityChanges });
    return find(incidentId, changeId);
  }

  async function perform(incidentId: string, changeId: string, def: FollowUpDef) {
    const before = find(incidentId, changeId).followUps.find((f) => f.action === def.action);
    if (!before || before.status === 'done') return;
    const attempts = before.attempts + 1;
    const r = ctx.record(incidentId);
    const change = setFollowUp(incidentId, changeId, {
      action: def.action,
      status: 'pending',
      attempts,
      at: nowIn(r),
    });
    let next: FollowUp;
    let line: EntryLine | undefined;
    try {
      const outcome = await def.perform({ ctx, r, change, resumed: attempts > 1 });
      let state: Omit<Outcome, 'entry'> = outcome;
      if (outcome.status === 'done') ({ entry: line, ...state } = outcome);
      next = { action: def.action, ...state, attempts, at: nowIn(r) };
    } catch (error) {
      if (error instanceof IpcError && error.code === 'handler-failed') throw error;
      next = {
        action: def.action,
        status: 'failed',
        detail: errorMessage(error),
        attempts,
        at: nowIn(r),
      };
    }
    setFollowUp(incidentId, changeId, next);
    if (line) recordLine(ctx, change, incidentId, next, line);
  }

  return {
    async run({ incidentId, from, to, paging }) {
      const r = ctx.record(incidentId);
      const at = nowIn(r);
      const change: SeverityChange = {
        id: newId(),
        from,
        to,
        by: ctx.me(),
        at,
        paging,
        followUps: FOLLOW_UPS.filter((d) => d.applies(ctx, r, from, to)).map((d) => ({
          action: d.action,
          status: 'pending',
          attempts: 0,
          at,
        })),
      };
      // Saved before anything is sent, so that a crash leaves it to retry, never to redo.
      ctx.save({ ...r, severityChanges: [...r.severityChanges, change] });
      for (const def of FOLLOW_UPS) await perform(incidentId, change.id, def);
      return find(incidentId, change.id);
    },
    async retry(incidentId, changeId, action) {
      const state = find(incidentId, changeId).followUps.find((f) => f.action === action);
      if (!state) {
        throw new IpcError('not-found', `The severity change '${changeId}' has no '${action}'.`);
      }
      if (state.status === 'done') {
        throw new IpcError('conflict', 'That was done already: nothing to retry.');
      }
      const def = FOLLOW_UPS.find((d) => d.action === action);
      if (def) await perform(incidentId, changeId, def);
      return find(incidentId, changeId);
    },
    markInterrupted: () => markInterrupted(ctx),
  };
}
