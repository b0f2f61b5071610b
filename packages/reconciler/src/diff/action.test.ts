import { describe, expect, it } from 'vitest';
import { type ActionInput, chooseAction } from './action.js';

const typeChange = { path: 'columns.a.type', before: 'int', after: 'bigint' };
const kindChange = { path: 'tableType', before: 'EXTERNAL_TABLE', after: 'VIRTUAL_VIEW' };

describe('chooseAction', () => {
  const cases: [string, Partial<ActionInput>, string, string[]][] = [
    ['wanted, missing', { inSpec: true, exists: false }, 'create', []],
    ['wanted, missing, recorded (deleted outside)', { inSpec: true, exists: false, managed: true }, 'create', []],
    ['wanted, equal', { inSpec: true, exists: true, managed: true }, 'noop', []],
    ['wanted, mutable change', { inSpec: true, exists: true, managed: true, changed: [typeChange] }, 'update', []],
    [
      'wanted, immutable change',
      { inSpec: true, exists: true, managed: true, changed: [typeChange, kindChange] },
      'replace',
      ['tableType'],
    ],
    ['not wanted, managed, exists', { inSpec: false, exists: true, managed: true }, 'delete', []],
    ['not wanted, managed, gone', { inSpec: false, exists: false, managed: true }, 'noop', []],
    ['not wanted, not managed', { inSpec: false, exists: true, managed: false }, 'noop', []],
  ];
  it.each(cases)('%s → %s', (_name, input, action, requiresReplace) => {
    const full: ActionInput = {
      inSpec: false,
      exists: false,
      managed: false,
      changed: [],
      immutable: ['tableType'],
      ...input,
    };
    expect(chooseAction(full)).toEqual({ action, requiresReplace });
  });

  it('treats a path ending in a dot as an immutable prefix', () => {
    const out = chooseAction({
      inSpec: true,
      exists: true,
      managed: true,
      changed: [{ path: 'storage.location', before: 'a', after: 'b' }],
      immutable: ['storage.'],
    });
    expect(out).toEqual({ action: 'replace', requiresReplace: ['storage.location'] });
  });
});
