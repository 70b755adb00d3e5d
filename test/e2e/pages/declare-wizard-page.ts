/** Page object for the declare-incident wizard, driven with the keyboard only. */
import { join, resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';

const AXE = resolve(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'node_modules',
  'axe-core',
  'axe.min.js',
);

/** One axe-core violation, reduced to what a failure message needs. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** The wizard: step headings, the review lists, the run rows; Tab/Enter/Space/arrows only. */
export class DeclareWizardPage {
  constructor(readonly page: Page) {}

  /** The focused step heading (each step focuses its heading when it opens). */
  heading(name: string): Locator {
    return this.page.getByRole('heading', { level: 2, name: new RegExp(name) });
  }

  get pagedPeople(): Locator {
    return this.page.getByTestId('paged-people').locator('li');
  }

  get plannedActions(): Locator {
    return this.page.getByTestId('planned-actions').locator('li');
  }

  get cliCommand(): Locator {
    return this.page.getByTestId('cli-command');
  }

  get runRows(): Locator {
    return this.page.locator('.run-row');
  }

  get doneRows(): Locator {
    return this.page.locator('.run-row--done');
  }

  /** Text and tag of the focused element. */
  async focused(): Promise<{ tag: string; text: string; name: string }> {
    return this.page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return {
        tag: el?.tagName ?? '',
        text: (el?.textContent ?? '').trim(),
        name: el?.getAttribute('name') ?? el?.id ?? '',
      };
    });
  }

  /** Presses Tab until the focused element's text matches `text` (at most `max` presses). */
  async tabTo(text: RegExp, max = 40): Promise<void> {
    for (let i = 0; i < max; i += 1) {
      await this.page.keyboard.press('Tab');
      const f = await this.focused();
      if (text.test(f.text)) return;
    }
    throw new Error(`Tab never reached an element matching ${String(text)}`);
  }

  /** Presses Tab once and says what has the focus. */
  async tab(): Promise<{ tag: string; text: string; name: string }> {
    await this.page.keyboard.press('Tab');
    return this.focused();
  }

  /** Runs axe-core on the page; answers the serious and critical violations. */
  async seriousViolations(): Promise<AxeViolation[]> {
    const loaded = await this.page.evaluate(() => 'axe' in window);
    if (!loaded) await this.page.addScriptTag({ path: AXE });
    return this.page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: {
            run(context: Document): Promise<{
              violations: {
                id: string;
                impact: string | null;
                help: string;
                nodes: { target: string[] }[];
              }[];
            }>;
          };
        }
      ).axe;
      const result = await axe.run(document);
      return result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          targets: v.nodes.map((n) => n.target.join(' ')),
        }));
    });
  }

  /**
   * Where the checkbox named `name` sits against its label's text: beside it (its middle within
   * the text's height) and to its left, as the app's other checkboxes; not on a line of its own.
   */
  async checkboxBesideLabel(name: RegExp): Promise<{ beside: boolean; leftOf: boolean }> {
    const box = await this.page.getByRole('checkbox', { name }).boundingBox();
    const text = await this.page.getByText(name).boundingBox();
    if (!box || !text) return { beside: false, leftOf: false };
    const middle = box.y + box.height / 2;
    return {
      beside: middle >= text.y && middle <= text.y + text.height,
      leftOf: box.x + box.width <= text.x,
    };
  }

  /** Saves a full-page screenshot to `dir/name.png`. */
  async screenshot(dir: string, name: string): Promise<void> {
    await this.page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
  }
}
