/**
 * Text with the checker's findings marked: each offending span in a `<mark>` that names its
 * problem (for screen readers too), overlapping findings merged into one mark.
 */
import type { ReactNode } from 'react';
import type { EmailFinding } from '../../../shared/aftercare/email-check.js';

/** A run of text, marked with the messages of the findings covering it, or plain. */
export interface Segment {
  text: string;
  messages: string[];
  kinds: string[];
}

/** Splits `text` into plain and marked segments; zero-width findings mark nothing. */
export function segments(text: string, findings: readonly EmailFinding[]): Segment[] {
  const spans = findings
    .filter((f) => f.end > f.start)
    .map((f) => ({ start: f.start, end: Math.min(f.end, text.length), f }))
    .sort((a, b) => a.start - b.start);
  const out: Segment[] = [];
  let pos = 0;
  let i = 0;
  while (i < spans.length) {
    const first = spans[i];
    if (!first) break;
    let end = first.end;
    const group = [first.f];
    i += 1;
    for (let next = spans[i]; next && next.start < end; next = spans[i]) {
      end = Math.max(end, next.end);
      group.push(next.f);
      i += 1;
    }
    const start = Math.max(first.start, pos);
    if (start > pos) out.push({ text: text.slice(pos, start), messages: [], kinds: [] });
    if (end > start) {
      out.push({
        text: text.slice(start, end),
        messages: [...new Set(group.map((f) => f.message))],
        kinds: [...new Set(group.map((f) => f.kind))],
      });
    }
    pos = Math.max(pos, end);
  }
  if (pos < text.length) out.push({ text: text.slice(pos), messages: [], kinds: [] });
  return out;
}

/** The text, pre-wrapped, with `<mark>`s. */
export function HighlightedText(props: {
  text: string;
  findings: readonly EmailFinding[];
}): ReactNode {
  return (
    <div className="ac-preview">
      {segments(props.text, props.findings).map((s, i) =>
        s.messages.length > 0 ? (
          <mark
            key={i}
            className={`ac-mark ac-mark--${s.kinds[0] ?? 'other'}`}
            title={s.messages.join(' ')}
          >
            {s.text}
            <span className="visually-hidden"> [{s.messages.join(' ')}]</span>
          </mark>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </div>
  );
}
