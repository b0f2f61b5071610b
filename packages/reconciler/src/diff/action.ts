import type { Action, AttrChange } from './model.js';

/** The facts the action depends on, and nothing else. */
export interface ActionInput {
  /** The spec declares the resource. */
  inSpec: boolean;
  /** The resource exists live. */
  exists: boolean;
  /** The resource is recorded as managed in the state. */
  managed: boolean;
  /** Attributes that differ after normalisation. */
  changed: readonly AttrChange[];
  /** Attribute paths (or prefixes ending in `.`) that cannot change in place. */
  immutable: readonly string[];
}

/** The chosen action, and the changed attributes that force a replace. */
export interface ActionChoice {
  action: Action;
  requiresReplace: string[];
}

/** Whether an attribute path falls under an immutable path or prefix. */
export function isImmutable(path: string, immutable: readonly string[]): boolean {
  return immutable.some((p) => (p.endsWith('.') ? path.startsWith(p) : path === p));
}

/**
 * Choose what to do with one resource (Terraform's `getAction`): not wanted and managed → delete; wanted and
 * missing → create; an immutable attribute changed → replace; nothing changed → noop; otherwise update.
 * A resource neither wanted nor managed is not the plan's business (noop).
 *
 * @example
 * chooseAction({ inSpec: true, exists: false, managed: false, changed: [], immutable: [] }) // create
 */
export function chooseAction(input: ActionInput): ActionChoice {
  if (!input.inSpec) return { action: input.managed && input.exists ? 'delete' : 'noop', requiresReplace: [] };
  if (!input.exists) return { action: 'create', requiresReplace: [] };
  if (input.changed.length === 0) return { action: 'noop', requiresReplace: [] };
  const requiresReplace = input.changed.map((c) => c.path).filter((p) => isImmutable(p, input.immutable));
  return { action: requiresReplace.length > 0 ? 'replace' : 'update', requiresReplace };
}
