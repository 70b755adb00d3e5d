/** What assistive technology reads of an element, beyond its role and name. */
import type { Locator } from 'playwright-core';

/**
 * The element's accessible description: the texts its `aria-describedby` points at (a field's
 * hint and error, why a button cannot be pressed), as a screen reader reads them after the name.
 */
export function description(element: Locator): Promise<string> {
  return element.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  );
}
