/**
 * The customer-email linter: checks a draft against the policy's tone rules ("factual, brief, no
 * marketing language. Apologise once.", blameless) and for the facts every incident email needs
 * (when it started and ended, who was affected). Pure and heuristic: it points at wording for a
 * human to reconsider, it never rewrites.
 */
import type { Playbook } from '../playbook.js';

/** What kind of problem a finding reports. */
export type EmailFindingKind =
  'marketing' | 'apology' | 'length' | 'jargon' | 'blame' | 'missing-times' | 'missing-impact';

/**
 * One problem in a draft. `start`/`end` are character offsets (UTF-16 code units, as JavaScript
 * strings count) into the checked text: `text.slice(start, end)` is exactly the offending wording.
 * Findings about something the email lacks (no apology at all, no start and end time, no impact)
 * have nothing to point at and use `start === end === 0`; a zero-width finding means "the whole
 * email".
 */
export interface EmailFinding {
  kind: EmailFindingKind;
  start: number;
  end: number;
  /** One plain sentence for the person writing the email. */
  message: string;
}

/** Extra knowledge the playbook does not (yet) carry. */
export interface EmailCheckOptions {
  /**
   * Internal service code names (e.g. `falcon`, `Hermes`) to flag as jargon, matched as whole
   * words, case-insensitively.
   */
  codeNames?: readonly string[];
}

interface Rule {
  re: RegExp;
  message: string;
}

const PROMOTIONAL = 'Promotional wording: keep the email factual.';

const MARKETING: Rule[] = [
  {
    re: /\b(?:excited|exciting|thrilled|delighted|proud to|stay tuned|check out (?:our|the) new|award[- ]winning|innovative|world[- ]class|best[- ]in[- ]class|industry[- ]leading|market[- ]leading|cutting[- ]edge|state[- ]of[- ]the[- ]art|next[- ]generation|game[- ]chang(?:er|ing)|unparalleled|unmatched|unrivall?ed|revolutionary|seamless(?:ly)?|blazing[- ]fast|lightning[- ]fast|supercharge[ds]?)\b/gi,
    message: PROMOTIONAL,
  },
  {
    re: /\b(?:exclusive|special|limited[- ]time) (?:offer|discount|deal|promotion)s?\b|\bpromo(?:tion(?:al)?)? code\b|\b\d{1,2}\s?% (?:off|discount)\b|\bfree (?:trial|upgrade|month)s?\b|\bas a (?:token of (?:our )?appreciation|valued customer)\b/gi,
    message: 'Sales offer: an incident email is not the place for promotions.',
  },
  {
    re: /\bupgrad(?:e|ing) (?:to|your)\b[^.!?\n]{0,40}?\b(?:plan|tier|edition|subscription|package|(?:premium|enterprise|pro|business|plus)(?: (?:plan|tier|edition|subscription|package))?)\b|\b(?:consider|why not try) upgrading\b|\b(?:our|the) (?:premium|enterprise|pro|business|plus) (?:plan|tier|edition) (?:includes|offers|comes with|gives you)\b/gi,
    message: 'Upgrade pitch: an incident email is not the place to sell a plan.',
  },
];

const APOLOGY =
  /\b(?:please accept our (?:sincere |sincerest |deepest |heartfelt )?apologies|our (?:sincere |sincerest |deepest |heartfelt )?apologies|(?:we|I) (?:sincerely |deeply |truly |really )?apologi[sz]e|apologi[sz]e|apologies|(?:we are|we're|I am|I'm) (?:very |so |truly |deeply |really |extremely )?sorry|sorry|we (?:deeply |sincerely )?regret)\b/gi;

const VENDORS =
  'AWS|Amazon(?: Web Services)?|Google(?: Cloud)?|GCP|Azure|Microsoft|Cloudflare|Akamai|Fastly|Stripe|Adyen|PayPal|Braintree|Twilio|SendGrid|Datadog|GitHub|Heroku|DigitalOcean|Hetzner|OVH';
// "our identity provider", "a third-party vendor", "the upstream DNS host": up to two words of
// qualification before the party.
const OTHERS = `(?:${VENDORS}|(?:(?:our|a|an|the|one of our) )?(?:[\\w-]+ ){0,2}(?:provider|vendor|partner|supplier|data ?cent(?:er|re)|ISP|host))`;

