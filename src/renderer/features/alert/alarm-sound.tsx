/**
 * The looping alarm. It plays while `ringing` and stops (rewound) when nothing rings. Browsers may
 * refuse to play before a user gesture; then one "Enable sound" button appears, and after that
 * click the alarm plays.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import alarmUrl from '../../../../assets/sounds/alarm.wav';

/** The `<audio loop>` element plus, when autoplay was refused, the one "Enable sound" button. */
export function AlarmSound(props: { ringing: boolean; volume: number }): ReactNode {
  const audio = useRef<HTMLAudioElement>(null);
  const [blocked, setBlocked] = useState<string | null>(null);
  const { ringing, volume } = props;

  useEffect(() => {
    const element = audio.current;
    if (!element) return;
    element.volume = Math.min(1, Math.max(0, volume));
  }, [volume]);

  useEffect(() => {
    const element = audio.current;
    if (!element) return;
    if (!ringing) {
      element.pause();
      element.currentTime = 0;
      return;
    }
    let cancelled = false;
    element.play().then(
      () => {
        if (!cancelled) setBlocked(null);
      },
      (error: unknown) => {
        if (!cancelled) setBlocked(error instanceof Error ? error.message : String(error));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [ringing]);

  const enable = (): void => {
    const element = audio.current;
    if (!element) return;
    element.play().then(
      () => setBlocked(null),
      (error: unknown) => setBlocked(error instanceof Error ? error.message : String(error)),
    );
  };

  return (
    <>
      <audio ref={audio} src={alarmUrl} loop preload="auto" data-testid="alarm-audio" />
      {ringing && blocked ? (
        <div className="sound-blocked" role="alert">
          <p>The alarm sound is blocked by the browser until you allow it.</p>
          <button type="button" className="button button--secondary" onClick={enable}>
            Enable sound
          </button>
        </div>
      ) : null}
    </>
  );
}
