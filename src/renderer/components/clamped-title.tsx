/**
 * A page title clamped to three lines when long, with the full text one click away ("Show full
 * title"): written once for the alert's cards and the Now list of open pages, so that a
 * 5,000-character title never pushes the next page (and its Acknowledge button) out of sight.
 */
import { useState, type ReactNode } from 'react';

/** Titles longer than this are clamped to three lines with a "Show full title" disclosure. */
const LONG_TITLE = 140;

/** The title as a heading of `level`, clamped when long, with its disclosure button. */
export function ClampedTitle(props: {
  title: string;
  level: 2 | 3;
  /** The heading's own class (its size and weight). */
  className: string;
  headingId?: string;
}): ReactNode {
  const [full, setFull] = useState(false);
  const long = props.title.length > LONG_TITLE;
  const clamped = long && !full;
  const Heading = props.level === 2 ? 'h2' : 'h3';
  return (
    <>
      <Heading
        className={`${props.className} clamped-title${clamped ? ' clamped-title--clamped' : ''}`}
        id={props.headingId}
        title={clamped ? props.title.slice(0, 1000) : undefined}
      >
        {props.title}
      </Heading>
      {long ? (
        <button
          type="button"
          className="link-button clamped-title__more"
          aria-expanded={full}
          onClick={() => setFull(!full)}
        >
          {full ? 'Show less' : 'Show full title'}
        </button>
      ) : null}
    </>
  );
}
