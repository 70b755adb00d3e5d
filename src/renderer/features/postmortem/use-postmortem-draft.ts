/**
 * The post-mortem's state and the commands that change the draft: the saved view, the playbook,
 * what the commander is writing (with "went well/badly" kept as typed, one point per line), the
 * rendered Markdown, saving (blocked while an action item has a problem) and re-ticketing.
 */
import { useEffect, useMemo, useState } from 'react';
import {
  validateActionItems,
  type ActionItem,
  type ActionItemProblem,
} from '../../../shared/aftercare/action-items.js';
import { renderPostMortem } from '../../../shared/aftercare/templates.js';
import type { PostMortemInput, PostMortemView } from '../../../shared/aftercare/views.js';
import type { Playbook } from '../../../shared/playbook.js';
import { useCommand } from '../../lib/use-command.js';

/** What the form holds: the draft, and the two lists as the text typed into their textareas. */
export interface PostMortemForm {
  fields: PostMortemInput;
  wentWell: string;
  wentBadly: string;
}

const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');

function formFrom(draft: PostMortemInput): PostMortemForm {
  return {
    fields: draft,
    wentWell: draft.wentWell.join('\n'),
    wentBadly: draft.wentBadly.join('\n'),
  };
}

function newId(): string {
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `ai-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** A new, empty action item. */
export function newActionItem(): ActionItem {
  return { id: newId(), title: '', status: 'open', createdAt: new Date().toISOString() };
}

/** The post-mortem of `incidentId`, refetched whenever `version` changes. */
export function usePostMortemDraft(incidentId: string, version: number) {
  const get = useCommand('postmortems:get');
  const pb = useCommand('playbook:get');
  const save = useCommand('postmortems:save');
  const tickets = useCommand('postmortems:create-tickets');
  const [view, setView] = useState<PostMortemView | null>(null);
  const [playbook, setPlaybook] = useState<Playbook | null>(null);
  const [form, setForm] = useState<PostMortemForm | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [tried, setTried] = useState(false);
  const getRun = get.run;
  const pbRun = pb.run;

  useEffect(() => {
    void getRun({ incidentId }).then((v) => {
      if (!v) return;
      setView(v);
      // A refetch (another window saved) must not throw away what is being typed here.
      setForm((f) => f ?? formFrom(v.draft));
    });
  }, [getRun, incidentId, version]);
  useEffect(() => {
    void pbRun({}).then((p) => p && setPlaybook(p.playbook));
  }, [pbRun]);

  const full = useMemo<PostMortemInput | null>(
    () =>
      form
        ? { ...form.fields, wentWell: lines(form.wentWell), wentBadly: lines(form.wentBadly) }
        : null,
    [form],
  );
  const rendered = useMemo(() => {
    if (!view || !full || !playbook) return null;
    const { summary, impact, rootCause, wentWell, wentBadly, actionItems, timeZone } = full;
    return renderPostMortem(
      {
        incident: view.incident,
        updates: view.updates,
        summary,
        impact,
        rootCause,
        wentWell,
        wentBadly,
        actionItems,
      },
      playbook,
      { timeZone, template: view.template.text },
    );
  }, [view, playbook, full]);
  /** The form differs from the saved draft (what a push would commit is not what is saved). */
  const unsaved = useMemo(
    () => !!view && !!full && JSON.stringify(full) !== JSON.stringify(view.draft),
    [view, full],
  );
  const itemProblems = useMemo<ActionItemProblem[]>(
    () =>
      full && playbook
        ? validateActionItems(full.actionItems, playbook, { requireAtLeastOne: false })
        : [],
    [full, playbook],
  );

  /** The server's view replaces ours; its draft replaces the fields (not the typed lists). */
  const replace = (next: PostMortemView): void => {
    setView(next);
    setForm((f) => (f ? { ...f, fields: next.draft } : formFrom(next.draft)));
  };
  const setFields = (patch: Partial<PostMortemInput>): void =>
    setForm((f) => (f ? { ...f, fields: { ...f.fields, ...patch } } : f));
  const setText = (key: 'wentWell' | 'wentBadly', text: string): void =>
    setForm((f) => (f ? { ...f, [key]: text } : f));
  const setItems = (change: (items: ActionItem[]) => ActionItem[]): void =>
    setForm((f) =>
      f ? { ...f, fields: { ...f.fields, actionItems: change(f.fields.actionItems) } } : f,
    );
  const setItem = (i: number, patch: Partial<ActionItem>): void => {
    setNotice(null);
    setItems((items) => items.map((it, j) => (j === i ? { ...it, ...patch } : it)));
  };

  const persist = async (): Promise<void> => {
    setTried(true);
    if (!full || itemProblems.length > 0) return;
    const saved = await save.run({ incidentId, draft: full });
    if (saved) {
      replace(saved);
      setTried(false);
      setNotice('Post-mortem saved.');
    }
  };
  const retryTickets = (): void => {
    void tickets.run({ incidentId }).then((v) => v && replace(v));
  };

  return {
    view,
    playbook,
    form,
    rendered,
    itemProblems,
    unsaved,
    tried,
    notice,
    loadError: get.error,
    save: { run: persist, busy: save.busy, error: save.error },
    tickets: { run: retryTickets, busy: tickets.busy, error: tickets.error },
    setView,
    setFields,
    setText,
    setItems,
    setItem,
  };
}

/** Everything `usePostMortemDraft` returns. */
export type PostMortemDraft = ReturnType<typeof usePostMortemDraft>;
