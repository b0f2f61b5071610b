import { diffAttrs } from '../diff/compare.js';
import type { Action, Change, LintCode, Plan } from '../diff/model.js';
import type { AwsContext } from '../resources/kind.js';
import { kindOf } from '../resources/registry.js';
import type { ResourceOptions } from '../spec/types.js';
import type { StateBackend, StateWriter } from '../state/backend.js';
import { LocalStateBackend } from '../state/local.js';
import { dependencyEdges } from './graph.js';
import { walkGraph } from './walk.js';

export interface ApplyOptions {
  /** The state file to check the plan against and to write after every completed change. */
  statePath?: string;
  /** Or any state backend (an S3 object ...); wins over `statePath`. */
  backend?: StateBackend;
  /** The caller already holds the state lock (it planned under it). */
  locked?: boolean;
  /** How long to wait for another apply's lock (default 0: fail at once). */
  lockTimeoutMs?: number;
  /** Needed for changes marked destructive (lint codes DS*, BC*). */
  allowDestructive?: boolean;
  /** Most changes in flight at once (default 8). */
  parallelism?: number;
  onProgress?(event: ProgressEvent): void;
  /** Remove the lock with this id, left behind by an apply that was killed. */
  forceUnlock?: string;
}

export interface ProgressEvent {
  address: string;
  action: Action;
  phase: 'start' | 'done' | 'failed';
  error?: string;
}

export interface ApplyResult {
  done: { address: string; action: Action }[];
  failed: { address: string; action: Action; error: string }[];
  /** Not started because an earlier change failed (or what it depends on did). */
  notStarted: { address: string; action: Action }[];
}

/** Apply refused before any call: stale plan, plan errors, destructive changes not allowed. */
export class ApplyRefusedError extends Error {
  override name = 'ApplyRefusedError';
}

/** The changes apply would refuse without `--allow-destructive`. */
export function destructiveChanges(plan: Plan): { address: string; lint: LintCode[] }[] {
  return plan.changes
    .filter((c) => c.destructive && !c.allowDestructive && c.action !== 'noop')
    .map((c) => ({ address: c.address, lint: c.lint ?? [] }));
}

/**
 * Apply a plan: walk the dependency graph with bounded parallelism; write the state after every completed
 * change; on an error start nothing new, let what is in flight finish, and report what was and was not done.
 *
 * @example
 * const result = await applyPlan(ctx, plan, { statePath: '.lakebox-state.json', allowDestructive: false });
 */
export async function applyPlan(ctx: AwsContext, plan: Plan, options: ApplyOptions): Promise<ApplyResult> {
  const backend = backendOf(options);
  if (options.locked) return applyLocked(ctx, plan, options, backend);
  const release = await backend.lock({
    operation: 'apply',
    timeoutMs: options.lockTimeoutMs ?? 0,
    ...(options.forceUnlock !== undefined ? { forceUnlock: options.forceUnlock } : {}),
  });
  try {
    return await applyLocked(ctx, plan, options, backend);
  } finally {
    await release();
  }
}

function backendOf(options: ApplyOptions): StateBackend {
  if (options.backend) return options.backend;
  if (options.statePath) return new LocalStateBackend(options.statePath);
  throw new Error('applyPlan needs a statePath or a state backend');
}

async function applyLocked(
  ctx: AwsContext,
  plan: Plan,
  options: ApplyOptions,
  backend: StateBackend,
): Promise<ApplyResult> {
  if (!plan.applyable)
    throw new ApplyRefusedError(
      `the plan has errors:\n${plan.errors.map((e) => `  ${e.address}: ${e.message}`).join('\n')}`,
    );
  const store = await backend.open();
  const state = store.state;
  // A plan made before the state had a lineage (none yet, or only a journal a killed apply left) cannot be
  // told apart by it: the serial check below still refuses one the state moved away from.
  if (plan.stateLineage !== undefined && state.lineage !== plan.stateLineage)
    throw new ApplyRefusedError(
      `this plan was made for another state (lineage ${plan.stateLineage ?? 'none'}, this one ${state.lineage ?? 'none'}): check --state`,
    );
  if (state.serial !== plan.stateSerial)
    throw new ApplyRefusedError(
      `stale plan: the state changed since the plan was made (serial ${plan.stateSerial}, now ${state.serial}); run plan again`,
    );
  const destructive = destructiveChanges(plan);
  if (destructive.length > 0 && !options.allowDestructive)
    throw new ApplyRefusedError(
      `the plan has destructive changes; re-run with --allow-destructive to apply them:\n${destructive
        .map((d) => `  ${d.address} [${d.lint.join(', ')}]`)
        .join('\n')}`,
    );

  // Resources deleted outside the tool and gone from the spec: nothing to call, just forget them.
  const forgotten = plan.changes.filter((c) => c.action === 'noop' && c.after === null && c.before === null);
  try {
    for (const c of forgotten) await store.record(c.address, null);
    return await walkChanges(ctx, plan, options, store);
  } finally {
    await store.flush();
  }
}

async function walkChanges(
  ctx: AwsContext,
  plan: Plan,
  options: ApplyOptions,
  store: StateWriter,
): Promise<ApplyResult> {
  const work = plan.changes.filter((c) => c.action !== 'noop');
  const byAddress = new Map(work.map((c) => [c.address, c]));
  const edges = dependencyEdges(work);
  const walked = await walkGraph(
    work.map((c) => ({ id: c.address, after: edges.get(c.address) ?? [] })),
    options.parallelism ?? 8,
    async (address) => {
      const c = byAddress.get(address)!;
      options.onProgress?.({ address, action: c.action, phase: 'start' });
      try {
        // Record a resource as managed before creating it: if the process dies after the service created it
        // but before the change is recorded as done, the next plan sees a managed resource and converges,
        // instead of finding an unmanaged one in the way. If the create fails, the next plan creates it again.
        if ((c.action === 'create' || c.action === 'replace') && !store.state.resources[address])
          await store.record(address, { kind: c.kind, id: c.id, attributes: {} });
        await runChange(ctx, c);
      } catch (e) {
        options.onProgress?.({ address, action: c.action, phase: 'failed', error: messageOf(e) });
        throw e;
      }
      await store.record(
        address,
        c.action === 'delete'
          ? null
          : {
              kind: c.kind,
              id: c.id,
              attributes: c.after ?? {},
              ...((c.spec as ResourceOptions | null)?.allowDestructive ? { allowDestructive: true as const } : {}),
            },
      );
      options.onProgress?.({ address, action: c.action, phase: 'done' });
    },
  );
  const actionOf = (address: string) => byAddress.get(address)!.action;
  return {
    done: walked.done.map((address) => ({ address, action: actionOf(address) })),
    failed: walked.failed.map((f) => ({ address: f.id, action: actionOf(f.id), error: messageOf(f.error) })),
    notStarted: walked.notStarted.map((address) => ({ address, action: actionOf(address) })),
  };
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

async function runChange(ctx: AwsContext, change: Change): Promise<void> {
  const kind = kindOf(change.kind);
  switch (change.action) {
    case 'create':
      return kind.create(ctx, change);
    case 'update':
      return kind.update(ctx, change);
    case 'delete':
      return kind.delete(ctx, change);
    case 'replace':
      // Glue resources are keyed by name: create-before-delete cannot work, so delete, then create it whole.
      await kind.delete(ctx, change);
      return kind.create(ctx, { ...change, before: null, changed: diffAttrs({}, change.after ?? {}) });
    case 'noop':
      return;
  }
}