const BLAME: Rule[] = [
  {
    re: new RegExp(
      `\\b(?:(?:due to|because of|caused by|the fault of|fault of|blame(?:d)? (?:on )?|on the part of) ${OTHERS}(?:'s)?` +
        `|(?:due to|because of|caused by) (?:an? )?(?:issue|problem|outage|failure|incident|bug|change|error)s? (?:at|with|in|from|by|on the side of) ${OTHERS}` +
        `|${OTHERS}'s (?:fault|mistake|error|failure|negligence)` +
        `|(?:not|wasn't|was not|isn't|is not) our fault|(?:beyond|outside(?: of)?) our control|to blame|blame[ds]?)\\b`,
      'gi',
    ),
    message: 'Blames someone else: say what failed and what we changed, not whose fault it was.',
  },
  {
    re: /\b(?:we (?:believe|think|suspect|assume|guess)|probably|presumably|possibly caused|likely caused|(?:might|may|could|would) have been (?:caused|triggered|due)|(?:appears|seems) to have been (?:caused|triggered|due)|it is (?:likely|possible) that)\b/gi,
    message: 'Speculates about the cause: state only what is confirmed.',
  },
  {
    re: /\b(?:human error|operator error|user error|(?:a|an|one of our|our) (?:junior |new |on-call )?(?:engineer|employee|developer|administrator|admin|operator|intern|contractor|colleague|team member|staff member)s? (?:who )?(?:accidentally|mistakenly|carelessly|forgot|failed to|made (?:a|an) (?:mistake|error)|misconfigured|negligently)|careless(?:ly|ness)?|negligen(?:ce|t))\b/gi,
    message: 'Blames a person: incident communication is blameless; describe the system, not who.',
  },
  {
    // A name (one or two capitalised words, optionally "from the X team") doing something wrong.
    re: /\b(?!(?:We|I|Our|It|This|That|The|They|You|Everyone|Nobody|Someone)\b)[A-Z][a-z]+(?: [A-Z][a-z]+)?(?: (?:from|on|in) (?:the |our )?[A-Za-z]+ team)? (?:accidentally|mistakenly|carelessly|forgot to|made (?:a|an) (?:mistake|error)|misconfigured)\b/g,
    message: 'Names a person as the cause: incident communication is blameless.',
  },
];

const HOSTNAME =
  /\b(?:[a-z0-9-]+\.)+(?:internal|svc\.cluster\.local|cluster\.local|local|lan|corp|intranet)\b|\bip-\d{1,3}-\d{1,3}-\d{1,3}-\d{1,3}\b/gi;
const PRIVATE_IP =
  /\b(?:10(?:\.\d{1,3}){3}|192\.168(?:\.\d{1,3}){2}|172\.(?:1[6-9]|2\d|3[01])(?:\.\d{1,3}){2})(?::\d+)?\b/g;
const ENV_HOST =
  /\b(?:prod|prd|production|stg|staging|dev|qa|uat|preprod|canary)(?:-[a-z0-9]+)+\b/g;
const KEBAB_WITH_DIGITS = /\b[a-z][a-z0-9]*(?:-[a-z0-9]+)+\b/g;
const SNAKE_CASE = /\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g;
const TICKET = /\b[A-Z][A-Z0-9]{1,9}-\d+\b/g;
const INTERNAL_TERMS =
  /\b(?:k8s|kubectl|OOMKilled|CrashLoopBackOff|pod restarts?|helm chart|terraform|runbook|on-call rotation|SEV-?[123]|P[0-4] incident)\b/gi;
// Public identifiers customers may legitimately read: CVE ids, standards, time offsets, cloud
// regions (customers choose their region), encodings.
const PUBLIC_TICKET_PREFIXES = new Set([
  'CVE',
  'CWE',
  'GHSA',
  'ISO',
  'IEC',
  'RFC',
  'EN',
  'SOC',
  'PCI',
  'UTC',
  'GMT',
  'UTF',
  'TLS',
  'SSL',
  'SHA',
  'HTTP',
  'COVID',
]);
const PUBLIC_KEBAB =
  /^(?:(?:us|eu|ap|sa|ca|me|af|il|mx)(?:-[a-z]+)+-\d|utf-8|iso-8859-\d+|sha-\d+|covid-19|tls-1-\d|x-\w+)$/;

// Time zones as customers write them: offsets first so "GMT+1" is not cut at "GMT".
const ZONE_SRC =
  '(?:(?:UTC|GMT)[+-]\\d{1,2}(?::?\\d{2})?|[+-]\\d{2}:?\\d{2}|UTC|GMT|Z|CET|CEST|BST|IST|JST|AEST|AEDT|EET|EEST|WET|WEST|[A-Z]{1,4}T)';
