/** The top of a view: a back link above, then the title row. */
import type { ReactNode } from 'react';

/** A "← …" link back to the place a view was opened from, on its own line. */
export function BackLink(props: { href: string; children: ReactNode }): ReactNode {
  return (
    <p>
      <a href={props.href}>← {props.children}</a>
    </p>
  );
}

/** The view's `<h1>` and, beside it, whatever `children` adds (a pill, a button). */
export function ViewHeader(props: { title: ReactNode; children?: ReactNode }): ReactNode {
  return (
    <div className="view__header">
      <h1 className="view__title">{props.title}</h1>
      {props.children}
    </div>
  );
}
