/** Page object for the Settings view. */
import type { Locator, Page } from 'playwright-core';

/** The settings form, field by label. */
export class SettingsPage {
  constructor(readonly page: Page) {}

  field(label: string): Locator {
    return this.page.getByLabel(label, { exact: false });
  }

  /** Whether the secret labelled `label` is stored: "set" or "not set", as its label says. */
  async secretStatus(label: string): Promise<string> {
    const text = await this.page.getByText(new RegExp(`^${label} (set|not set)$`)).textContent();
    return (text ?? '').slice(label.length).trim();
  }

  get saveButton(): Locator {
    return this.page.getByRole('button', { name: 'Save settings' });
  }

  /** The "Managed by your organisation (…)" note of one field. */
  managedNote(envName: string): Locator {
    return this.page.getByText(`Managed by your organisation (${envName})`);
  }
}
