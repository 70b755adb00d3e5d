/** Page object for the incident console, the customer email and the post-mortem. */
import type { Locator, Page } from 'playwright-core';

/** Drives the aftercare views by role and accessible name. */
export class IncidentConsolePage {
  constructor(readonly page: Page) {}

  /** Opens `#/incidents[/…]` in the already loaded app. */
  async open(path = ''): Promise<void> {
    await this.page.evaluate((p) => {
      window.location.hash = `#/incidents${p}`;
    }, path);
  }

  heading(name: string | RegExp): Locator {
    return this.page.getByRole('heading', { level: 1, name });
  }

  incidentRow(summary: string): Locator {
    return this.page.getByTestId('incident').filter({ hasText: summary });
  }

  field(label: string | RegExp): Locator {
    return this.page.getByLabel(label);
  }

  button(name: string | RegExp): Locator {
    return this.page.getByRole('button', { name });
  }

  /** The newest update posted from here. */
  get newestPost(): Locator {
    return this.page.getByTestId('posted-update').first();
  }

  /** The delivery states of the newest post, e.g. `{slack: 'sent', …}`. */
  async newestDeliveries(): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const d of ['slack', 'statuspage', 'platform']) {
      out[d] =
        (await this.newestPost
          .getByTestId(`delivery-${d}`)
          .locator('.ac-delivery__status')
          .textContent()) ?? '';
    }
    return out;
  }

  get emailCheck(): Locator {
    return this.page.getByTestId('email-check');
  }

  get emailMarks(): Locator {
    return this.page.getByTestId('email-preview').locator('mark');
  }

  actionItem(n: number): Locator {
    return this.page.getByTestId('action-item').nth(n);
  }

  /** A full-page screenshot from the top (a sticky header would otherwise land mid-page). */
  async screenshot(path: string): Promise<void> {
    await this.page.evaluate(() => window.scrollTo(0, 0));
    await this.page.screenshot({ path, fullPage: true });
  }
}
