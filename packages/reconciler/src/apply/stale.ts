import { diffAttrs, pick } from '../diff/compare.js';
import type { Plan } from '../diff/model.js';
import { readLive } from '../live/read.js';
import { type AwsContext, groupsOf } from '../resources/kind.js';

/**
 * The addresses whose live attributes moved since a saved plan was made (compared on every attribute the plan
 * looked at). Apply refuses a stale plan rather than act on what it no longer describes.
 */
export async function staleChanges(ctx: AwsContext, plan: Plan): Promise<string[]> {
  const acting = plan.changes.filter((c) => c.action !== 'noop');
  const live = await readLive(ctx, new Map(acting.map((c) => [c.address, groupsOf(c.before, c.after)])));
  const stale: string[] = [];
  for (const c of acting) {
    const exists = live.addresses.has(c.address);
    if (exists !== (c.before !== null)) {
      stale.push(c.address);
      continue;
    }
    if (!exists) continue;
    const keys = [
      ...new Set([...Object.keys(c.before ?? {}), ...Object.keys(c.after ?? {}), ...c.changed.map((a) => a.path)]),
    ];
    const now = pick(live.objects.get(c.address)?.attrs ?? {}, keys);
    if (diffAttrs(c.before ?? {}, now).length > 0) stale.push(c.address);
  }
  return stale;
}
