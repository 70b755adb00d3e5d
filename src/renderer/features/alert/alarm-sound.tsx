/**
 * The looping alarm. It plays while `ringing` and stops (rewound) when nothing rings. Browsers may
 * refuse to play before a user gesture; then one "Enable sound" button appears, and after that
 * click the alarm plays.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import alarmUrl from '../../../../assets/sounds/alarm.wav';

/** The alarm's `<audio>` element and, separately, the notice to place where the user looks. */
export interface AlarmSound {
  audio: ReactNode;
  /** The "Enable sound" notice while autoplay is refused and a page rings; otherwise null. */
  notice: ReactNode;
}

/** Drives one looping `<audio>` element from `ringing` and `volume` (0..1). */
export function useAlarmSound(ringing: boolean, volume: number): AlarmSound {
  const audio = useRef<HTMLAudioElement>(null);
  const [blocked, setBlocked] = useState<string | null>(null);

  useEffect(() => {
    const element = audio.current;
    if (element) element.volume = Math.min(1, Math.max(0, volume));
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
    audio.current?.play().then(
      () => setBlocked(null),
      (error: unknown) => setBlocked(error instanceof Error ? error.message : String(error)),
    );
  };

  return {
    audio: <audio ref={audio} src={alarmUrl} loop preload="auto" data-testid="alarm-audio" />,
    notice:
      ringing && blocked ? (
        <div className="sound-blocked" role="alert">
          <p>The alarm sound is blocked by the browser until you allow it.</p>
          <button type="button" className="button button--secondary" onClick={enable}>
            Enable sound
          </button>
        </div>
      ) : null,
  };
}
