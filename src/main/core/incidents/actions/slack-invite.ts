/**
 * `slack-invite`: invites everyone the pages reach and everyone with a role to the channel, naming
 * those Slack does not know.
 */
import { slackChannelOf, type DeclarationAction } from './action.js';
import { rolePeople } from './texts.js';

/** Looks the invitees (the plan's list, or the role holders of an older declaration) up by email and invites those found; inviting again is harmless. */
export const slackInviteAction: DeclarationAction = {
  id: 'slack-invite',
  async perform(ctx) {
    const { slack, channelId } = slackChannelOf(ctx);
    const people = ctx.declaration.invitees ?? rolePeople(ctx.declaration);
    const { found, missing } = await slack.lookupUsers(people);
    await slack.invite(
      channelId,
      found.map((f) => f.userId),
    );
    const invited = `Invited ${found.map((f) => f.person.name).join(', ') || 'nobody'}`;
    return {
      detail: missing.length
        ? `${invited}; not found in Slack: ${missing.map((m) => `${m.name} <${m.email}>`).join(', ')}`
        : invited,
    };
  },
};
