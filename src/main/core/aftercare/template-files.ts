/**
 * The team's own templates: the playbook's `customerEmail.templatePath` and
 * `postMortem.templatePath`, read relative to the playbook file's folder. Without a playbook file
 * (the built-in company policy) the default templates ship; a team file that cannot be read or is
 * empty falls back to the default with a note saying which file and why.
 */
import { isAbsolute, join, dirname } from 'node:path';
import {
  DEFAULT_CUSTOMER_EMAIL_TEMPLATE,
  DEFAULT_POST_MORTEM_TEMPLATE,
} from '../../../shared/aftercare/default-templates.js';
import type { TemplateView } from '../../../shared/aftercare/views.js';
import type { Playbook } from '../../../shared/playbook.js';

/** Which template. */
export type TemplateKind = 'customer-email' | 'post-mortem';

/** Reads a UTF-8 text file (throws like `readFileSync`). */
export type ReadText = (path: string) => string;

/**
 * The template of `kind`: the team's file when the playbook came from a file (`playbookFile`)
 * and that file's `templatePath` is readable and not blank, else the default with a note.
 */
export function loadTemplate(
  kind: TemplateKind,
  playbook: Playbook,
  playbookFile: string | undefined,
  readText: ReadText,
): TemplateView {
  const fallback =
    kind === 'customer-email' ? DEFAULT_CUSTOMER_EMAIL_TEMPLATE : DEFAULT_POST_MORTEM_TEMPLATE;
  if (!playbookFile) return { text: fallback, origin: 'default', note: null };
  const rel =
    kind === 'customer-email'
      ? playbook.customerEmail.templatePath
      : playbook.postMortem.templatePath;
  const path = isAbsolute(rel) ? rel : join(dirname(playbookFile), rel);
  const field =
    kind === 'customer-email' ? 'customerEmail.templatePath' : 'postMortem.templatePath';
  try {
    const text = readText(path);
    if (text.trim() === '') {
      return {
        text: fallback,
        origin: 'default',
        note: `The team template ${path} (${field}) is empty: using the default template.`,
      };
    }
    return { text, origin: path, note: null };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return {
      text: fallback,
      origin: 'default',
      note: `Could not read the team template ${path} (${field}: ${code}): using the default template.`,
    };
  }
}
