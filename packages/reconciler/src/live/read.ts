import type { LiveSnapshot } from '../diff/plan.js';
import type { AwsContext, LiveObject, Wanted } from '../resources/kind.js';
import { RESOURCE_KINDS } from '../resources/registry.js';

/**
 * Read live through the public API, in parallel: every resource of the kinds whose family (`group`) the
 * `wanted` addresses or `also` (cross-references) mention, for the unmanaged list, and details of the
 * `wanted` ones (in the spec or the state).
 */
export async function readLive(ctx: AwsContext, wanted: Wanted, also: Iterable<string> = []): Promise<LiveSnapshot> {
  const groups = new Set<string>();
  for (const address of [...wanted.keys(), ...also]) {
    const kind = RESOURCE_KINDS.find((k) => k.kind === address.split('.')[0]);
    if (kind) groups.add(kind.group);
  }
  const reads = await Promise.all(
    RESOURCE_KINDS.filter((k) => groups.has(k.group)).map(async (k) => {
      try {
        return await k.read(ctx, wanted);
      } catch (e) {
        // A kind the spec and the state do not mention only feeds the unmanaged list: a service that does not
        // answer for it (not implemented there, no permission) is no reason to fail the plan.
        if ([...wanted.keys()].some((a) => a.startsWith(`${k.kind}.`))) throw e;
        return { addresses: [], objects: new Map<string, LiveObject>() };
      }
    }),
  );
  const addresses = new Set<string>();
  const objects = new Map<string, LiveObject>();
  for (const r of reads) {
    for (const a of r.addresses) addresses.add(a);
    for (const [a, o] of r.objects) objects.set(a, o);
  }
  return { addresses, objects };
}
