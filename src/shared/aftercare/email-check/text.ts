/**
 * Shared plumbing for the email checker's rules: finding types, spans, sentences, and the masked
 * text the tone rules read (quoted product text and `{{placeholders}}` blanked out, offsets kept).
 */

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

/** A half-open range of character offsets. */
export interface Span {
  start: number;
  end: number;
}

/** A span with the text it covers. */
export interface Match extends Span {
  value: string;
}

/** A sentence of the draft: its span and its text. */
export type Sentence = Match;

/** The draft as every rule sees it. */
export interface Draft {
  /** The text as written; findings point into it. */
  text: string;
  /**
   * The same text with quoted passages ("Sorry, something went wrong") and template
   * placeholders (`{{start}}`) replaced by spaces of the same length: wording the author quotes
   * or has not filled in yet is not theirs to answer for.
   */
  masked: string;
  /** Sentences of `masked`, in order. */
  sentences: Sentence[];
}

// Straight or curly double quotes around at most 300 characters on one paragraph; the
// placeholders of templates.ts.
const QUOTED = /"[^"\n]{1,300}"|“[^”\n]{1,300}”|\{\{[^{}\n]*\}\}/g;

function blank(s: string): string {
  return s.replace(/[^\n]/g, ' ');
}

/** Every match of the global regular expression `re` in `text`. */
export function matches(re: RegExp, text: string): Match[] {
  const out: Match[] = [];
  for (const m of text.matchAll(re)) {
    out.push({ start: m.index, end: m.index + m[0].length, value: m[0] });
  }
  return out;
}

/** `true` when the two spans share at least one character. */
export function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Splits `text` into sentences: at `.`, `!`, `?` followed by white space, and at blank lines. */
export function sentencesOf(text: string): Sentence[] {
  const out: Sentence[] = [];
  const re = /[^.!?\n]+(?:[.!?]+(?=\s|$)|[.!?]+(?=["”)]))?|[.!?]/g;
  for (const m of matches(re, text)) {
    const lead = m.value.length - m.value.trimStart().length;
    const value = m.value.trim();
    if (value.length === 0) continue;
    out.push({ start: m.start + lead, end: m.start + lead + value.length, value });
  }
  // Rejoin pieces cut at a decimal point or an abbreviation ("99.9", "a.m.", "e.g.").
  const joined: Sentence[] = [];
  for (const s of out) {
    const prev = joined[joined.length - 1];
    const gap = prev ? text.slice(prev.end, s.start) : '\n';
    if (prev && !gap.includes('\n') && (/^[a-z\d]/.test(s.value) || gap === '')) {
      prev.end = s.end;
      prev.value = text.slice(prev.start, prev.end);
    } else joined.push({ ...s });
  }
  return joined;
}

/** Prepares `text` for the rules. */
export function prepare(text: string): Draft {
  const masked = text.replace(QUOTED, blank);
  return { text, masked, sentences: sentencesOf(masked) };
}

/** A finding of `kind` at `span` (only its offsets are kept). */
export function finding(kind: EmailFindingKind, span: Span, message: string): EmailFinding {
  return { kind, start: span.start, end: span.end, message };
}

/** Adds `f` unless a finding of the same kind already covers part of it. */
export function push(findings: EmailFinding[], f: EmailFinding): void {
  if (findings.some((o) => o.kind === f.kind && overlaps(o, f))) return;
  findings.push(f);
}
