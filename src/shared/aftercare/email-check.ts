/**
 * The customer-email linter: checks a draft against the policy's tone rules ("factual, brief, no
 * marketing language. Apologise once.", blameless) and for the facts every incident email needs
 * (when it started and ended, who was affected). Pure and heuristic: it points at wording for a
 * human to reconsider, it never rewrites. Each rule lives in `email-check/`; times are read with
 * chrono-node and parts of speech (passive voice, superlatives) with compromise.
 */
import type { Playbook } from '../playbook.js';
import { checkApologies } from './email-check/apology.js';
import { checkBlame } from './email-check/blame.js';
import { type EmailCheckOptions, checkJargon } from './email-check/jargon.js';
import { checkImpact } from './email-check/impact.js';
import { checkLength } from './email-check/length.js';
import { checkMarketing } from './email-check/marketing.js';
import { type EmailFinding, type EmailFindingKind, prepare } from './email-check/text.js';
import { checkTimes } from './email-check/times.js';

export type { EmailCheckOptions } from './email-check/jargon.js';
export type { EmailFinding, EmailFindingKind } from './email-check/text.js';

const KIND_ORDER: readonly EmailFindingKind[] = [
  'missing-times',
  'missing-impact',
  'apology',
  'blame',
  'marketing',
  'jargon',
  'length',
];

/**
 * Checks a customer incident email against the playbook's rules and returns every finding,
 * sorted by position (whole-email findings, at 0..0, first). An empty array means the draft
 * passes. Quoted text ("Sorry, something went wrong") and unfilled `{{placeholders}}` are not
 * the author's wording: the tone rules skip them.
 *
 * - `marketing`: buzzwords, boasts (superlatives about us, uptime and track-record claims, "more
 *   dependable than ever"), sales offers, upsell of plans and add-ons, teasers of new products.
 * - `apology`: none at all (0..0), or more than `playbook.customerEmail.maxApologies` in any
 *   phrasing ("sorry", "we regret", "we owe you an apology", "forgive us"); each extra one is
 *   flagged.
 * - `length`: over `playbook.customerEmail.maxWords` words; the span runs from the first word
 *   over the limit to the end of the text.
 * - `jargon`: internal hostnames and IPs, identifiers (snake_case, kebab-case-ids, dotted.names,
 *   camelCase), ticket ids (public ones such as `CVE-…` are allowed), metric names (`p99`,
 *   `5xx`), CI/CD and orchestration terms (`pods`, `k8s`), and `options.codeNames`.
 * - `blame`: blaming people or teams (also in the passive voice), suppliers or customers,
 *   deflecting ("beyond our control"), speculating about the cause ("may have been triggered").
 * - `missing-times`: no clock time (0..0), only a start (or only one time), or no time zone;
 *   the span is the first time.
 * - `missing-impact`: no sentence says who or what was affected and how (0..0).
 *
 * Heuristic by nature: see `test/fixtures/emails` for the labelled corpus it is measured against.
 */
export function checkEmail(
  text: string,
  playbook: Playbook,
  options: EmailCheckOptions = {},
): EmailFinding[] {
  const draft = prepare(text);
  const findings: EmailFinding[] = [];
  checkTimes(draft, findings);
  checkImpact(draft, findings);
  checkApologies(draft, playbook, findings);
  checkBlame(draft, findings);
  checkMarketing(draft, findings);
  checkJargon(draft, options, findings);
  checkLength(draft, playbook, findings);
  return findings.sort(
    (a, b) => a.start - b.start || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind),
  );
}
