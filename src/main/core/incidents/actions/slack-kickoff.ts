/** `slack-kickoff`: posts the kick-off message (roles, links, who was paged) in the channel. */
import { findOwnMessage, slackChannelOf, type DeclarationAction } from './action.js';
import { kickoffText } from './texts.js';

/** Posts the kick-off once: a resume looks for the marked message first. */
export const slackKickoffAction: DeclarationAction = {
  id: 'slack-kickoff',
  async perform(ctx) {
    const { slack, channelId } = slackChannelOf(ctx);
    const d = ctx.declaration;
    const r = d.results;
    const marker = `kick-off · ${d.id}`;
    if (!r.kickoffTs && ctx.resumed) {
      r.kickoffTs = await findOwnMessage(ctx, slack, channelId, marker);
    }
    r.kickoffTs ??= (await slack.postMessage(channelId, kickoffText(d, ctx.rule.name, marker))).ts;
    return { detail: 'Kick-off posted' };
  },
};
