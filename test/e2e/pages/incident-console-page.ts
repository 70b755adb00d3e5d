/** Page object for the incident console, the customer email and the post-mortem. */
import type { Locator, Page } from 'playwright-core';

/** Drives the aftercare views by role and accessible name, and reads them by visible text. */
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

  /** The console's entry for an incident: the list item headed by its summary. */
  incidentRow(summary: string): Locator {
    return this.page
      .getByRole('listitem')
      .filter({ has: this.page.getByRole('heading', { name: summary }) });
  }

  /** One of an incident's clocks ("Next status update", "Customer email", "Post-mortem"). */
  clock(within: Locator, what: 'Next status update' | 'Customer email' | 'Post-mortem'): Locator {
    return within.getByRole('listitem').filter({ has: this.page.getByText(what, { exact: true }) });
  }

  /** A card of the incident, email or post-mortem page, by its heading ("Timeline", "Preview"…). */
  card(name: string): Locator {
    return this.page.getByRole('region', { name });
  }

  /** The status line with `text` ("Post-mortem saved.", "Saved …"), in `within` or anywhere. */
  notice(text: string | RegExp, within: Locator | Page = this.page): Locator {
    return within.getByRole('status').filter({ hasText: text });
  }

  field(label: string | RegExp): Locator {
    return this.page.getByLabel(label);
  }

  button(name: string | RegExp): Locator {
    return this.page.getByRole('button', { name });
  }

  /** The newest update posted from here (the list is newest first). */
  get newestPost(): Locator {
    return this.card('Updates posted from here').getByRole('listitem').first();
  }

  /**
   * The delivery states of the newest post as its "Where this update went" list says them, e.g.
   * `{slack: 'sent', …}` from "Slack channel sent".
   */
  async newestDeliveries(): Promise<Record<string, string>> {
    const labels = {
      slack: 'Slack channel',
      statuspage: 'Status page',
      platform: 'Zephyr platform',
    };
    const list = this.newestPost.getByRole('list', { name: 'Where this update went' });
    const out: Record<string, string> = {};
    for (const [d, label] of Object.entries(labels)) {
      const text =
        (await list
          .getByRole('listitem')
          .filter({ hasText: new RegExp(`^${label} `) })
          .textContent()) ?? '';
      out[d] = text.slice(label.length).trim().split(':')[0] ?? '';
    }
    return out;
  }

  /** What the customer email's checker says (a live status). */
  get emailCheck(): Locator {
    return this.card('Preview')
      .getByRole('status')
      .filter({ hasText: /checker finds nothing|to look at/ });
  }

  /**
   * The wording the checker marks, in the preview and its list of findings: the `<mark>` elements
   * (role "mark", which playwright-core's `getByRole` types do not list yet).
   */
  get emailMarks(): Locator {
    return this.card('Preview').locator('mark');
  }

  /** The post-mortem's action item `n`, in the "Action items" group. */
  actionItem(n: number): Locator {
    return this.page.getByRole('group', { name: 'Action items' }).getByRole('listitem').nth(n);
  }

  /** A full-page screenshot from the top (a sticky header would otherwise land mid-page). */
  async screenshot(path: string): Promise<void> {
    await this.page.evaluate(() => window.scrollTo(0, 0));
    await this.page.screenshot({ path, fullPage: true });
  }
}
