import type { AttrChange, Attrs } from './model.js';
import { compact, sameValue } from './values.js';

/**
 * Which attributes the plan compares for one resource: what the spec declares, what the last apply declared
 * (so removing a key from the spec removes it live), and every live attribute under a prefix the spec owns
 * whole (its columns). Anything else live (parameters written by crawlers or Athena, columns of a table whose
 * spec leaves columns alone) is not compared and is kept by apply.
 */
export function comparedKeys(
  desired: Attrs,
  recorded: Attrs | undefined,
  live: Attrs,
  owned: readonly RegExp[],
): string[] {
  const keys = new Set([...Object.keys(desired), ...Object.keys(recorded ?? {})]);
  for (const k of Object.keys(live)) if (owned.some((re) => re.test(k))) keys.add(k);
  return [...keys].sort();
}

/** The attributes of `attrs` named by `keys`, unset ones dropped. */
export function pick(attrs: Attrs, keys: readonly string[]): Attrs {
  const out: Attrs = {};
  for (const k of keys) {
    const v = attrs[k];
    if (v !== undefined) out[k] = v;
  }
  return compact(out);
}

/** The attributes that differ, sorted by path; unset on a side means absent in the result. */
export function diffAttrs(before: Attrs, after: Attrs): AttrChange[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const out: AttrChange[] = [];
  for (const path of keys) {
    const b = before[path];
    const a = after[path];
    if (sameValue(b, a)) continue;
    out.push({ path, ...(b !== undefined ? { before: b } : {}), ...(a !== undefined ? { after: a } : {}) });
  }
  return out;
}
