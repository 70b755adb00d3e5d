/** `slack-runbook`: posts the playbook's runbook link in the channel and pins it. */
import { findOwnMessage, slackChannelOf, type DeclarationAction } from './action.js';

/** Posts the runbook once (saved at once), then pins it; pinning again is harmless. */
export const slackRunbookAction: DeclarationAction = {
  id: 'slack-runbook',
  async perform(ctx) {
    const { slack, channelId } = slackChannelOf(ctx);
    const { declaration: d, playbook } = ctx;
    const r = d.results;
    const marker = `runbook · ${d.id}`;
    if (!r.runbookTs && ctx.resumed) {
      r.runbookTs = await findOwnMessage(ctx, slack, channelId, marker);
    }
    if (!r.runbookTs) {
      r.runbookTs = (
        await slack.postMessage(channelId, `:book: Runbook: ${playbook.runbookUrl}\n_${marker}_`)
      ).ts;
      ctx.save();
    }
    await slack.pin(channelId, r.runbookTs);
    return { detail: 'Runbook pinned', link: playbook.runbookUrl };
  },
};
