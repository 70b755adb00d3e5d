/**
 * What one declaration action is: an id and its own `perform`, given the declaration, the
 * integrations configured now and a way to save intermediate results. The runner
 * (`../declare.ts`) decides whether an action runs (skipped, blocked, already done); an action
 * only does its work, idempotently: platform calls carry Idempotency-Keys (`keys.ts`) and
 * resumed actions look for an earlier result before creating anything.
 */
import type { ActionId, Declaration } from '../../../../shared/declaration.js';
import type { Playbook, SeverityRule } from '../../../../shared/playbook.js';
import type { Logger } from '../../ports.js';
import { errorMessage } from '../../integrations/integration-error.js';
import type { LinearClient } from '../../integrations/linear-client.js';
import type { PlatformIncidentsClient } from '../../integrations/platform-incidents-client.js';
import type { SlackClient } from '../../integrations/slack-client.js';
import type { StatuspageClient } from '../../integrations/statuspage-client.js';
import type { PagerDutySource } from '../../pagerduty/pagerduty-source.js';

/** The integrations configured right now; absent ones make their actions `skipped`. */
export interface DeclarationIntegrations {
  platform?: PlatformIncidentsClient;
  slack?: SlackClient;
  statuspage?: StatuspageClient;
  /** The client and the team (key or id) tickets go to. */
  linear?: { client: LinearClient; team: string };
  /** PagerDuty, when a token is set: declarations may page through it. */
  pagerduty?: PagerDutyPaging;
}

/**
 * What a declaration needs of PagerDuty (`PagerDutySource` has it), and what the incident's
 * changes ask of it later (responders, urgency).
 */
export type PagerDutyPaging = Pick<
  PagerDutySource,
  | 'createIncident'
  | 'findIncidentByKey'
  | 'listServices'
  | 'resolveIncident'
  | 'addResponders'
  | 'raiseUrgency'
>;

/** What an action shows on the Run screen when it is done. */
export interface ActionOutcome {
  detail?: string;
  link?: string;
}

/** Everything an action may use while it runs. */
export interface ActionContext {
  /** The declaration; actions write their results into `declaration.results`. */
  declaration: Declaration;
  integrations: DeclarationIntegrations;
  playbook: Playbook;
  /** The playbook's rule for the declaration's severity. */
  rule: SeverityRule;
  /** True when the action ran before (interrupted or retried): look for earlier results first. */
  resumed: boolean;
  logger: Logger;
  /** Saves the declaration now, where a crash could lose a result (throws `DeclarationSaveError`). */
  save(): void;
}

/** One action of a declaration: its id and how it is done. */
export interface DeclarationAction {
  readonly id: ActionId;
  /** Does the action; answers what to show. Throws when it failed. */
  perform(ctx: ActionContext): Promise<ActionOutcome>;
}

/** Thrown when the declaration cannot be saved: the run stops so a restart cannot repeat work. */
export class DeclarationSaveError extends Error {
  constructor(cause: unknown) {
    super(
      `could not save the declaration (${errorMessage(cause)}): stopped so that nothing is done twice; it resumes at the next start`,
      { cause },
    );
    this.name = 'DeclarationSaveError';
  }
}

/** The Slack client and the declaration's channel, or the error every channel action gives. */
export function slackChannelOf(ctx: ActionContext): { slack: SlackClient; channelId: string } {
  const slack = ctx.integrations.slack;
  const channelId = ctx.declaration.results.channelId;
  if (!slack || !channelId) throw new Error('Slack is not connected');
  return { slack, channelId };
}

/** Looks for an earlier message; a failed look (e.g. no history scope) posts again rather than not at all. */
export async function findOwnMessage(
  ctx: ActionContext,
  slack: SlackClient,
  channelId: string,
  marker: string,
): Promise<string | undefined> {
  try {
    return await slack.findOwnMessage(channelId, marker);
  } catch (err) {
    ctx.logger.warn('declaration: could not check for an earlier message', {
      error: errorMessage(err),
    });
    return undefined;
  }
}