const AMPM_SRC = '(?:[aApP]\\.?[mM]\\.?)';
const CLOCK_TIME = new RegExp(
  `\\b(?:[01]?\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d)?(?:\\s?${AMPM_SRC})?(?:\\s?${ZONE_SRC}\\b)?`,
  'g',
);
const HOUR_AMPM = new RegExp(
  `\\b(?:1[0-2]|0?[1-9])\\s?${AMPM_SRC}(?:\\s?${ZONE_SRC}\\b)?(?![\\w])`,
  'g',
);
const ISO_TIMESTAMP = new RegExp(
  `\\b\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:\\s?${ZONE_SRC}\\b)?`,
  'g',
);
const ZONE = new RegExp(`${ZONE_SRC}$`);

const IMPACT =
  /\b(?:affect(?:ed|ing|s)?|impact(?:ed|ing|s)?|customers?|users?|merchants?|tenants?|shoppers?|buyers?|clients?|accounts?|unable to|could not|couldn't|cannot|can't|were not able|was not able|failed|failing|fail(?:ure)?s?|errors?|timed out|timeouts?|degraded|unavailable|inaccessible|slower|slow|delayed|delays?|declined|exposed|lost)\b/i;

interface Span {
  start: number;
  end: number;
}

function matches(re: RegExp, text: string): (Span & { value: string })[] {
  const out: (Span & { value: string })[] = [];
  for (const m of text.matchAll(re)) {
    out.push({ start: m.index, end: m.index + m[0].length, value: m[0] });
  }
  return out;
}

