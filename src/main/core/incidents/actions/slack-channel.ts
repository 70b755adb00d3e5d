/**
 * `slack-channel`: creates the incident channel (or, on a resume, finds the one an earlier
 * attempt made: its purpose names the declaration), sets its purpose and answers its link.
 */
import type { DeclarationAction } from './action.js';
import { purposeText } from './texts.js';

/** How many numbered names (`-2` … `-20`) a resume looks through after the planned one. */
const NAME_VARIANTS = 19;

/** Creates the Slack channel once, saving its id at once so a crash cannot make a second. */
export const slackChannelAction: DeclarationAction = {
  id: 'slack-channel',
  async perform(ctx) {
    const slack = ctx.integrations.slack;
    if (!slack) throw new Error('Slack is not connected');
    const d = ctx.declaration;
    const r = d.results;
    if (!r.channelId && ctx.resumed) {
      const names = [
        d.channelName,
        ...Array.from({ length: NAME_VARIANTS }, (_, i) => `${d.channelName}-${i + 2}`),
      ];
      const found = await slack.findChannelForDeclaration(d.id, names);
      if (found) {
        r.channelId = found.id;
        r.channelName = found.name;
      }
    }
    if (!r.channelId) {
      const created = await slack.createChannel(d.channelName);
      r.channelId = created.id;
      r.channelName = created.name;
      ctx.save();
    }
    await slack.setPurpose(r.channelId, purposeText(d, ctx.rule.name));
    r.channelUrl = await slack.channelUrl(r.channelId);
    return { detail: `#${r.channelName ?? d.channelName}`, link: r.channelUrl };
  },
};
