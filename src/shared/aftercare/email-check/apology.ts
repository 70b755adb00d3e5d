/**
 * `apology`: apologise exactly once (the playbook's `maxApologies`), in any phrasing: "we
 * apologise", "sorry", "we regret", "we owe you an apology", "forgive us". Quoted product text
 * ("Sorry, something went wrong") is masked out before this rule reads the draft.
 */
import type { Playbook } from '../../playbook.js';
import { type Draft, type EmailFinding, finding, matches } from './text.js';

// Each alternative is one act of apologising; the longer phrasings come first so that "please
// accept our sincere apologies" is one apology, not two.
const APOLOGY = new RegExp(
  [
    String.raw`\b(?:please )?accept (?:our|my) (?:\w+ )?apolog(?:y|ies)`,
    String.raw`\bowe (?:you|all of you|our customers) (?:an? |our )?(?:\w+ )?apology`,
    String.raw`\b(?:our|my) (?:\w+ )?apologies`,
    String.raw`\b(?:we|I) (?:\w+ly )?apologi[sz]e\b`,
    String.raw`\b(?:we are|we're|I am|I'm) (?:\w+ )?sorry\b`,
    String.raw`\bapologi[sz](?:e|es|ed|ing)\b`,
    String.raw`\bapolog(?:y|ies)\b`,
    String.raw`\bsorry\b`,
    String.raw`\bregret(?:s|ted|ting)?\b`,
    String.raw`\b(?:please )?forgive (?:us|me)\b`,
    String.raw`\bbeg (?:your|you for) (?:pardon|forgiveness)\b`,
  ].join('|'),
  'gi',
);

/** Adds the `apology` findings, if any, to `findings`. */
export function checkApologies(draft: Draft, playbook: Playbook, findings: EmailFinding[]): void {
  const apologies = matches(APOLOGY, draft.masked);
  const max = playbook.customerEmail.maxApologies;
  if (apologies.length === 0) {
    findings.push(
      finding(
        'apology',
        { start: 0, end: 0 },
        'No apology: apologise once, plainly, for the disruption (quoted error text does not count).',
      ),
    );
    return;
  }
  apologies.slice(max).forEach((a, i) => {
    findings.push(
      finding(
        'apology',
        a,
        `Apologise ${max === 1 ? 'once' : `at most ${max} times`}: this is apology ${max + i + 1} of ${apologies.length}.`,
      ),
    );
  });
}
