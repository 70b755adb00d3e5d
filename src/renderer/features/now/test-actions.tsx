/**
 * "Send test page" (a real page through the platform, which then rings like any other) and "Test
 * my alerts" (plays the alarm here for a few seconds, to check speakers and volume).
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import alarmUrl from '../../../../assets/sounds/alarm.wav';
import type { PageView } from '../../../shared/domain.js';
import { ErrorText } from '../../components/error-text.js';
import { useCommand } from '../../lib/use-command.js';

const SOUND_CHECK_MS = 4000;

/**
 * The two test buttons and what they report. "Test page sent" goes away once the test page is
 * acknowledged (or leaves `pages`), so it never lingers over an answered test.
 */
export function TestActions(props: { pages: readonly PageView[] }): ReactNode {
  const send = useCommand('pages:send-test');
  const [sent, setSent] = useState<string | null>(null);
  const [seen, setSeen] = useState(false);
  const testPage = sent ? props.pages.find((p) => p.page.id === sent) : undefined;
  if (testPage && !seen) setSeen(true);
  const answered = testPage ? testPage.page.status !== 'triggered' : seen;
  const audio = useRef<HTMLAudioElement>(null);
  const [sound, setSound] = useState<'idle' | 'playing' | 'played'>('idle');
  const [soundError, setSoundError] = useState<string | null>(null);

  useEffect(() => {
    if (sound !== 'playing') return;
    const timer = setTimeout(() => {
      audio.current?.pause();
      setSound('played');
    }, SOUND_CHECK_MS);
    return () => clearTimeout(timer);
  }, [sound]);

  const testAlerts = (): void => {
    const element = audio.current;
    if (!element) return;
    setSoundError(null);
    element.currentTime = 0;
    element.play().then(
      () => setSound('playing'),
      (error: unknown) =>
        setSoundError(
          `The alarm sound could not play: ${error instanceof Error ? error.message : String(error)}`,
        ),
    );
  };

  return (
    <div className="test-actions">
      <div className="test-actions__buttons">
        <button
          type="button"
          className="button button--secondary"
          disabled={send.busy}
          onClick={() => {
            setSent(null);
            setSeen(false);
            void send.run({}).then((result) => {
              if (result) setSent(result.pageId);
            });
          }}
        >
          {send.busy ? 'Sending…' : 'Send test page'}
        </button>
        <button
          type="button"
          className="button button--secondary"
          onClick={testAlerts}
          disabled={sound === 'playing'}
        >
          {sound === 'playing' ? 'Playing the alarm…' : 'Test my alerts'}
        </button>
        <audio ref={audio} src={alarmUrl} loop preload="none" />
      </div>
      <div aria-live="polite" className="test-actions__result">
        {sent && !answered ? (
          <p className="muted">Test page sent. It should ring in a few seconds.</p>
        ) : null}
        {sound === 'played' ? (
          <p className="muted">Did you hear the alarm? If not, check your volume in Settings.</p>
        ) : null}
      </div>
      <ErrorText message={send.error ?? soundError} />
    </div>
  );
}
