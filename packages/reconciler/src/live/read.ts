import type { LiveSnapshot } from '../diff/plan.js';
import type { AwsContext, LiveObject, Wanted } from '../resources/kind.js';
import { RESOURCE_KINDS } from '../resources/registry.js';

/**
 * Read every kind live through the public API, in parallel: all addresses (for the unmanaged list) and
 * details of the `wanted` ones (in the spec or the state).
 */
export async function readLive(ctx: AwsContext, wanted: Wanted): Promise<LiveSnapshot> {
  const reads = await Promise.all(RESOURCE_KINDS.map((k) => k.read(ctx, wanted)));
  const addresses = new Set<string>();
  const objects = new Map<string, LiveObject>();
  for (const r of reads) {
    for (const a of r.addresses) addresses.add(a);
    for (const [a, o] of r.objects) objects.set(a, o);
  }
  return { addresses, objects };
}
