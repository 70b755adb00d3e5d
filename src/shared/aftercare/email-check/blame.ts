/**
 * `blame`: incident communication is factual and blameless. Flags blaming people or teams (also
 * in the passive voice, "a setting was changed in error by an operator", which compromise's
 * part-of-speech tagger recognises), blaming suppliers or customers, deflecting ("beyond our
 * control"), and speculating about the cause ("this may have been triggered by").
 */
import { firstTagged, wordWindow } from './tagger.js';
import { type Draft, type EmailFinding, type Match, finding, matches, push } from './text.js';

interface Rule {
  re: RegExp;
  message: string;
}

const PEOPLE = String.raw`(?:engineers?|operators?|employees?|staff(?: members?)?|administrators?|admins?|developers?|technicians?|contractors?|colleagues?|interns?|team(?: members?)?|teams|DBAs?|someone|somebody|people|person|members? of (?:our|the) \w+ team)`;
const SUPPLIER = String.raw`(?:AWS|Amazon(?: Web Services)?|Google(?: Cloud)?|GCP|Azure|Microsoft|Cloudflare|Akamai|Fastly|Stripe|Adyen|PayPal|Twilio|SendGrid|Datadog|GitHub|Heroku|DigitalOcean|Hetzner|OVH|(?:(?:our|a|an|the|their|one of our) )?(?:[\w-]+ ){0,2}(?:providers?|vendors?|partners?|suppliers?|hosts?|hosting compan(?:y|ies)|data ?cent(?:er|re)s?|ISPs?|third[- ]part(?:y|ies)|upstreams?))`;
// "an outage at", "a failure in": a problem placed at someone else's door.
const PROBLEM_AT = String.raw`(?:(?:an?|the) )?(?:[\w-]+ )?(?:failure|outage|fault|problem|issue|error|incident|mistake)s? (?:at|of|in|with|by|on the part of|on the side of)`;
const FAULT = String.raw`(?:wrong(?:ly)?|mistakes?|mistaken(?:ly)?|by accident|accidental(?:ly)?|forgot|failed to|without (?:checking|testing|review|approval|permission|following|asking)|careless(?:ly|ness)?|negligen(?:t|ce|tly)|ignored|neglected|did not follow|should have|in error|human error|operator error)`;

const DEFLECTION =
  'Deflects responsibility: say what failed and what we are changing, not whose fault it was.';
const SUPPLIER_BLAME =
  'Blames a supplier: say what failed and what we are changing; the provider is ours to answer for.';
const PERSON_BLAME =
  'Blames a person or team: incident communication is blameless; describe the system, not who.';
const CUSTOMER_BLAME =
  'Blames customers: describe what our system failed to handle, not what they did.';
const SPECULATION =
  'Speculates about the cause: state only what is confirmed, or say the cause is still being confirmed.';

