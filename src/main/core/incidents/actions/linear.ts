/**
 * `linear`: files the incident ticket with the playbook's incident label and the severity label.
 * The issue id is derived from the declaration id, so a second create is refused and looked up.
 */
import type { DeclarationAction } from './action.js';
import { linearIssueId } from './keys.js';
import { ticketText } from './texts.js';

/** Files the Linear ticket once. */
export const linearAction: DeclarationAction = {
  id: 'linear',
  async perform(ctx) {
    const linear = ctx.integrations.linear;
    if (!linear) throw new Error('Linear is not connected');
    const { declaration: d, rule } = ctx;
    const r = d.results;
    const issueId = linearIssueId(d.id);
    if (!r.linearIssueId && ctx.resumed) {
      const found = await linear.client.findIssue(issueId);
      if (found)
        Object.assign(r, {
          linearIssueId: found.id,
          linearIssueIdentifier: found.identifier,
          linearIssueUrl: found.url,
        });
    }
    if (!r.linearIssueId) {
      const team = await linear.client.findTeam(linear.team);
      const labelIds = [
        await linear.client.ensureLabel(team.id, ctx.playbook.linear.incidentLabel),
        await linear.client.ensureLabel(team.id, rule.name),
      ];
      let issue;
      try {
        issue = await linear.client.createIssue({
          id: issueId,
          teamId: team.id,
          title: `${rule.name}: ${d.input.summary}`,
          description: ticketText(d, rule.name),
          labelIds,
        });
      } catch (err) {
        // The first attempt may have created it and lost the answer: the id is taken then.
        issue = await linear.client.findIssue(issueId);
        if (!issue) throw err;
      }
      Object.assign(r, {
        linearIssueId: issue.id,
        linearIssueIdentifier: issue.identifier,
        linearIssueUrl: issue.url,
      });
    }
    return {
      detail: `Ticket ${r.linearIssueIdentifier ?? r.linearIssueId}`,
      ...(r.linearIssueUrl ? { link: r.linearIssueUrl } : {}),
    };
  },
};
