/**
 * Partition projection (Athena's `projection.*` table properties): when `projection.enabled` is true the
 * table's partitions are computed from its properties instead of read from the catalog (registered ones
 * are ignored, as in Athena). Per partition key `projection.<key>.type` is one of:
 * - `enum`: `projection.<key>.values` = `a,b,c`;
 * - `integer`: `range` = `min,max`, optional `interval` (default 1) and `digits` (zero padding);
 * - `date`: `range` = `start,end` written in `format` (a Java DateTimeFormatter pattern) or `NOW[+-N<UNIT>]`,
 *   optional `interval` (default 1) and `interval.unit` (default: the finest field of the format);
 * - `injected`: the values the query's WHERE clause gives with `=` / `IN` (required).
 * Locations come from `storage.location.template` (`${key}` placeholders) or `<location>/key=value/`.
 * Each key's values are pruned by the WHERE clause before they are combined, so 10 years of days with a
 * filter on one day yields one partition; `pruning.ts` then prunes the combinations exactly.
 * A misconfigured table fails the query with Athena's INVALID_TABLE_PROPERTY message.
 */
import type { Partition, Table } from '@aws-sdk/client-glue';
import { isObject, type Json } from './ast.js';
import { EngineError } from './errors.js';
import { duckType } from './hive-types.js';
import { type PartitionKey, prunePartitions } from './pruning.js';
import type { PruningClause } from './rewrite.js';

/** More combinations than this fail the query rather than exhaust memory. */
export const MAX_PROJECTED_PARTITIONS = 1_000_000;

export function isProjected(table: Table): boolean {
  return (table.Parameters?.['projection.enabled'] ?? '').trim().toLowerCase() === 'true';
}

function invalid(text: string): EngineError {
  return new EngineError(2, 1000, `INVALID_TABLE_PROPERTY: ${text}`);
}

