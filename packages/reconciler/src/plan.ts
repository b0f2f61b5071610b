import type { Plan } from './diff/model.js';
import { computePlan, type PlanOptions } from './diff/plan.js';
import { readLive } from './live/read.js';
import { type AwsContext, groupsOf } from './resources/kind.js';
import { kindOf } from './resources/registry.js';
import type { LoadedSpec } from './spec/load.js';
import type { State } from './state/state.js';

/**
 * Read live what the spec and the state mention (public API only) and compute the plan.
 *
 * @example
 * const plan = await makePlan(ctx, await loadSpec('lakebox.yaml'), readState('.lakebox-state.json'));
 */
export async function makePlan(
  ctx: AwsContext,
  spec: LoadedSpec,
  state: State,
  options: PlanOptions = {},
): Promise<Plan> {
  const wanted = new Map<string, Set<string>>();
  for (const r of spec.resources) wanted.set(r.address, groupsOf(kindOf(r.kind).flattenSpec(r.spec)));
  for (const [address, recorded] of Object.entries(state.resources)) {
    const groups = wanted.get(address) ?? new Set<string>();
    for (const g of groupsOf(recorded.attributes)) groups.add(g);
    wanted.set(address, groups);
  }
  const live = await readLive(
    ctx,
    wanted,
    spec.resources.flatMap((r) => r.references),
  );
  return computePlan(spec.resources, state, live, options);
}
