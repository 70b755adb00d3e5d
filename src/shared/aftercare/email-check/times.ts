/**
 * `missing-times`: the email must say when the problem started and when it ended, with a time
 * zone. Times are read by chrono-node (12- and 24-hour clocks, "a.m."/"pm", ISO timestamps,
 * ranges "6:05–6:50", "from … to …", "between … and …", zone abbreviations and offsets); this
 * module adds what chrono does not read: "14h05" and spelled-out zones ("Eastern Time").
 */
import * as chrono from 'chrono-node/en';
import { type Draft, type EmailFinding, type Span, finding } from './text.js';

/** One clock time the email states, and what the words around it make of it. */
interface TimeMention extends Span {
  /** A zone is given with it or right after it. */
  zoned: boolean;
  /** It closes a range or follows an end cue ("until", "resolved at"). */
  ends: boolean;
}

// Spelled-out zones chrono does not know, and a bracketed offset "(UTC+2)".
const ZONE_AFTER =
  /^[\s,]*(?:\(?\s*(?:UTC|GMT)\s?[+-−]\s?\d{1,2}(?::?\d{2})?\s*\)?|\(?(?:UTC|GMT|Z|[A-Z]{2,4}T|[A-Z]{1,3}ST|CET|CEST|BST|IST|JST|AEST|AEDT|EET|EEST|WET|WEST)\)?\b|(?:(?:Eastern|Central|Mountain|Pacific|Atlantic|Alaska|Hawaii|British|Irish|Greenwich|Coordinated Universal|(?:Central|Eastern|Western) European|India|Japan|China|Singapore|(?:Australian )?(?:Eastern|Central|Western)|New Zealand)(?: (?:Standard|Daylight|Summer|Mean))? Time))/;
// Words before a time that make it the end of the problem.
const END_CUE =
  /\b(?:until|till|to|and|through|ended|ending|resolved|restored|recovered|fixed|back|again|normal(?:ly)?|returned|stopped|cleared|finished|since)\b[^.!?]{0,40}$/i;
// "Since 07:00" opens an incident that is still going; it is no end.
const OPEN_CUE = /\b(?:since|from|starting|started|began|beginning)\s+(?:at\s+)?$/i;
const REFERENCE = new Date(Date.UTC(2026, 0, 15, 12));

/** "14h05" → "14:05" (same length, so offsets hold). */
function normaliseClock(text: string): string {
  return text.replace(/\b([01]?\d|2[0-3])h([0-5]\d)\b/g, '$1:$2');
}

function zoneAfter(text: string, end: number): boolean {
  return ZONE_AFTER.test(text.slice(end, end + 40));
}

// Where a clock time may be: digits with a colon, "h", "am/pm" or "Z", or noon and midnight.
const CLOCK_CUE = /\d{1,2}(?::\d{2}|h\d{2}|\s?[ap]\.?m\b|Z\b)|\bnoon\b|\bmidnight\b/gi;

/**
 * chrono-node over the stretches of `text` around possible clock times only (80 characters
 * either side, merged), with offsets into `text`: prose without a time costs nothing.
 */
function parseNearClocks(text: string): { r: chrono.ParsedResult; index: number }[] {
  const windows: { start: number; end: number }[] = [];
  for (const m of text.matchAll(CLOCK_CUE)) {
    const start = Math.max(0, m.index - 80);
    const end = Math.min(text.length, m.index + m[0].length + 80);
    const last = windows[windows.length - 1];
    if (last && start <= last.end) last.end = end;
    else windows.push({ start, end });
  }
  const out: { r: chrono.ParsedResult; index: number }[] = [];
  for (const w of windows) {
    for (const r of chrono.parse(text.slice(w.start, w.end), REFERENCE)) {
      out.push({ r, index: w.start + r.index });
    }
  }
  return out;
}

/** Every clock time in the draft, with whether it is zoned and whether it ends something. */
export function timeMentions(draft: Draft): TimeMention[] {
  const text = normaliseClock(draft.masked);
  const out: TimeMention[] = [];
  for (const { r, index } of parseNearClocks(text)) {
    // A clock time has digits ("now" and "tonight" do not say when); noon and midnight count.
    if (!r.start.isCertain('hour') || !/\d|noon|midnight/i.test(r.text)) continue;
    const start = index;
    const end = index + r.text.length;
    const zoned =
      r.start.isCertain('timezoneOffset') ||
      (r.end?.isCertain('timezoneOffset') ?? false) ||
      zoneAfter(text, end);
    const before = text.slice(Math.max(0, start - 60), start);
    const sentenceStart = Math.max(before.lastIndexOf('.'), before.lastIndexOf('\n')) + 1;
    const lead = before.slice(sentenceStart);
    const endsByCue = END_CUE.test(lead) && !OPEN_CUE.test(lead);
    out.push({ start, end, zoned, ends: endsByCue && out.length > 0 });
    if (r.end?.isCertain('hour')) out.push({ start, end, zoned, ends: true });
  }
  return out;
}

/** Adds the `missing-times` finding, if any, to `findings`. */
export function checkTimes(draft: Draft, findings: EmailFinding[]): void {
  const times = timeMentions(draft);
  const whole = { start: 0, end: 0 };
  const first = times[0];
  if (first === undefined) {
    findings.push(
      finding(
        'missing-times',
        whole,
        'No start or end time: say when the problem began and ended, with the time zone (e.g. 14:05–14:50 UTC).',
      ),
    );
    return;
  }
  if (times.length < 2 || !times.some((t) => t.ends)) {
    findings.push(
      finding(
        'missing-times',
        { start: first.start, end: first.end },
        times.length < 2
          ? 'Only one time: say both when the problem began and when it ended, with the time zone.'
          : 'No end time: say when the problem ended, not only when it began.',
      ),
    );
    return;
  }
  if (!times.some((t) => t.zoned)) {
    findings.push(
      finding(
        'missing-times',
        { start: first.start, end: first.end },
        'Times without a time zone: customers read them in their own zone; add UTC or the zone.',
      ),
    );
  }
}