/** The partitions a projected table has for this query (before the final exact pruning). */
export function projectedPartitions(
  table: Table,
  qualifiedName: string,
  where: PruningClause | undefined,
  names: ReadonlySet<string>,
  now: Date = new Date(),
): Partition[] {
  const params = table.Parameters ?? {};
  const keys = (table.PartitionKeys ?? []).map((k) => ({
    name: (k.Name ?? '').toLowerCase(),
    type: k.Type ?? 'string',
  }));
  const missing = keys.filter((k) => param(params, `projection.${k.name}.type`) === undefined).map((k) => k.name);
  if (missing.length > 0) {
    throw invalid(
      `Table ${qualifiedName} is configured for partition projection, but the following partition columns are missing projection configuration: [${missing.join(', ')}]`,
    );
  }
  const template = param(params, 'storage.location.template');
  if (template !== undefined) {
    const absent = keys.filter((k) => !new RegExp(`\\$\\{${escapeRegExp(k.name)}\\}`, 'i').test(template));
    if (absent.length > 0) {
      throw invalid("The 'storage.location.template' table property must contain templates for all partition columns!");
    }
  }
  const perKey = keys.map((k) => {
    const all = keyValues(params, k.name, where, names, now);
    const key: PartitionKey = { name: k.name, type: duckType(k.type) };
    return prunePartitions(
      where,
      [key],
      names,
      all.map((v) => ({ Values: [v] })),
    ).map((p) => p.Values?.[0] ?? '');
  });
  const total = perKey.reduce((n, v) => n * v.length, 1);
  if (total > MAX_PROJECTED_PARTITIONS) {
    throw invalid(
      `Table ${qualifiedName} projects ${total} partitions for this query, more than ${MAX_PROJECTED_PARTITIONS}; add a partition filter`,
    );
  }
  let combos: string[][] = [[]];
  for (const values of perKey) combos = combos.flatMap((c) => values.map((v) => [...c, v]));
  const base = (table.StorageDescriptor?.Location ?? '').replace(/\/+$/, '');
  return combos.map((values) => {
    const location =
      template !== undefined
        ? keys.reduce(
            (t, k, i) => t.replace(new RegExp(`\\$\\{${escapeRegExp(k.name)}\\}`, 'gi'), values[i] ?? ''),
            template,
          )
        : `${base}/${keys.map((k, i) => `${k.name}=${values[i]}`).join('/')}/`;
    return { Values: values, StorageDescriptor: { ...table.StorageDescriptor, Location: location } };
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A table property, looked up case-insensitively (Athena lower-cases the column part). */
function param(params: Record<string, string>, name: string): string | undefined {
  if (params[name] !== undefined) return params[name];
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(params)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

function required(params: Record<string, string>, key: string, property: string): string {
  const value = param(params, `projection.${key}.${property}`);
  if (value === undefined || value.trim() === '') {
    throw invalid(
      `Column projection for column '${key}' failed. Missing required property: 'projection.${key}.${property}'`,
    );
  }
  return value;
}

function keyValues(
  params: Record<string, string>,
  key: string,
  where: PruningClause | undefined,
  names: ReadonlySet<string>,
  now: Date,
): string[] {
  const type = (param(params, `projection.${key}.type`) ?? '').trim().toLowerCase();
  if (type === 'enum')
    return required(params, key, 'values')
      .split(',')
      .map((v) => v.trim());
  if (type === 'integer') return integerValues(params, key);
  if (type === 'date') return dateValues(params, key, now);
  if (type === 'injected') {
    const values = equalityValues(where?.clause, key, names, where?.qualifiedOnly ?? false);
    if (values === undefined || values.length === 0) {
      throw new EngineError(
        2,
        1000,
        `CONSTRAINT_VIOLATION: For the injected projected partition column ${key}, the WHERE clause must contain only static equality conditions, and at least one such condition must be present.`,
      );
    }
    return values;
  }
  throw invalid(`Column projection for column '${key}' failed. Unsupported projection type: '${type}'`);
}

function integerValues(params: Record<string, string>, key: string): string[] {
  const [lo, hi, ...extra] = required(params, key, 'range')
    .split(',')
    .map((v) => v.trim());
  const min = Number(lo);
  const max = Number(hi);
  if (extra.length > 0 || !Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min > max) {
    throw invalid(
      `Column projection for column '${key}' failed. Invalid integer range: '${param(params, `projection.${key}.range`)}'`,
    );
  }
  const interval = Number(param(params, `projection.${key}.interval`) ?? '1');
  const digits = Number(param(params, `projection.${key}.digits`) ?? '0');
  if (!Number.isSafeInteger(interval) || interval <= 0) {
    throw invalid(
      `Column projection for column '${key}' failed. Invalid interval: '${param(params, `projection.${key}.interval`)}'`,
    );
  }
  if ((max - min) / interval > MAX_PROJECTED_PARTITIONS) {
    throw invalid(`Column projection for column '${key}' failed. Range is too large`);
  }
  const out: string[] = [];
  for (let v = min; v <= max; v += interval) {
    const text = String(Math.abs(v)).padStart(digits, '0');
    out.push(v < 0 ? `-${text}` : text);
  }
  return out;
}

const UNITS: Record<string, number> = {
  MILLIS: 1,
  SECONDS: 1000,
  MINUTES: 60_000,
  HOURS: 3_600_000,
  DAYS: 86_400_000,
  WEEKS: 7 * 86_400_000,
};

function dateValues(params: Record<string, string>, key: string, now: Date): string[] {
  const format = required(params, key, 'format');
  const range = required(params, key, 'range');
  const parts = range.split(',').map((v) => v.trim());
  if (parts.length !== 2) {
    throw invalid(`Column projection for column '${key}' failed. Invalid date range: '${range}'`);
  }
  const [start, end] = parts.map((p) => parseDateBound(p, format, now, key, range)) as [number, number];
  const interval = Number(param(params, `projection.${key}.interval`) ?? '1');
  const unit = (param(params, `projection.${key}.interval.unit`) ?? defaultUnit(format)).trim().toUpperCase();
  if (!Number.isSafeInteger(interval) || interval <= 0) {
    throw invalid(`Column projection for column '${key}' failed. Invalid interval: '${interval}'`);
  }
  const out: string[] = [];
  const seen = new Set<string>();
  let t = start;
  for (let i = 0; t <= end; i++) {
    const text = formatDate(new Date(t), format);
    if (!seen.has(text)) {
      seen.add(text);
      out.push(text);
    }
    if (out.length > MAX_PROJECTED_PARTITIONS)
      throw invalid(`Column projection for column '${key}' failed. Range is too large`);
    t = step(start, (i + 1) * interval, unit, key);
  }
  return out;
}

function step(start: number, n: number, unit: string, key: string): number {
  const ms = UNITS[unit];
  if (ms !== undefined) return start + n * ms;
  const d = new Date(start);
  if (unit === 'MONTHS') d.setUTCMonth(d.getUTCMonth() + n);
  else if (unit === 'YEARS') d.setUTCFullYear(d.getUTCFullYear() + n);
  else throw invalid(`Column projection for column '${key}' failed. Unsupported interval unit: '${unit}'`);
  return d.getTime();
}

function defaultUnit(format: string): string {
  const letters = format.replace(/'[^']*'/g, '');
  if (letters.includes('S')) return 'MILLIS';
  if (letters.includes('s')) return 'SECONDS';
  if (letters.includes('m')) return 'MINUTES';
  if (/[Hh]/.test(letters)) return 'HOURS';
  if (letters.includes('d')) return 'DAYS';
  if (letters.includes('M')) return 'MONTHS';
  return 'YEARS';
}

/** `NOW`, `NOW-3YEARS`, `NOW+1DAY(S)`, or a date in the column's format. */
function parseDateBound(text: string, format: string, now: Date, key: string, range: string): number {
  const m = /^NOW\s*(?:([+-])\s*(\d+)\s*(YEAR|MONTH|WEEK|DAY|HOUR|MINUTE|SECOND)S?)?$/i.exec(text);
  if (m) {
    if (!m[1]) return now.getTime();
    const n = Number(m[2]) * (m[1] === '-' ? -1 : 1);
    return step(now.getTime(), n, `${(m[3] ?? '').toUpperCase()}S`, key);
  }
  const parsed = parseDate(text, format);
  if (parsed === undefined) {
    throw invalid(
      `Column projection for column '${key}' failed. Date range '${range}' does not match the format '${format}'`,
    );
  }
  return parsed;
}

/** A Java DateTimeFormatter pattern as tokens: letter runs (`yyyy`, `MM`) and literal text. */
function patternTokens(format: string): Array<{ field?: string; text: string }> {
  const out: Array<{ field?: string; text: string }> = [];
  for (let i = 0; i < format.length; ) {
    const c = format[i] ?? '';
    if (c === "'") {
      const end = format.indexOf("'", i + 1);
      const literal = end < 0 ? format.slice(i + 1) : format.slice(i + 1, end);
      out.push({ text: literal === '' ? "'" : literal });
      i = end < 0 ? format.length : end + 1;
    } else if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (format[j] === c) j++;
      out.push({ field: c, text: format.slice(i, j) });
      i = j;
    } else {
      out.push({ text: c });
      i++;
    }
  }
  return out;
}

export function formatDate(d: Date, format: string): string {
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  return patternTokens(format)
    .map((t) => {
      const w = t.text.length;
      switch (t.field) {
        case 'y':
        case 'u':
          return w === 2 ? pad(d.getUTCFullYear() % 100, 2) : pad(d.getUTCFullYear(), w);
        case 'M':
          return pad(d.getUTCMonth() + 1, w);
        case 'd':
          return pad(d.getUTCDate(), w);
        case 'H':
          return pad(d.getUTCHours(), w);
        case 'm':
          return pad(d.getUTCMinutes(), w);
        case 's':
          return pad(d.getUTCSeconds(), w);
        case 'S':
          return pad(d.getUTCMilliseconds(), 3).slice(0, w);
        case undefined:
          return t.text;
        default:
          throw invalid(`Unsupported date format pattern letter '${t.field}' in '${format}'`);
      }
    })
    .join('');
}

/** Parse text written in `format` (UTC); undefined when it does not match. */
export function parseDate(text: string, format: string): number | undefined {
  const fields: Record<string, number> = { y: 1970, M: 1, d: 1, H: 0, m: 0, s: 0, S: 0 };
  let at = 0;
  const tokens = patternTokens(format);
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k] as { field?: string; text: string };
    if (t.field === undefined) {
      if (!text.startsWith(t.text, at)) return undefined;
      at += t.text.length;
      continue;
    }
    // A field followed by another field takes exactly its width; otherwise as many digits as there are.
    const nextIsField = tokens[k + 1]?.field !== undefined;
    const m = (nextIsField ? new RegExp(`^\\d{${t.text.length}}`) : /^\d+/).exec(text.slice(at));
    if (!m) return undefined;
    at += m[0].length;
    const field = t.field === 'u' ? 'y' : t.field;
    fields[field] = Number(m[0]) + (field === 'y' && t.text.length === 2 ? 2000 : 0);
  }
  if (at !== text.length) return undefined;
  const ms = Date.UTC(
    fields['y'] ?? 1970,
    (fields['M'] ?? 1) - 1,
    fields['d'] ?? 1,
    fields['H'],
    fields['m'],
    fields['s'],
    fields['S'],
  );
  return Number.isNaN(ms) ? undefined : ms;
}

/** Literal values compared with `=` or `IN` to the key in the AND-ed conditions of the clause. */
function equalityValues(
  node: Json | undefined,
  key: string,
  names: ReadonlySet<string>,
  qualifiedOnly: boolean,
): string[] | undefined {
  if (!isObject(node)) return undefined;
  const type = node['type'];
  const children = Array.isArray(node['children']) ? node['children'] : [];
  const isKey = (n: Json | undefined) => {
    if (!isObject(n) || n['class'] !== 'COLUMN_REF') return false;
    const parts = n['column_names'];
    if (!Array.isArray(parts)) return false;
    if (parts.length === 1) return !qualifiedOnly && String(parts[0]).toLowerCase() === key;
    return parts.length === 2 && names.has(String(parts[0]).toLowerCase()) && String(parts[1]).toLowerCase() === key;
  };
  if (type === 'CONJUNCTION_AND') {
    for (const c of children) {
      const found = equalityValues(c, key, names, qualifiedOnly);
      if (found) return found;
    }
    return undefined;
  }
  if (type === 'COMPARE_EQUAL') {
    const [l, r] = [node['left'], node['right']];
    const value = isKey(l) ? constantText(r) : isKey(r) ? constantText(l) : undefined;
    return value === undefined ? undefined : [value];
  }
  if (type === 'COMPARE_IN') {
    const [first, ...rest] = children;
    if (!isKey(first)) return undefined;
    const values = rest.map(constantText);
    return values.every((v) => v !== undefined) ? (values as string[]) : undefined;
  }
  return undefined;
}

function constantText(node: Json | undefined): string | undefined {
  if (!isObject(node)) return undefined;
  if (node['class'] === 'CAST') return constantText(node['child']);
  if (node['class'] !== 'CONSTANT') return undefined;
  const value = node['value'];
  if (!isObject(value) || value['is_null'] === true) return undefined;
  const v = value['value'];
  return typeof v === 'string' && v.startsWith('\u0000bignum:') ? v.slice('\u0000bignum:'.length) : String(v);
}
