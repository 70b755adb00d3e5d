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

/**
 * The wizard: step headings, the review lists, the run rows; Tab/Enter/Space/arrows only. Every
 * part is found by its role and accessible name or its visible text.
 */
export class DeclareWizardPage {
  constructor(readonly page: Page) {}

  /** The focused step heading (each step focuses its heading when it opens). */
  heading(name: string): Locator {
    return this.page.getByRole('heading', { level: 2, name: new RegExp(name) });
  }

  /** Waits for step `name` to open with the focus on its heading (each step moves it there). */
  async stepOpened(name: string): Promise<void> {
    await this.heading(name).and(this.page.locator(':focus')).waitFor();
  }

  /** A Review section, by its heading ("Who will be paged", "What will run", …). */
  section(name: string): Locator {
    return this.page.getByRole('region', { name });
  }

  /** Review: the people the declaration pages, one item each ("Name — why"). */
  get pagedPeople(): Locator {
    return this.page.getByRole('list', { name: 'People paged' }).getByRole('listitem');
  }

  /** Review: every action the declaration will run (or skip, saying why). */
  get plannedActions(): Locator {
    return this.section('What will run').getByRole('listitem');
  }

  get cliCommand(): Locator {
    return this.section('The same from a terminal').getByRole('code');
  }

  /** Review: what must be fixed or confirmed before Declare is accepted. */
  get blockers(): Locator {
    return this.section('Before declaring');
  }

  /** Review: "Go ahead with N investigators (the playbook says …)". */
  get fewerInvestigators(): Locator {
    return this.page.getByRole('checkbox', { name: /^Go ahead with / });
  }

  /** How bad: the radio of one severity ("SEV-2 One service unhealthy…"). */
  severity(level: 1 | 2 | 3): Locator {
    return this.page.getByRole('radio', { name: new RegExp(`^SEV-${level} `) });
  }

  /** Run: one row per action, each saying its state in words ("Done", "Failed", …). */
  get runRows(): Locator {
    return this.page.getByRole('list', { name: 'Actions' }).getByRole('listitem');
  }

  /** Run: the rows whose state reads "Done". */
  get doneRows(): Locator {
    return this.runRows.filter({ has: this.page.getByText('Done', { exact: true }) });
  }

  /** Text and tag of the focused element. */
  async focused(): Promise<{ tag: string; text: string }> {
    return this.page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return { tag: el?.tagName ?? '', text: (el?.textContent ?? '').trim() };
    });
  }

  /** True when `target` (found by role and name) has the focus, or holds it (a radio group). */
  async hasFocus(target: Locator): Promise<boolean> {
    return target.evaluate((el) => el.contains(document.activeElement));
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
  async tab(): Promise<{ tag: string; text: string }> {
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
