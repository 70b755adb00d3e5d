/** Page object for the Settings view. */
import type { Locator, Page } from 'playwright-core';

/** The settings form, field by label. */
export class SettingsPage {
  constructor(readonly page: Page) {}

  field(label: string): Locator {
    return this.page.getByLabel(label, { exact: false });
  }

  /** The "set" / "not set" pill of one secret. */
  secretStatus(name: string): Locator {
    return this.page.locator(`label[for="secret-${name}"] .pill`);
  }

  get saveButton(): Locator {
    return this.page.getByRole('button', { name: 'Save settings' });
  }

  /** The "Managed by your organisation (…)" note of one field. */
  managedNote(envName: string): Locator {
    return this.page.getByText(`Managed by your organisation (${envName})`);
  }
}
