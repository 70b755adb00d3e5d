/** Page object for the alert panel (modal over any view, or the `#/alert` window route). */
import type { Locator, Page } from 'playwright-core';

/** The ringing-page alert: its dialog, countdown, acknowledge control and alarm sound. */
export class AlertPage {
  constructor(readonly page: Page) {}

  get dialog(): Locator {
    return this.page.getByRole('alertdialog');
  }

  get acknowledgeButton(): Locator {
    return this.dialog.getByRole('button', { name: /^Acknowledge( \(try again\))?$/ });
  }

  /** "escalates to Bob Lee in 4:12": the card's timer. */
  get countdown(): Locator {
    return this.dialog.getByRole('timer');
  }

  /**
   * The alarm's `<audio>` element. A test id, as nothing seen identifies it: it has no controls,
   * so no role or name, and what it does is heard.
   */
  get audio(): Locator {
    return this.page.getByTestId('alarm-audio');
  }

  get enableSoundButton(): Locator {
    return this.page.getByRole('button', { name: 'Enable sound' });
  }

  /** True when the Acknowledge button is the focused element. */
  async acknowledgeHasFocus(): Promise<boolean> {
    return this.acknowledgeButton.evaluate((el) => el === document.activeElement);
  }

  /** True while the alarm `<audio>` element is playing. */
  async soundPlaying(): Promise<boolean> {
    return this.audio.evaluate((el) => !(el as HTMLAudioElement).paused);
  }
}
