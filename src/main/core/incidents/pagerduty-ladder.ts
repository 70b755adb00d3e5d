/**
 * The severity ladder through PagerDuty: the service's escalation policy pages its own chain, so
 * where the policy pages the EM and the founder (SEV-1), their escalation policies are added as
 * responders to the incident. Which policies: the playbook's `pagerduty.emEscalationPolicyId` and
 * `pagerduty.founderEscalationPolicyId`. Pure.
 */
import type { Playbook, SeverityRule } from '../../../shared/playbook.js';

/** The responder policies a severity adds, and the roles it names whose policy is not set. */
export interface PagerDutyLadder {
  /** Escalation policy ids to add as responders, EM first. */
  policyIds: string[];
  /** `EM`, `founder`: roles the severity pages whose policy the playbook does not name. */
  missing: string[];
}

/** The responders `rule` adds through PagerDuty under `playbook`. */
export function pagerdutyLadder(playbook: Playbook, rule: SeverityRule): PagerDutyLadder {
  const ladder: PagerDutyLadder = { policyIds: [], missing: [] };
  const pd = playbook.pagerduty ?? {};
  const wanted: ['em' | 'founder', string | undefined, string][] = [
    ['em', pd.emEscalationPolicyId, 'EM'],
    ['founder', pd.founderEscalationPolicyId, 'founder'],
  ];
  for (const [role, id, name] of wanted) {
    if (!rule.pages.includes(role)) continue;
    if (id) ladder.policyIds.push(id);
    else ladder.missing.push(name);
  }
  return ladder;
}

/** The review's warning when the ladder cannot be applied in full, else `undefined`. */
export function pagerdutyLadderWarning(
  ladder: PagerDutyLadder,
  rule: SeverityRule,
): string | undefined {
  if (ladder.missing.length === 0) return undefined;
  const names = ladder.missing.join(' and ');
  return `${rule.name} pages the ${names} on-call, but the playbook names no PagerDuty escalation policy for them (pagerduty.${ladder.missing.map((m) => (m === 'EM' ? 'emEscalationPolicyId' : 'founderEscalationPolicyId')).join(', pagerduty.')}): only the service's own escalation policy is paged.`;
}