function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Adds `finding` unless an earlier finding of the same kind already covers part of it. */
function push(findings: EmailFinding[], finding: EmailFinding): void {
  if (findings.some((f) => f.kind === finding.kind && overlaps(f, finding))) return;
  findings.push(finding);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function checkMarketing(text: string, findings: EmailFinding[]): void {
  for (const rule of MARKETING) {
    for (const m of matches(rule.re, text))
      push(findings, { kind: 'marketing', ...span(m), message: rule.message });
  }
}

function span(s: Span): Span {
  return { start: s.start, end: s.end };
}

function checkApologies(text: string, playbook: Playbook, findings: EmailFinding[]): void {
  const apologies = matches(APOLOGY, text);
  const max = playbook.customerEmail.maxApologies;
  if (apologies.length === 0) {
    findings.push({
      kind: 'apology',
      start: 0,
      end: 0,
      message: 'No apology: apologise once, plainly, for the disruption.',
    });
    return;
  }
  apologies.slice(max).forEach((a, i) => {
    findings.push({
      kind: 'apology',
      ...span(a),
      message: `Apologise ${max === 1 ? 'once' : `at most ${max} times`}: this is apology ${max + i + 1} of ${apologies.length}.`,
    });
  });
}

function checkLength(text: string, playbook: Playbook, findings: EmailFinding[]): void {
  const max = playbook.customerEmail.maxWords;
  // A word is a whitespace-separated token with at least one letter or digit (so Markdown
  // bullets and dashes do not count).
  const words = matches(/\S+/g, text).filter((w) => /[\p{L}\p{N}]/u.test(w.value));
  const first = words[max];
  const last = words[words.length - 1];
  if (first === undefined || last === undefined) return;
  findings.push({
    kind: 'length',
    start: first.start,
    end: last.end,
    message: `Too long: ${words.length} words, keep it within ${max}; everything from here on is over.`,
  });
}

function checkJargon(text: string, options: EmailCheckOptions, findings: EmailFinding[]): void {
  const add = (spans: Span[], message: string): void => {
    for (const s of spans) push(findings, { kind: 'jargon', ...span(s), message });
  };
  add(
    matches(HOSTNAME, text),
    'Internal hostname: customers cannot use it; name the feature instead.',
  );
  add(matches(PRIVATE_IP, text), 'Private IP address: internal detail, leave it out.');
  add(matches(ENV_HOST, text), 'Internal server name: name the feature customers use instead.');
  const codeNames = (options.codeNames ?? []).map((n) => n.trim()).filter((n) => n.length > 0);
  if (codeNames.length > 0) {
    const re = new RegExp(
      `(?<![\\w-])(?:${codeNames.map(escapeRegExp).join('|')})(?![\\w-])`,
      'gi',
    );
    add(
      matches(re, text),
      'Internal code name: customers know the product, not our service names.',
    );
  }
  add(
    matches(TICKET, text).filter((m) => {
      const prefix = m.value.split('-')[0] ?? '';
      return !PUBLIC_TICKET_PREFIXES.has(prefix) && prefix !== 'SEV';
    }),
    'Internal ticket id: customers cannot open it; leave it out.',
  );
  add(
    matches(KEBAB_WITH_DIGITS, text).filter(
      (m) => /\d/.test(m.value) && !PUBLIC_KEBAB.test(m.value),
    ),
    'Internal identifier: describe the component in plain words.',
  );
  add(matches(SNAKE_CASE, text), 'Internal identifier: describe the component in plain words.');
  add(matches(INTERNAL_TERMS, text), 'Internal jargon: say it in words a customer uses.');
}

function checkBlame(text: string, findings: EmailFinding[]): void {
  for (const rule of BLAME) {
    for (const m of matches(rule.re, text))
      push(findings, { kind: 'blame', ...span(m), message: rule.message });
  }
}

/** Every clock time, am/pm hour and ISO timestamp in `text`, without overlaps, in order. */
function timeMentions(text: string): (Span & { value: string })[] {
  const all = [
    ...matches(ISO_TIMESTAMP, text),
    ...matches(CLOCK_TIME, text),
    ...matches(HOUR_AMPM, text),
  ];
  all.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: (Span & { value: string })[] = [];
  for (const m of all) if (!out.some((o) => overlaps(o, m))) out.push(m);
  return out;
}

function checkTimes(text: string, findings: EmailFinding[]): void {
  const times = timeMentions(text);
  if (times.length < 2) {
    findings.push({
      kind: 'missing-times',
      start: 0,
      end: 0,
      message:
        times.length === 0
          ? 'No start or end time: say when the problem began and ended, with the time zone (e.g. 14:05–14:50 UTC).'
          : 'Only one time: say both when the problem began and when it ended, with the time zone.',
    });
    return;
  }
  // "between 14:05 and 14:50 UTC": one zone for the pair is enough, none at all is not.
  if (!times.some((t) => ZONE.test(t.value.trim()))) {
    const first = times[0];
    if (first) {
      findings.push({
        kind: 'missing-times',
        ...span(first),
        message:
          'Times without a time zone: customers read them in their own zone; add UTC or the zone.',
      });
    }
  }
}

function checkImpact(text: string, findings: EmailFinding[]): void {
  if (IMPACT.test(text)) return;
  findings.push({
    kind: 'missing-impact',
    start: 0,
    end: 0,
    message: 'No impact: say who was affected and what they could not do.',
  });
}

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
 * sorted by position (whole-email findings, at 0..0, first). An empty array means the draft passes.
 *
 * - `marketing`: promotional wording, sales offers and upgrade pitches, one finding per phrase.
 * - `apology`: none at all (0..0), or more than `playbook.customerEmail.maxApologies`; then each
 *   apology beyond the allowed ones is flagged.
 * - `length`: over `playbook.customerEmail.maxWords` words; the span runs from the first word
 *   over the limit to the end of the text.
 * - `jargon`: internal hostnames and private IPs, environment-prefixed server names
 *   (`prod-db-3`), kebab-case identifiers with digits and snake_case identifiers, ticket ids
 *   (`INC-1234`; public ones such as `CVE-…` are allowed), internal terms (`k8s`, `SEV-1`) and
 *   `options.codeNames`.
 * - `blame`: blaming a vendor or provider, deflecting ("beyond our control"), speculating about
 *   the cause ("we believe", "probably"), blaming people ("human error", "John accidentally…").
 * - `missing-times`: fewer than two times (0..0), or times of which none carries a time zone
 *   (the span is the first time).
 * - `missing-impact`: nothing says who or what was affected (0..0).
 *
 * Heuristic by nature: see `test/fixtures/emails` for the labelled corpus it is measured against.
 */
export function checkEmail(
  text: string,
  playbook: Playbook,
  options: EmailCheckOptions = {},
): EmailFinding[] {
  const findings: EmailFinding[] = [];
  checkTimes(text, findings);
  checkImpact(text, findings);
  checkApologies(text, playbook, findings);
  checkBlame(text, findings);
  checkMarketing(text, findings);
  checkJargon(text, options, findings);
  checkLength(text, playbook, findings);
  return findings.sort(
    (a, b) => a.start - b.start || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind),
  );
}
