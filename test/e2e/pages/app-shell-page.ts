/** Page object for the app shell: navigation, banners, and the fake API's call log. */
import type { Locator, Page } from 'playwright-core';
import type { FakeZephyrControl } from '../fake-api.js';

/** The places the header navigation leads to. */
export type NavTarget = 'Now' | 'Incidents' | 'Settings';

/** Drives the shell by role and accessible name, as a keyboard or screen-reader user would. */
export class AppShellPage {
  constructor(readonly page: Page) {}

  /** Opens the renderer at `baseUrl` with `hash` (without `#`): `/now`, `/alert`, `token=…`. */
  async open(baseUrl: string, hash = '/now'): Promise<void> {
    await this.page.goto(`${baseUrl}/#${hash}`);
    await this.page.getByRole('main').waitFor();
  }

  get nav(): Locator {
    return this.page.getByRole('navigation', { name: 'Main' });
  }

  navLink(name: NavTarget): Locator {
    return this.nav.getByRole('link', { name, exact: false });
  }

  /** Follows a nav link and waits for the view's level-1 heading. */
  async goTo(name: NavTarget): Promise<void> {
    await this.navLink(name).click();
    await this.heading(name).waitFor();
  }

  heading(name: string): Locator {
    return this.page.getByRole('heading', { level: 1, name });
  }

  /** The "Demo platform: not connected to your pager" status banner. */
  get demoBanner(): Locator {
    return this.page
      .getByRole('status')
      .filter({ hasText: 'Demo platform: not connected to your pager' });
  }

  /** Every "Cannot reach <source>: you may miss pages" alert, one per source. */
  get feedAlarmBanner(): Locator {
    return this.page.getByRole('alert').filter({ hasText: /Cannot reach .+: you may miss pages/ });
  }

  /** Every command the renderer invoked, in order. */
  async calls(): Promise<FakeZephyrControl['calls']> {
    return this.page.evaluate(
      () => (window as unknown as { __zephyrFake: FakeZephyrControl }).__zephyrFake.calls,
    );
  }

  /** Names of the commands invoked, for compact assertions. */
  async callNames(): Promise<string[]> {
    return (await this.calls()).map((c) => c.name);
  }

  /** Replaces the fake's state and pushes it as 'app:state-changed'. */
  async setState(state: unknown): Promise<void> {
    await this.page.evaluate(
      (s) =>
        (window as unknown as { __zephyrFake: FakeZephyrControl }).__zephyrFake.setState(
          s as never,
        ),
      state,
    );
  }

  /** Confirms a pending acknowledge, as main does when the platform answers. */
  async confirmAck(key: string): Promise<void> {
    await this.page.evaluate(
      (k) => (window as unknown as { __zephyrFake: FakeZephyrControl }).__zephyrFake.confirmAck(k),
      key,
    );
  }

  /** Makes the next call of `name` fail with `message`. */
  async failNext(name: string, message: string): Promise<void> {
    await this.page.evaluate(
      ([n, m]) =>
        (window as unknown as { __zephyrFake: FakeZephyrControl }).__zephyrFake.failNext(n, m),
      [name, message] as const,
    );
  }
}
