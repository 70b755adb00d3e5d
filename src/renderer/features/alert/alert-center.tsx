/**
 * The alert panel for every page that rings for me. In the Electron alert window (route
 * `#/alert`) it fills the window; elsewhere it is a modal dialog over whatever view is open.
 * Pages I acknowledge here stay visible until main confirms, so "acknowledged by …" is seen.
 */
import {
  useEffect,
  useMemo,
  useRef,
  useState,
  type Dispatch,
  type ReactNode,
  type RefObject,
  type SetStateAction,
} from 'react';
import { byUrgency } from '../../../shared/countdown.js';
import type { AppState, PageView } from '../../../shared/domain.js';
import { hrefFor } from '../../lib/route.js';
import { useNow } from '../../lib/use-now.js';
import { MutedNotice } from '../../components/muted-notice.js';
import { useAlarmSound } from './alarm-sound.js';
import { AcknowledgeAll } from './acknowledge-all.js';
import { AlertCard } from './alert-card.js';
import './alert.css';
import { useAlertVolume } from './use-alert-volume.js';

/** How long a confirmed page stays in the panel before it closes by itself. */
const LINGER_AFTER_CONFIRM_MS = 5000;

function isConfirmed(view: PageView): boolean {
  return view.ack.state === 'confirmed' || view.page.status === 'acknowledged';
}

/**
 * Pages the panel shows: those ringing, those acknowledged from here not yet dismissed, and those
 * whose ack-timeout reminder shows ("Still working on …?") unless closed; the ones still to
 * acknowledge first, each group by severity, then the oldest first.
 */
export function panelPages(
  state: AppState,
  lingering: ReadonlySet<string>,
  quieted: ReadonlySet<string> = new Set(),
): PageView[] {
  return state.pages
    .filter((p) => p.ringing || lingering.has(p.key) || (p.reminder && !quieted.has(p.key)))
    .sort((a, b) => Number(isConfirmed(a)) - Number(isConfirmed(b)) || byUrgency(a.page, b.page));
}

function AlertCards(props: {
  pages: PageView[];
  onAcknowledged: (key: string) => void;
  onDeclare: (key: string) => void;
  firstButton: RefObject<HTMLButtonElement | null>;
}): ReactNode {
  // A quarter-second tick: the countdown never lags the platform's second by more than that.
  const now = useNow(250);
  const firstOpen = props.pages.findIndex((p) => !isConfirmed(p));
  return (
    <div className="alert-cards">
      {props.pages.map((view, i) => (
        <AlertCard
          key={view.key}
          view={view}
          now={now}
          headingId={i === 0 ? 'alert-title' : undefined}
          buttonRef={i === firstOpen ? props.firstButton : undefined}
          onAcknowledged={props.onAcknowledged}
          onDeclare={props.onDeclare}
        />
      ))}
    </div>
  );
}

/**
 * The keys of acknowledged pages the panel keeps showing for a moment. Keys whose page left the
 * state are forgotten, so they cannot come back later: while rendering (React re-renders at once),
 * not in an effect that would render the stale panel first.
 */
function useLingering(
  state: AppState,
): [ReadonlySet<string>, Dispatch<SetStateAction<ReadonlySet<string>>>] {
  const [lingering, setLingering] = useState<ReadonlySet<string>>(new Set());
  const present = new Set(state.pages.map((p) => p.key));
  if ([...lingering].some((k) => !present.has(k))) {
    setLingering(new Set([...lingering].filter((k) => present.has(k))));
  }
  return [lingering, setLingering];
}

/**
 * Reminders closed here: the ack-timeout reminders the user closed the panel on. A key is
 * forgotten once its reminder ends, so the next reminder of that page shows again.
 */
function useQuieted(
  state: AppState,
): [ReadonlySet<string>, Dispatch<SetStateAction<ReadonlySet<string>>>] {
  const [quieted, setQuieted] = useState<ReadonlySet<string>>(new Set());
  const reminding = new Set(state.pages.filter((p) => p.reminder).map((p) => p.key));
  if ([...quieted].some((k) => !reminding.has(k))) {
    setQuieted(new Set([...quieted].filter((k) => reminding.has(k))));
  }
  return [quieted, setQuieted];
}

/** The panel's header: who is being paged (red) or that it is acknowledged, and "Acknowledge all". */
function AlertHeader(props: {
  ringing: boolean;
  reminding: boolean;
  ringingCount: number;
  toAcknowledge: PageView[];
  onAcknowledged: (key: string) => void;
}): ReactNode {
  const { ringing, ringingCount } = props;
  return (
    <header
      className={`alert-panel__header${ringing ? '' : props.reminding ? ' alert-panel__header--reminder' : ' alert-panel__header--done'}`}
    >
      <p className="alert-panel__eyebrow">
        {ringing ? <span className="pulse" aria-hidden="true" /> : null}
        {ringing
          ? ringingCount > 1
            ? `${ringingCount} pages are ringing for you`
            : 'You are being paged'
          : props.reminding
            ? 'Still working on it?'
            : 'Page acknowledged'}
      </p>
      <AcknowledgeAll pages={props.toAcknowledge} onAcknowledged={props.onAcknowledged} />
    </header>
  );
}

