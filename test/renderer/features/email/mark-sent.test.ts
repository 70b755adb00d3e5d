import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import {
  MarkSentConfirm,
  markSentStep,
} from '../../../../src/renderer/features/email/mark-sent-button.js';

describe('Mark as sent with open findings', () => {
  it('asks for a confirmation while the checker has findings, sends at once otherwise', () => {
    expect(markSentStep(['"world-class" is marketing language'], false)).toBe('confirm');
    expect(markSentStep(['"world-class" is marketing language'], true)).toBe('send');
    expect(markSentStep([], false)).toBe('send');
  });

  it('the confirmation lists every open finding', () => {
    const html = renderToStaticMarkup(
      createElement(MarkSentConfirm, {
        findings: ['No apology.', '"world-class" is marketing language'],
        onConfirm: () => undefined,
        onCancel: () => undefined,
      }),
    );
    expect(html).toContain('2 open findings');
    expect(html).toContain('No apology.');
    expect(html).toContain('&quot;world-class&quot; is marketing language');
    expect(html).toContain('Mark as sent anyway');
  });
});
