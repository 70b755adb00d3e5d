/**
 * The Node host's notifier where no desktop notification server can be reached: it shows nothing
 * and says so through `capabilities()`, so the app reports "alerts only show in the browser tab"
 * instead of failing silently.
 */
import type { Notifier, NotifierCapabilities } from '../core/ports.js';

/** A notifier that cannot notify, and says why. */
export class NoDesktopNotifier implements Notifier {
  constructor(private readonly reason: string) {}
  async show(): Promise<void> {}
  async close(): Promise<void> {}
  onAction(): () => void {
    return () => {};
  }
  async capabilities(): Promise<NotifierCapabilities> {
    return { available: false, actions: false, problem: this.reason };
  }
}