/** What the panel shows at a glance, from the state and the pages it lists. */
function summary(state: AppState, pages: PageView[]) {
  const open = pages.length > 0;
  return {
    ringingKeys: state.pages
      .filter((p) => p.ringing)
      .map((p) => p.key)
      .join('\n'),
    open,
    toAcknowledge: pages.filter(
      (p) => p.ringing && (p.ack.state === 'none' || p.ack.state === 'failed'),
    ),
    ringingCount: pages.filter((p) => p.ringing).length,
    allDone: open && pages.every(isConfirmed),
  };
}

/**
 * Renders the alert panel and the alarm sound. `mode` is `window` for the `#/alert` route and
 * `modal` otherwise; `playSound` is false where another window already plays the alarm.
 */
export function AlertCenter(props: {
  state: AppState;
  mode: 'window' | 'modal';
  playSound: boolean;
}): ReactNode {
  const { state, mode } = props;
  const [lingering, setLingering] = useLingering(state);
  const [quieted, setQuieted] = useQuieted(state);
  // Pages acknowledged with "Acknowledge and declare": the panel steps aside for the wizard.
  const [declaring, setDeclaring] = useState<ReadonlySet<string>>(new Set());
  const pages = useMemo(
    () =>
      panelPages(state, lingering, quieted).filter(
        // A failed acknowledgement comes back: the page still needs one.
        (p) => !declaring.has(p.key) || p.ack.state === 'failed',
      ),
    [state, lingering, quieted, declaring],
  );
  const ringing = state.pages.some((p) => p.ringing);
  const muted = state.reachability.muted === true;
  // Re-read the volume when it is muted or unmuted while ringing.
  const sound = useAlertVolume(ringing && props.playSound, muted);
  const alarm = useAlarmSound(ringing && props.playSound, sound.volume);
  const dialog = useRef<HTMLDialogElement>(null);
  const firstButton = useRef<HTMLButtonElement>(null);
  const { ringingKeys, open, toAcknowledge, ringingCount, allDone } = summary(state, pages);

  const acknowledged = (key: string): void => {
    setLingering((prev) => new Set(prev).add(key));
  };
  const dismiss = (): void => {
    setLingering(new Set());
    setQuieted(new Set(state.pages.filter((p) => p.reminder).map((p) => p.key)));
  };

  useEffect(() => {
    if (!allDone || ringing) return;
    const timer = setTimeout(() => setLingering(new Set()), LINGER_AFTER_CONFIRM_MS);
    return () => clearTimeout(timer);
  }, [allDone, ringing, setLingering]);

  useEffect(() => {
    const element = dialog.current;
    if (mode !== 'modal' || !element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [mode, open]);

  // A newly ringing page takes the focus, so Enter or Space acknowledges it.
  useEffect(() => {
    if (ringingKeys) firstButton.current?.focus();
  }, [ringingKeys]);

  const content = (
    <>
      <AlertHeader
        ringing={ringing}
        reminding={pages.some((p) => p.reminder)}
        ringingCount={ringingCount}
        toAcknowledge={toAcknowledge}
        onAcknowledged={acknowledged}
      />
      {alarm.notice}
      {ringing ? <MutedNotice muted={muted} /> : null}
      {/* Declaring from an acknowledged page closes the panel; a ringing page keeps it open. */}
      <AlertCards
        pages={pages}
        onAcknowledged={acknowledged}
        onDeclare={(key) => {
          dismiss();
          setDeclaring((prev) => new Set(prev).add(key));
        }}
        firstButton={firstButton}
      />
      {sound.error ? <p className="alert-panel__note">{sound.error}</p> : null}
      {allDone ? (
        <button type="button" className="button button--secondary" onClick={dismiss}>
          Close
        </button>
      ) : null}
    </>
  );

  const audio = props.playSound ? alarm.audio : null;

  if (mode === 'window') {
    return (
      <>
        {audio}
        {open ? (
          <section
            className="alert-panel alert-panel--window"
            role="alertdialog"
            aria-labelledby="alert-title"
          >
            {content}
          </section>
        ) : (
          <section className="alert-panel alert-panel--idle" aria-labelledby="alert-idle-title">
            <h1 id="alert-idle-title">Nothing is ringing</h1>
            <p>
              When a page rings for you, it shows here. <a href={hrefFor('now')}>Go to Now</a>
            </p>
          </section>
        )}
      </>
    );
  }

  return (
    <dialog
      ref={dialog}
      className="alert-panel alert-panel--modal"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="alert-title"
      onCancel={(event) => {
        // Escape must not hide a page that still rings; acknowledging is the way out.
        if (ringing) event.preventDefault();
        else dismiss();
      }}
    >
      {audio}
      {open ? content : null}
    </dialog>
  );
}
