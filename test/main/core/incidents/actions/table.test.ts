/** The action table the runner walks: every action once, in the order the Run screen shows. */
import { describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../../../../src/shared/declaration.js';
import { DECLARATION_ACTIONS } from '../../../../../src/main/core/incidents/actions/table.js';

describe('declaration action table', () => {
  it('lists every action id once, in ACTION_IDS order', () => {
    expect(DECLARATION_ACTIONS.map((a) => a.id)).toEqual([...ACTION_IDS]);
  });
});
