/** How a failed action tells the user what went wrong, next to the control that failed. */
import type { ReactNode } from 'react';

/** Renders `message` as an assertive inline error, or nothing when there is none. */
export function ErrorText(props: { message: string | null; id?: string }): ReactNode {
  if (!props.message) return null;
  return (
    <p className="error-text" role="alert" id={props.id}>
      {props.message}
    </p>
  );
}
