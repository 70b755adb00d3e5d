/**
 * `marketing`: an incident email is factual, so no boasts (superlatives about us, uptime and
 * track-record claims, "more dependable than ever"), no buzzwords, no offers, no upsell and no
 * teasers of future products. Superlatives are found by compromise's part-of-speech tagger, so
 * "the fastest response in our history" is caught without listing every adjective.
 */
import { firstTagged, wordWindow } from './tagger.js';
import { type Draft, type EmailFinding, type Match, finding, matches, push } from './text.js';

interface Rule {
  re: RegExp;
  message: string;
}

const BOAST = 'Boasts about us: an incident email states facts, not how good we are.';

const RULES: Rule[] = [
  {
    re: /\b(?:excited|exciting|thrilled|delighted|proud to|award[- ]winning|innovative|world[- ]class|best[- ]in[- ]class|industry[- ]leading|market[- ]leading|cutting[- ]edge|state[- ]of[- ]the[- ]art|next[- ]generation|game[- ]chang(?:er|ing)|unparalleled|unmatched|unrivall?ed|second to none|revolutionary|seamless(?:ly)?|blazing[- ]fast|lightning[- ]fast|supercharge[ds]?)\b/gi,
    message: 'Promotional wording: keep the email factual.',
  },
  {
    // Uptime and track-record claims, with or without numbers.
    re: /\b(?:\d{2}(?:\.\d+)?\s?% (?:uptime|availability)|(?:uptime|availability) of \d|(?:first|only) (?:\w+ ){0,2}(?:interruption|outage|incident|disruption|problem)s? (?:in|for) (?:over |more than )?\d+|\d+ (?:days|weeks|months|years) without (?:an? )?(?:\w+ )?(?:outage|incident|interruption)|track record|record (?:uptime|time|reliability)|in record time|(?:better|stronger|faster|more \w+) than ever|(?:no|few) other (?:[\w-]+ ){0,3}(?:platform|provider|company|service|business)s?|unlike (?:other|our competitors|many)|(?:our )?competitors)\b/gi,
    message: BOAST,
  },
  {
    // Availability figures: "99.98% uptime", "our availability this year stands at 99.98%".
    re: /\b9\d(?:\.\d+)?\s?%(?= (?:uptime|availability|of the time))|\b(?:uptime|availability)\b[^.!?\n]{0,30}?\b9\d(?:\.\d+)?\s?%/gi,
    message: BOAST,
  },
  {
    re: /\b(?:exclusive|special|limited[- ]time) (?:offer|discount|deal|promotion)s?\b|\bpromo(?:tion(?:al)?)? code\b|\b\d{1,2}\s?% (?:off|discount)\b|\bfree (?:trial|upgrade|month)s?\b|\bat no (?:extra )?(?:cost|charge)\b|\bfree of charge\b|\bon the house\b|\bcomplimentary\b|\bas a (?:token of (?:our )?appreciation|valued customer|thank[- ]you)\b|\bto thank you\b|\benjoy (?:\w+ ){0,3}(?:free|months?|weeks?|days?|credit|discount|access)/gi,
    message: 'Sales offer: an incident email is not the place for promotions.',
  },
  {
    re: /\b(?:coming soon|launching|stay tuned|watch this space|keep an eye out|sneak peek|brand[- ]new|all[- ]new|introducing|unveil(?:s|ing)?|check out (?:our|the) new|(?:our|a) new (?:[\w-]+ ){0,2}(?:product|feature|studio|experience|app|suite|platform|service|tool)s? (?:is |are )?(?:launching|arriving|coming|available))\b/gi,
    message: 'Teases a future product: keep to what happened and what we are changing.',
  },
];

// Upsell: a plan, tier or add-on in the same sentence as a nudge to buy or move to it.
const PRODUCT_TIER =
  /\b(?:(?<!\b(?:we|they|I) )plans?(?! to\b)|tiers?|add-?ons?|editions?|subscriptions?|bundles?)\b/i;
const NUDGE =
  /\b(?:upgrad\w*|mov(?:e|ing) (?:up )?to|switch(?:ing)? to|sign(?:ing)? up|buy(?:ing)?|purchas\w*|add it|add (?:the|our)|subscrib\w*|get (?:a|the|our)|gets? (?:a|priority|dedicated)|good way|recommend\w*|consider\w*|try(?:ing)? (?:our|the))\b/i;
const UPSELL = 'Upgrade pitch: an incident email is not the place to sell a plan or an add-on.';

// A superlative the tagger found, about us or our record: "the fastest response in our history".
const SUPERLATIVE_CONTEXT =
  /\b(?:in (?:our|the|its) (?:history|industry|market|world|sector|business|field|country|region)|in (?:Europe|America|the US|the UK)|(?:industry|market)'s|of any (?:\w+ )?(?:platform|provider|company|service))\b/i;
const US = /\b(?:we|our|us|Zephyr)\b/i;

function superlativeBoasts(draft: Draft): Match[] {
  const out: Match[] = [];
  for (const s of draft.sentences) {
    if (!/\b(?:most|best|\w{3,}est)\b/i.test(s.value)) continue;
    if (
      !SUPERLATIVE_CONTEXT.test(s.value) &&
      !/\bmost (?:trusted|loved|reliable|dependable|secure|stable|robust|popular)\b/i.test(s.value)
    )
      continue;
    if (!US.test(s.value)) continue;
    // Each cue with a few words either side is enough for the tagger to tell "fastest
    // response" from "the rest" or "request".
    for (const cue of s.value.matchAll(/\b(?:most|best|\w{3,}est)\b/gi)) {
      const around = wordWindow(s.value, cue.index, 2, 3);
      const tagged = firstTagged(around.value, ['#Superlative', 'most (#Adjective|#Verb)']);
      if (!tagged) continue;
      const start = s.start + around.start + tagged.start;
      const end = s.start + around.start + tagged.end;
      out.push({ start, end, value: draft.text.slice(start, end) });
      break;
    }
  }
  return out;
}

/** From the nudge to the plan it sells ("upgrade to our Premium plan"), either order. */
function upsells(draft: Draft): Match[] {
  const out: Match[] = [];
  for (const s of draft.sentences) {
    const tier = PRODUCT_TIER.exec(s.value);
    const nudge = NUDGE.exec(s.value);
    if (!tier || !nudge) continue;
    const start = s.start + Math.min(tier.index, nudge.index);
    const end = s.start + Math.max(tier.index + tier[0].length, nudge.index + nudge[0].length);
    out.push({ start, end, value: draft.text.slice(start, end) });
  }
  return out;
}

/** Adds the `marketing` findings to `findings`. */
export function checkMarketing(draft: Draft, findings: EmailFinding[]): void {
  for (const rule of RULES) {
    for (const m of matches(rule.re, draft.masked)) {
      push(findings, finding('marketing', m, rule.message));
    }
  }
  for (const m of superlativeBoasts(draft)) push(findings, finding('marketing', m, BOAST));
  for (const m of upsells(draft)) push(findings, finding('marketing', m, UPSELL));
}
