/**
 * The customer email: a draft of facts filled into the team's template, saved per incident,
 * opened in the user's mail client (`mailto:`) or saved as an `.eml` file, and marked sent (which
 * stops its clock).
 */
import { IpcError } from '../../../shared/contract.js';
import { mailtoUrl, toEml, EmlAddressError } from '../../../shared/aftercare/eml.js';
import type { EmailDraftView, EmailFactsInput } from '../../../shared/aftercare/views.js';
import { errorMessage } from '../integrations/integration-error.js';
import type { HandlersFor } from '../ports.js';
import type { IncidentRecord } from './aftercare-store.js';
import type { AftercareContext } from './context.js';

/** The commands of the customer-email screen. */
type EmailCommandName =
  'emails:get' | 'emails:save' | 'emails:open-mail-client' | 'emails:save-eml' | 'emails:mark-sent';

function defaultFacts(r: IncidentRecord): EmailFactsInput {
  const { incident } = r;
  const final = [...r.posts].reverse().find((p) => p.final || p.status === 'monitoring');
  return {
    to: '',
    headline: incident.summary,
    whatHappened: '',
    whoWasAffected: '',
    whatWeDid: final?.message ?? '',
    prevention: '',
    signOff: 'The Zephyr team',
    timeZone: 'UTC',
  };
}

function splitAddresses(to: string): string[] {
  return to
    .split(/[,;\n]/)
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

/** The customer-email handlers. */
export function customerEmailHandlers(ctx: AftercareContext): HandlersFor<EmailCommandName> {
  const { deps } = ctx;

  function emailView(r: IncidentRecord): EmailDraftView {
    return {
      incident: r.incident,
      facts: r.email?.facts ?? defaultFacts(r),
      template: deps.readTemplate('customer-email'),
      sentAt: r.emailSentAt,
      savedAt: r.email?.savedAt ?? null,
    };
  }

  function emlFor(input: { to: string; subject: string; body: string }): string {
    try {
      return toEml({
        to: splitAddresses(input.to),
        subject: input.subject,
        body: input.body,
        date: deps.clock.now(),
      });
    } catch (error) {
      if (error instanceof EmlAddressError) throw new IpcError('invalid-payload', error.message);
      throw error;
    }
  }

  return {
    'emails:get': async ({ incidentId }) => emailView(ctx.record(incidentId)),
    'emails:save': async ({ incidentId, facts }) => {
      const r = ctx.record(incidentId);
      const next = { ...r, email: { facts, savedAt: ctx.nowIso() } };
      ctx.save(next);
      return emailView(next);
    },
    'emails:open-mail-client': async ({ incidentId, to, subject, body }) => {
      ctx.record(incidentId);
      let url: string;
      try {
        url = mailtoUrl({ to: splitAddresses(to), subject, body });
      } catch (error) {
        throw new IpcError('invalid-payload', errorMessage(error));
      }
      return { opened: await deps.openMailto(url) };
    },
    'emails:save-eml': async ({ incidentId, to, subject, body }) => {
      ctx.record(incidentId);
      const eml = emlFor({ to, subject, body });
      const path = await deps.saveFile(`${incidentId}-customer-email.eml`, eml);
      return { path };
    },
    'emails:mark-sent': async ({ incidentId }) => {
      const r = ctx.record(incidentId);
      const next = { ...r, emailSentAt: r.emailSentAt ?? ctx.nowIso() };
      ctx.save(next);
      ctx.changed();
      return emailView(next);
    },
  };
}
