/**
 * The hand-off view's state and commands: the brief (fetched again whenever the app state
 * changes), notes, copy and the Slack post, each with its busy flag and visible error.
 */
import { useEffect, useState } from 'react';
import type { AppState } from '../../../shared/domain.js';
import type { HandoffView } from '../../../shared/handoff.js';
import { useZephyr } from '../../lib/api.js';
import { useCommand } from '../../lib/use-command.js';

/** What the hand-off view shows and does. */
export interface HandoffModel {
  view: HandoffView | null;
  error: string | null;
  addNote(text: string): Promise<boolean>;
  deleteNote(id?: string): void;
  copy(): void;
  post(): void;
  copied: boolean;
  posted: string | null;
  posting: boolean;
  actionError: string | null;
}

/** Loads the brief and follows `state` (each new app state refetches it). */
export function useHandoff(state: AppState): HandoffModel {
  const client = useZephyr();
  const [view, setView] = useState<HandoffView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [copyError, setCopyError] = useState<string | null>(null);
  const [posted, setPosted] = useState<string | null>(null);
  const add = useCommand('handoff:add-note');
  const del = useCommand('handoff:delete-note');
  const post = useCommand('handoff:post-slack');

  useEffect(() => {
    let live = true;
    void client.invoke('handoff:get', {}).then((r) => {
      if (!live) return;
      if (r.ok) {
        setView(r.value);
        setError(null);
      } else setError(r.error.message);
    });
    return () => {
      live = false;
    };
  }, [client, state]);

  return {
    view,
    error,
    async addNote(text) {
      const v = await add.run({ text });
      if (v) setView(v);
      return v !== undefined;
    },
    deleteNote(id) {
      void del.run(id === undefined ? {} : { id }).then((v) => v && setView(v));
    },
    copy() {
      if (!view) return;
      setCopyError(null);
      navigator.clipboard.writeText(view.text).then(
        () => setCopied(true),
        (e: unknown) =>
          setCopyError(`Could not copy: ${e instanceof Error ? e.message : String(e)}`),
      );
    },
    post() {
      setPosted(null);
      void post.run({}).then((r) => r && setPosted(r.channel));
    },
    copied,
    posted,
    posting: post.busy,
    actionError: add.error ?? del.error ?? post.error ?? copyError,
  };
}
