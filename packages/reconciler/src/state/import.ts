import { comparedKeys, pick } from '../diff/compare.js';
import { compact } from '../diff/values.js';
import { readLive } from '../live/read.js';
import { type AwsContext, groupsOf } from '../resources/kind.js';
import { kindOf } from '../resources/registry.js';
import type { LoadedSpec } from '../spec/load.js';
import type { StateBackend } from './backend.js';

/**
 * Adopt one live resource the spec declares (`lakebox import table.sales.orders`): record it as managed, with
 * its live values of the attributes the spec declares, so the next plan shows exactly what apply would change
 * on it and nothing as drift.
 */
export async function importResource(
  ctx: AwsContext,
  spec: LoadedSpec,
  backend: StateBackend,
  address: string,
  lock: { timeoutMs?: number; forceUnlock?: string } = {},
): Promise<void> {
  const want = spec.resources.find((r) => r.address === address);
  if (!want) throw new Error(`${address} is not declared in the spec: declare it first, then import it`);
  const release = await backend.lock({ operation: 'import', ...lock });
  try {
    const store = await backend.open();
    if (store.state.resources[address]) throw new Error(`${address} is already managed by this state`);
    const kind = kindOf(want.kind);
    const desired = compact(kind.flattenSpec(want.spec));
    const live = await readLive(ctx, new Map([[address, groupsOf(desired)]]));
    const object = live.objects.get(address);
    if (!object) throw new Error(`${address} does not exist live: nothing to import (apply creates it)`);
    const keys = comparedKeys(desired, undefined, object.attrs, kind.owned(want.spec));
    await store.record(address, { kind: want.kind, id: want.id, attributes: pick(object.attrs, keys) });
    await store.flush();
  } finally {
    await release();
  }
}
