/**
 * `missing-impact`: the email must say who or what was affected and how. A sentence states
 * impact when it names someone or something customers own or use (customers, merchants, you,
 * orders, payments, pages, emails…) together with what went wrong for them (could not, failed,
 * slow, late, declined, exposed…). "An incident occurred on our platform" names neither.
 */
import { type Draft, type EmailFinding, finding } from './text.js';

const PARTY =
  /\b(?:customers?|users?|merchants?|shoppers?|buyers?|sellers?|clients?|tenants?|members?|people|visitors?|owners?|operators? of|stores?|shops?|accounts?|you|your|everyone|anyone|businesses|teams? (?:using|on)|requests?|payments?|orders?|checkouts?|carts?|refunds?|payouts?|invoices?|receipts?|reports?|exports?|emails?|messages?|notifications?|webhooks?|labels?|pages?|dashboards?|apps?|API|sign[- ]?ins?|logins?|search(?:es)?|storefronts?|checkout pages?|uploads?|downloads?|transfers?|charges?|data|details|images?|photos?)\b/i;
const EFFECT =
  /\b(?:could(?:n't| not)|can(?:'t|not)|unable|not able|were not|was not|did(?:n't| not)|fail(?:ed|ing|s|ures?)?|errors?|declined|rejected|timed? ?out|timeouts?|slow(?:ly|er)?|delayed|delays?|late|later|blank|empty|missing|lost|exposed|visible|shown|showed|showing|zero|saw|out[- ]of[- ]date|stale|wrong|incorrect|duplicated?|twice|broken|unavailable|inaccessible|down|degraded|interrupted|locked out|charged|affected|impacted|no longer|stopped|waited|waiting|took (?:up to|longer|over)|did not (?:arrive|load|work))\b/i;

/** Adds the `missing-impact` finding, if any, to `findings`. */
export function checkImpact(draft: Draft, findings: EmailFinding[]): void {
  const stated = draft.sentences.some((s) => {
    const plain = draft.text.slice(s.start, s.end);
    return PARTY.test(plain) && EFFECT.test(plain);
  });
  if (stated) return;
  findings.push(
    finding(
      'missing-impact',
      { start: 0, end: 0 },
      'No impact: say who was affected and what they could not do.',
    ),
  );
}
