/**
 * The declaration's actions, in the order they run (the order of `ACTION_IDS`): the runner
 * (`../declare.ts`) walks this table. Adding an action means a file here and a row below.
 */
import type { DeclarationAction } from './action.js';
import { linearAction } from './linear.js';
import { pagesAction } from './pages.js';
import { platformIncidentAction } from './platform-incident.js';
import { platformLinksAction } from './platform-links.js';
import { slackChannelAction } from './slack-channel.js';
import { slackInviteAction } from './slack-invite.js';
import { slackKickoffAction } from './slack-kickoff.js';
import { slackRunbookAction } from './slack-runbook.js';
import { slackTopicAction } from './slack-topic.js';
import { statuspageAction } from './statuspage.js';

/** Every action, in run order. */
export const DECLARATION_ACTIONS: readonly DeclarationAction[] = [
  platformIncidentAction,
  pagesAction,
  slackChannelAction,
  slackTopicAction,
  slackInviteAction,
  statuspageAction,
  linearAction,
  slackKickoffAction,
  slackRunbookAction,
  platformLinksAction,
];
