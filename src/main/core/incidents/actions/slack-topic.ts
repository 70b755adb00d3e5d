/** `slack-topic`: sets the incident channel's topic (severity, state, commander, summary). */
import { slackChannelOf, type DeclarationAction } from './action.js';
import { topicText } from './texts.js';

/** Sets the topic; setting it again is harmless. */
export const slackTopicAction: DeclarationAction = {
  id: 'slack-topic',
  async perform(ctx) {
    const { slack, channelId } = slackChannelOf(ctx);
    await slack.setTopic(channelId, topicText(ctx.declaration, ctx.rule.name));
    return { detail: 'Topic and purpose set' };
  },
};
