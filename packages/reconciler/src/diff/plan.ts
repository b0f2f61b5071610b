import type { LiveObject } from '../resources/kind.js';
import { kindOf } from '../resources/registry.js';
import type { ResourceOptions } from '../spec/types.js';
import type { State } from '../state/state.js';
import { chooseAction } from './action.js';
import { comparedKeys, diffAttrs, pick } from './compare.js';
import type { Attrs, Change, Drift, Plan, PlanError } from './model.js';
import { compact } from './values.js';

/** One resource the spec declares. */
export interface DesiredResource {
  kind: string;
  id: string[];
  address: string;
  spec: unknown;
  /** Addresses the spec entry names (a table's database), checked before any call. */
  references: string[];
}

/** What was read live: every address that exists, and details of the ones the spec or state mention. */
export interface LiveSnapshot {
  addresses: ReadonlySet<string>;
  objects: ReadonlyMap<string, LiveObject>;
}

export interface PlanOptions {
  /** Plan to delete everything the state manages (`lakebox destroy`). */
  destroy?: boolean;
  /** Only these addresses and what they depend on (`--target`); deletes only of the targets themselves. */
  targets?: readonly string[];
  /** ISO time to stamp the plan with (tests pin it). */
  now?: string;
}

/**
 * Compute the plan: a pure function of the spec, the state and what was read live.
 *
 * @example
 * const plan = computePlan(desired, readState(path), await readLive(ctx, wanted));
 */
export function computePlan(
  desired: readonly DesiredResource[],
  state: State,
  live: LiveSnapshot,
  options: PlanOptions = {},
): Plan {
  const wanted = new Map(options.destroy ? [] : desired.map((d) => [d.address, d]));
  const errors: PlanError[] = [];
  const changes: Change[] = [];
  const drift: Drift[] = [];
  for (const d of wanted.values())
    for (const ref of d.references)
      if (!wanted.has(ref) && !live.addresses.has(ref))
        errors.push({ address: d.address, message: `${ref} is neither declared in the spec nor exists` });

  const addresses = [...new Set([...wanted.keys(), ...Object.keys(state.resources)])];
  for (const address of addresses) {
    const want = wanted.get(address);
    const recorded = state.resources[address];
    const kind = kindOf(want?.kind ?? recorded?.kind ?? address.split('.')[0]!);
    const id = want?.id ?? recorded?.id ?? [];
    const exists = live.addresses.has(address);
    const liveObject = live.objects.get(address);
    const liveAttrs: Attrs = liveObject?.attrs ?? {};
    if (want && exists && !recorded) {
      errors.push({
        address,
        message: `${address} already exists and this state does not manage it: remove it from the spec or adopt it (lakebox import)`,
      });
      continue;
    }
    if (recorded && exists) {
      const changed = diffAttrs(recorded.attributes, pick(liveAttrs, Object.keys(recorded.attributes)));
      if (changed.length > 0) drift.push({ address, kind: kind.kind, type: 'changed', changed });
    } else if (recorded && !exists) drift.push({ address, kind: kind.kind, type: 'deleted', changed: [] });

    const desiredAttrs = want ? compact(kind.flattenSpec(want.spec)) : {};
    const keys = comparedKeys(desiredAttrs, recorded?.attributes, liveAttrs, want ? kind.owned(want.spec) : []);
    const before = exists ? pick(liveAttrs, keys) : null;
    const after = want ? pick(desiredAttrs, keys) : null;
    let changed = diffAttrs(before ?? {}, after ?? {});
    if (kind.refine && before && after) changed = kind.refine(changed);
    const choice = chooseAction({
      inSpec: want !== undefined,
      exists,
      managed: recorded !== undefined,
      changed,
      immutable: kind.immutable,
    });
    const change: Change = {
      address,
      kind: kind.kind,
      id,
      action: choice.action,
      before,
      after,
      changed: choice.action === 'noop' ? [] : changed,
      spec: want?.spec ?? null,
      ...(choice.requiresReplace.length > 0
        ? {
            requiresReplace: choice.requiresReplace,
            reason: `${choice.requiresReplace.join(', ')} cannot change in place: delete, then create`,
          }
        : {}),
      ...(liveObject?.versionId !== undefined ? { versionId: liveObject.versionId } : {}),
    };
    if (!want && recorded && !exists) change.reason = 'already deleted outside the tool: forgotten by the next apply';
    const lint = kind.lint(change);
    if (lint.length > 0) {
      change.lint = lint;
      change.destructive = true;
      const allowed = want ? (want.spec as ResourceOptions).allowDestructive === true : recorded?.allowDestructive;
      if (allowed) change.allowDestructive = true;
    }
    changes.push(change);
  }

  const builtIn = (a: string) => {
    const [kind, ...id] = a.split('.');
    return kindOf(kind!).builtIn?.(id) === true;
  };
  const unmanaged = [...live.addresses].filter((a) => !wanted.has(a) && !state.resources[a] && !builtIn(a)).sort();
  const kept = options.targets ? withDependencies(options.targets, changes) : undefined;
  const ordered = orderChanges(kept ? changes.filter((c) => kept.has(c.address)) : changes);
  const keptDrift = kept ? drift.filter((d) => kept.has(d.address)) : drift;
  const summary = { create: 0, update: 0, replace: 0, delete: 0, noop: 0 };
  for (const c of ordered) summary[c.action] += 1;
  return {
    formatVersion: 1,
    createdAt: options.now ?? new Date().toISOString(),
    changes: ordered,
    drift: keptDrift.sort((a, b) => a.address.localeCompare(b.address)),
    unmanaged,
    errors,
    stateSerial: state.serial,
    ...(state.lineage ? { stateLineage: state.lineage } : {}),
    applyable: errors.length === 0,
    summary,
  };
}

/** The targeted addresses and, for those not being deleted, everything they depend on. */
function withDependencies(targets: readonly string[], changes: readonly Change[]): Set<string> {
  const byAddress = new Map(changes.map((c) => [c.address, c]));
  const kept = new Set<string>();
  const visit = (address: string) => {
    const c = byAddress.get(address);
    if (!c || kept.has(address)) return;
    kept.add(address);
    if (c.action !== 'delete') for (const dep of kindOf(c.kind).dependencies(c.id, c.spec)) visit(dep);
  };
  for (const t of targets) visit(t);
  return kept;
}

/** How deep a resource sits in the dependency graph (a database 0, its tables 1). */
export function depthOf(kind: string, id: readonly string[], spec?: unknown): number {
  const deps = kindOf(kind).dependencies(id, spec);
  if (deps.length === 0) return 0;
  return 1 + Math.max(...deps.map((d) => depthOf(d.split('.')[0]!, d.split('.').slice(1))));
}

/** Creates and updates in dependency order, then deletes in reverse dependency order; ties by address. */
export function orderChanges(changes: readonly Change[]): Change[] {
  const depth = new Map(changes.map((c) => [c.address, depthOf(c.kind, c.id, c.spec)]));
  const d = (c: Change) => depth.get(c.address) ?? 0;
  const forward = changes
    .filter((c) => c.action !== 'delete')
    .sort((a, b) => d(a) - d(b) || a.address.localeCompare(b.address));
  const backward = changes
    .filter((c) => c.action === 'delete')
    .sort((a, b) => d(b) - d(a) || a.address.localeCompare(b.address));
  return [...forward, ...backward];
}
