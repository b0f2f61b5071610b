import { describe, expect, it } from 'vitest';
import type { Action, Change } from '../diff/model.js';
import { dependencyEdges } from './graph.js';

const change = (address: string, action: Action): Change => {
  const [kind, ...id] = address.split('.');
  return { address, kind: kind!, id, action, before: null, after: null, changed: [], spec: null };
};

describe('dependencyEdges', () => {
  it('makes tables wait for their database on create, and the database wait for its tables on delete', () => {
    expect(
      Object.fromEntries(
        dependencyEdges([change('database.a', 'create'), change('table.a.t', 'create'), change('table.a.u', 'update')]),
      ),
    ).toEqual({ 'database.a': [], 'table.a.t': ['database.a'], 'table.a.u': ['database.a'] });
    expect(
      Object.fromEntries(
        dependencyEdges([change('database.a', 'delete'), change('table.a.t', 'delete'), change('table.a.u', 'delete')]),
      ),
    ).toEqual({ 'database.a': ['table.a.t', 'table.a.u'], 'table.a.t': [], 'table.a.u': [] });
  });
});