const RULES: Rule[] = [
  {
    re: /\b(?:(?:beyond|outside(?: of)?) (?:our|anyone's) control|nothing (?:we|anyone) could (?:have )?do(?:ne)?|out of our hands|(?:not|wasn't|was not|isn't|is not) (?:our fault|ours)|(?:their|its|(?:(?:our|the|a|an) )?(?:[\w-]+ ){0,2}[\w-]+'s) fault|fault of|entirely (?:on )?their|on their (?:end|side)|to blame|blam(?:e|es|ed|ing))\b/gi,
    message: DEFLECTION,
  },
  {
    re: new RegExp(
      String.raw`\b(?:(?:due to|because of|caused by|(?:the )?result of)\s+(?:${PROBLEM_AT}\s+)?|${PROBLEM_AT}\s+)${SUPPLIER}\b`,
      'gi',
    ),
    message: SUPPLIER_BLAME,
  },
  {
    // A name doing something wrong: "Dave from the platform team accidentally shipped".
    re: /\b(?!(?:We|I|Our|It|This|That|The|They|You|Everyone|Nobody|Someone)\b)[A-Z][a-z]+(?: [A-Z][a-z]+)?(?: (?:from|on|in) (?:the |our )?[A-Za-z]+ team)? (?:accidentally|mistakenly|carelessly|forgot to|made (?:a|an) (?:mistake|error)|misconfigured)\b/g,
    message: PERSON_BLAME,
  },
  {
    re: new RegExp(
      String.raw`\b(?:human|operator|user|staff) error\b|\b(?:our|an?|the|one of our) (?:[\w-]+ ){0,2}${PEOPLE}\b[^.!?;:]{0,60}?\b${FAULT}`,
      'gi',
    ),
    message: PERSON_BLAME,
  },

  {
    re: /\b(?:customers?|users?|merchants?|clients?|tenants?|shoppers?)\b[^.!?;]{0,60}?\b(?:overload(?:ed|ing)?|abus(?:ed|ing)|misus(?:ed|ing)|flood(?:ed|ing)|far more requests|too many requests|more requests than|exceed(?:ed|ing) (?:their|the) (?:limits?|quotas?|plans?))/gi,
    message: CUSTOMER_BLAME,
  },
  {
    re: /\b(?:(?:we|I) (?:believe|think|suspect|assume|guess|imagine)(?! (?:it is|it's) (?:best|better|important|right|fair|worth|useful))|(?:probably|presumably|possibly|perhaps|apparently|seemingly|conceivably)|(?<!un)likely|(?:it|this|that|which) (?:appears|seems|looks) (?:like|as if|that|to)|(?:appears|seems) to have|it is (?:likely|possible|probable|thought|believed) that|(?:may|might|could)(?: well| also| partly)?(?: have)? (?:been|be|stem|come|result|have played)\b(?:\s+\w+){0,2}?\s+(?:caused|triggered|related|due|linked|connected|responsible|the (?:cause|result|trigger)|from|behind|a part|a factor|because)|suspected|(?:is|was) thought to)\b/gi,
    message: SPECULATION,
  },
];

const PASSIVE_BY = new RegExp(
  String.raw`\bby (?:an?|the|our|one of our|some of our|a member of (?:our|the)|members of (?:our|the)|someone|somebody|(?:[\w-]+ ){0,2})(?:[\w-]+ ){0,2}?${PEOPLE}\b`,
  'i',
);

// The passive verbs that make the agent the cause: "was deleted by", not "was contacted by".
const CAUSAL_PASSIVE =
  /\b(?:was|were|been|being|got) (?:\w+ly )?(?:caused|triggered|introduced|misconfigured|deleted|removed|changed|altered|modified|edited|overwritten|shipped|pushed|deployed|released|broken|started|run|made|set|entered|typed|disabled|turned off|switched off|mis\w+)\b/i;
const FAULT_RE = new RegExp(FAULT, 'i');

/** Passive sentences whose agent is a person or team ("was changed in error by an operator"). */
function passiveBlame(draft: Draft): Match[] {
  const out: Match[] = [];
  for (const s of draft.sentences) {
    const by = PASSIVE_BY.exec(s.value);
    if (!by) continue;
    const causal = CAUSAL_PASSIVE.exec(s.value);
    if (!causal && !FAULT_RE.test(s.value)) continue;
    // Only a few words around the verb go through the tagger: it is the slow part.
    const around = wordWindow(s.value, causal?.index ?? by.index, 3, 6);
    if (!firstTagged(around.value, ['#Passive'])) continue;
    out.push({ start: s.start + by.index, end: s.start + by.index + by[0].length, value: by[0] });
  }
  return out;
}

/** Adds the `blame` findings to `findings`. */
export function checkBlame(draft: Draft, findings: EmailFinding[]): void {
  for (const m of passiveBlame(draft)) push(findings, finding('blame', m, PERSON_BLAME));
  for (const rule of RULES) {
    for (const m of matches(rule.re, draft.masked)) {
      push(findings, finding('blame', m, rule.message));
    }
  }
}
