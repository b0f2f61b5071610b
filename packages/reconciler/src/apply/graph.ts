import type { Change } from '../diff/model.js';
import { kindOf } from '../resources/registry.js';

/**
 * The edges the executor walks: a create/update/replace waits for the creates/updates of what it depends on;
 * a delete waits for the deletes of what depends on it (the reverse). Derived from the kinds, never hand-written.
 *
 * @returns for each address, the addresses it must wait for
 */
export function dependencyEdges(changes: readonly Change[]): Map<string, string[]> {
  const byAddress = new Map(changes.map((c) => [c.address, c]));
  const edges = new Map<string, string[]>(changes.map((c) => [c.address, []]));
  for (const c of changes) {
    const deps = kindOf(c.kind).dependencies(c.id, c.spec);
    for (const dep of deps) {
      const other = byAddress.get(dep);
      if (!other) continue;
      if (c.action !== 'delete' && other.action !== 'delete') edges.get(c.address)!.push(dep);
      if (c.action === 'delete' && other.action === 'delete') edges.get(dep)!.push(c.address);
    }
  }
  return edges;
}
