/**
 * The customer email's state: the saved draft, the playbook, the facts being edited, the email
 * they render to, the checker's findings, the last notice, and saving.
 */
import { useEffect, useMemo, useState } from 'react';
import { checkEmail } from '../../../shared/aftercare/email-check.js';
import { renderCustomerEmail } from '../../../shared/aftercare/templates.js';
import type { EmailDraftView, EmailFactsInput } from '../../../shared/aftercare/views.js';
import type { Playbook } from '../../../shared/playbook.js';
import { useCommand } from '../../lib/use-command.js';

function useLoaded(incidentId: string): {
  draft: EmailDraftView | null;
  playbook: Playbook | null;
  error: string | null;
  setDraft: (d: EmailDraftView) => void;
} {
  const get = useCommand('emails:get');
  const pb = useCommand('playbook:get');
  const [draft, setDraft] = useState<EmailDraftView | null>(null);
  const [playbook, setPlaybook] = useState<Playbook | null>(null);
  const getRun = get.run;
  const pbRun = pb.run;
  useEffect(() => {
    void getRun({ incidentId }).then((d) => d && setDraft(d));
    void pbRun({}).then((p) => p && setPlaybook(p.playbook));
  }, [getRun, pbRun, incidentId]);
  return { draft, playbook, error: get.error ?? pb.error, setDraft };
}

/** The email of `incidentId`. */
export function useEmailDraft(incidentId: string) {
  const { draft, playbook, error, setDraft } = useLoaded(incidentId);
  // Null until the first edit: until then the facts are the saved draft's.
  const [edited, setEdited] = useState<EmailFactsInput | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const save = useCommand('emails:save');
  const facts = edited ?? draft?.facts ?? null;

  const rendered = useMemo(() => {
    if (!draft || !facts) return null;
    return renderCustomerEmail(
      {
        incident: draft.incident,
        headline: facts.headline,
        whatHappened: facts.whatHappened,
        whoWasAffected: facts.whoWasAffected,
        whatWeDid: facts.whatWeDid,
        prevention: facts.prevention,
        signOff: facts.signOff,
        ...(facts.impactStartedAt ? { impactStartedAt: facts.impactStartedAt } : {}),
        ...(facts.impactEndedAt ? { impactEndedAt: facts.impactEndedAt } : {}),
      },
      { timeZone: facts.timeZone, template: draft.template.text },
    );
  }, [draft, facts]);
  const findings = useMemo(
    () => (rendered && playbook ? checkEmail(rendered.body, playbook) : []),
    [rendered, playbook],
  );

  const set = (key: keyof EmailFactsInput, value: string): void => {
    if (!facts) return;
    setNotice(null);
    setEdited({ ...facts, [key]: value });
  };
  const persist = async (): Promise<void> => {
    if (!facts) return;
    const saved = await save.run({ incidentId, facts });
    if (saved) {
      setDraft(saved);
      setNotice('Draft saved.');
    }
  };

  return {
    draft,
    facts,
    rendered,
    findings,
    notice,
    loadError: error,
    save: { run: persist, busy: save.busy, error: save.error },
    set,
    setDraft,
    setNotice,
  };
}

/** Everything `useEmailDraft` returns. */
export type EmailDraftState = ReturnType<typeof useEmailDraft>;
