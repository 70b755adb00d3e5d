/** A `Notifier` that records what it was asked to show, and lets tests click actions. */
import type {
  NotificationRequest,
  Notifier,
  NotifierCapabilities,
} from '../../src/main/core/ports.js';

/** Records shows and closes; `visible` is what a user would see now (one per tag). */
export class RecordingNotifier implements Notifier {
  readonly shown: NotificationRequest[] = [];
  readonly closed: string[] = [];
  readonly visible = new Map<string, NotificationRequest>();
  caps: NotifierCapabilities = { available: true, actions: true, doNotDisturb: false };
  capabilityChecks = 0;
  private readonly listeners = new Set<(tag: string, actionId: string) => void>();

  async show(request: NotificationRequest): Promise<void> {
    this.shown.push(request);
    this.visible.set(request.tag, request);
  }

  async close(tag: string): Promise<void> {
    this.closed.push(tag);
    this.visible.delete(tag);
  }

  onAction(listener: (tag: string, actionId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async capabilities(): Promise<NotifierCapabilities> {
    this.capabilityChecks += 1;
    return this.caps;
  }

  /** Simulates the user pressing an action button (or `default` for the body). */
  click(tag: string, actionId: string): void {
    for (const listener of this.listeners) listener(tag, actionId);
  }

  /** Notifications ever shown with `tag`. */
  shownWithTag(tag: string): NotificationRequest[] {
    return this.shown.filter((n) => n.tag === tag);
  }
}
