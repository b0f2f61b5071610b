import type { Attrs, AttrValue } from './model.js';

/** Whether a value counts as unset: undefined, null, `{}` and `[]` are all the same nothing. */
export function isUnset(value: AttrValue | undefined): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

/** Deep equality where every unset form is equal and object key order does not matter. */
export function sameValue(a: AttrValue | undefined, b: AttrValue | undefined): boolean {
  if (isUnset(a) || isUnset(b)) return isUnset(a) && isUnset(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => sameValue(x, b[i]));
  }
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!sameValue(a[k], b[k])) return false;
    return true;
  }
  return a === b;
}

/** Drop unset attributes so that absent and empty compare and print the same. */
export function compact(attrs: Attrs): Attrs {
  const out: Attrs = {};
  for (const k of Object.keys(attrs).sort()) {
    const v = attrs[k];
    if (v !== undefined && !isUnset(v)) out[k] = v;
  }
  return out;
}

/** Glue keeps catalog names in lower case. */
export const foldName = (name: string): string => name.toLowerCase();

/**
 * A Hive type as Glue compares it: lower case, no blanks (`STRUCT<a: INT>` is `struct<a:int>`).
 * Field names inside `struct<>` fold too, as Hive does.
 */
export const foldType = (type: string): string => type.toLowerCase().replace(/\s+/g, '');
