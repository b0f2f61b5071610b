/**
 * Result column names as Trino gives them: an alias as written (Athena results show quoted aliases such as
 * "US President 2020 - REP" verbatim), a column's own name (lower case, as the catalog keeps it); `_colN` for
 * any other expression and for VALUES. Undefined when the names depend on expansion (`*`), in which case
 * DuckDB's names (the table's column names) are used.
 */
import { isObject, type Json, type JsonObject, stringConstant } from './ast.js';

export function outputNames(tree: JsonObject): string[] | undefined {
  const statements = tree['statements'];
  const first = Array.isArray(statements) ? statements[0] : undefined;
  return isObject(first) ? nodeNames(first['node']) : undefined;
}

function nodeNames(node: Json | undefined): string[] | undefined {
  if (!isObject(node)) return undefined;
  if (node['type'] === 'SET_OPERATION_NODE') return nodeNames(node['left']);
  if (node['type'] !== 'SELECT_NODE') return undefined;
  const list = node['select_list'];
  if (!Array.isArray(list)) return undefined;
  const from = node['from_table'];
  if (isObject(from) && from['type'] === 'EXPRESSION_LIST' && list.length === 1 && isStar(list[0])) {
    const values = from['values'];
    const row = Array.isArray(values) ? values[0] : undefined;
    return Array.isArray(row) ? row.map((_, i) => `_col${i}`) : undefined;
  }
  if (list.some(isStar)) return undefined;
  return list.map((item, i) => {
    if (!isObject(item)) return `_col${i}`;
    if (typeof item['alias'] === 'string' && item['alias'] !== '') return item['alias'];
    if (item['class'] === 'COLUMN_REF' && Array.isArray(item['column_names'])) {
      const last = item['column_names'][item['column_names'].length - 1];
      if (typeof last === 'string') return last.toLowerCase();
    }
    return `_col${i}`;
  });
}

function isStar(item: Json | undefined): boolean {
  return isObject(item) && (item['class'] === 'STAR' || item['type'] === 'STAR' || item['type'] === 'COLUMNS');
}

/** Which result columns are a bare NULL literal (Trino types them `unknown`; DuckDB says INTEGER). */
export function nullColumns(tree: JsonObject): boolean[] {
  const statements = tree['statements'];
  const first = Array.isArray(statements) ? statements[0] : undefined;
  const node = isObject(first) ? first['node'] : undefined;
  if (!isObject(node) || node['type'] !== 'SELECT_NODE') return [];
  const list = node['select_list'];
  if (!Array.isArray(list) || list.some(isStar)) return [];
  return list.map((item) => {
    if (!isObject(item) || item['class'] !== 'CONSTANT') return false;
    const value = item['value'];
    return isObject(value) && value['is_null'] === true;
  });
}

/** The zone a result column of TIMESTAMP WITH TIME ZONE is shown in: DuckDB's zone name and Trino's label. */
export interface OutputZone {
  /** The zone DuckDB converts to (an IANA name, or `Etc/GMT∓H` for a whole-hour offset). */
  duck: string;
  /** As Trino prints it after the time: `UTC`, `America/New_York`, `+02:00`. */
  label: string;
}

/**
 * DuckDB keeps no zone in a TIMESTAMP WITH TIME ZONE value (an instant), Trino does. Where a result column's
 * zone is visible in the query, the column is shown in that zone; any other is shown in UTC, the session zone.
 * Visible means: `x AT TIME ZONE 'zone'`, `at_timezone(x, 'zone')`, `with_timezone(x, 'zone')`,
 * `from_iso8601_timestamp('...+02:00')`, `CAST('... zone' AS timestamp with time zone)`; through functions that
 * keep their argument's zone (date_add, `+`/`-` an interval, coalesce, greatest, least, min, max, arbitrary,
 * CASE, when every zoned argument has the same zone); and through names: a column of a CTE or
 * subquery whose every expression of that name (`AS name`) has the same zone. A UNION's column has a zone when
 * each side gives it the same one.
 *
 * Not followed: date_trunc (DuckDB truncates in UTC, Trino in the value's zone; lakebox shows its UTC truncation
 * in UTC), a zone that differs from row to row (`from_iso8601_timestamp(col)` over data with several offsets, a
 * CASE or UNION mixing zones: Trino keeps each value's own zone, lakebox shows them in UTC), zones through column
 * lists (`AS t(a, b)`), views, `SELECT *`, window functions, or names given different zones in different places.
 */
export function outputZones(tree: JsonObject): (OutputZone | undefined)[] {
  const statements = tree['statements'];
  const first = Array.isArray(statements) ? statements[0] : undefined;
  const named = new Map<string, JsonObject[]>();
  collectNamed(tree, named);
  const zones = new ZoneFinder(named);
  return nodeZones(isObject(first) ? first['node'] : undefined, zones);
}

function nodeZones(node: Json | undefined, zones: ZoneFinder): (OutputZone | undefined)[] {
  if (!isObject(node)) return [];
  if (node['type'] === 'SET_OPERATION_NODE') {
    const left = nodeZones(node['left'], zones);
    const right = nodeZones(node['right'], zones);
    return left.map((z, i) => (z && sameZone(z, right[i]) ? z : undefined));
  }
  if (node['type'] !== 'SELECT_NODE') return [];
  const list = node['select_list'];
  if (!Array.isArray(list) || list.some(isStar)) return [];
  return list.map((item) => zones.of(item));
}

function sameZone(a: OutputZone | undefined, b: OutputZone | undefined): boolean {
  return a !== undefined && b !== undefined && a.duck === b.duck && a.label === b.label;
}

/** Every expression given an output name (`AS name`) anywhere in the query, by lower-case name. */
function collectNamed(node: Json, into: Map<string, JsonObject[]>): void {
  if (Array.isArray(node)) {
    for (const n of node) collectNamed(n, into);
    return;
  }
  if (!isObject(node)) return;
  if (typeof node['alias'] === 'string' && node['alias'] !== '' && node['class'] !== undefined) {
    const name = node['alias'].toLowerCase();
    into.set(name, [...(into.get(name) ?? []), node]);
  }
  for (const value of Object.values(node)) collectNamed(value, into);
}

/** Functions whose result has the zone of their zoned arguments, when they agree. */
const KEEPS_ZONE = new Set([
  'date_add',
  'coalesce',
  'greatest',
  'least',
  'min',
  'max',
  'arbitrary',
  'any_value',
  'nullif',
  '+',
  '-',
]);

/** A marker: the expression's values have zones lakebox cannot show as one (different ones). */
const MIXED: OutputZone = { duck: '', label: '' };

class ZoneFinder {
  /** Names being resolved (a name defined through itself, `x AS x`, is not followed round). */
  private readonly resolving = new Set<string>();

  constructor(private readonly named: ReadonlyMap<string, readonly JsonObject[]>) {}

  /** The zone the expression's values are shown in, or undefined for UTC. */
  of(node: Json | undefined): OutputZone | undefined {
    const zone = this.find(node);
    return zone === MIXED ? undefined : zone;
  }

  /** The zone, undefined when none is visible, MIXED when several are. */
  private find(node: Json | undefined): OutputZone | undefined {
    if (!isObject(node)) return undefined;
    if (node['class'] === 'FUNCTION') {
      const own = expressionZone(node);
      if (own) return own;
      const name = String(node['function_name'] ?? '').toLowerCase();
      const args = Array.isArray(node['children']) ? node['children'] : [];
      if (name === 'date_add' && args.length === 3) return this.find(args[2]);
      return KEEPS_ZONE.has(name) ? this.common(args) : undefined;
    }
    if (node['class'] === 'OPERATOR' && node['type'] === 'OPERATOR_COALESCE') {
      return this.common(Array.isArray(node['children']) ? node['children'] : []);
    }
    if (node['class'] === 'CASE') {
      const checks = Array.isArray(node['case_checks']) ? node['case_checks'] : [];
      return this.common([
        ...checks.map((c) => (isObject(c) ? (c['then_expr'] ?? null) : null)),
        node['else_expr'] ?? null,
      ]);
    }
    if (node['class'] === 'CAST') {
      const type = isObject(node['cast_type']) ? node['cast_type']['id'] : undefined;
      if (type !== 'TIMESTAMP WITH TIME ZONE') return undefined;
      const text = stringConstant(node['child']);
      return text === undefined ? this.find(node['child']) : textZone(text);
    }
    if (node['class'] === 'COLUMN_REF') {
      const names = node['column_names'];
      const last = Array.isArray(names) ? names[names.length - 1] : undefined;
      if (typeof last !== 'string') return undefined;
      const name = last.toLowerCase();
      const expressions = this.named.get(name);
      if (!expressions || this.resolving.has(name)) return undefined;
      this.resolving.add(name);
      try {
        const zones = expressions.map((e) => this.find(e));
        return zones.every((z) => z !== undefined && z !== MIXED && sameZone(z, zones[0])) ? zones[0] : undefined;
      } finally {
        this.resolving.delete(name);
      }
    }
    return undefined;
  }

  /** The one zone of the arguments that have one; MIXED when they differ. */
  private common(args: readonly Json[]): OutputZone | undefined {
    let found: OutputZone | undefined;
    for (const a of args) {
      const zone = this.find(a);
      if (zone === undefined) continue;
      if (zone === MIXED || (found && !sameZone(found, zone))) return MIXED;
      found = zone;
    }
    return found;
  }
}

/** The zone of a function that names one: AT TIME ZONE, at_timezone, with_timezone, from_iso8601_timestamp. */
function expressionZone(item: JsonObject): OutputZone | undefined {
  const name = String(item['function_name'] ?? '').toLowerCase();
  const args = Array.isArray(item['children']) ? item['children'] : [];
  if (name === 'timezone' && args.length === 2) return zoneNamed(stringConstant(args[0]));
  if ((name === 'at_timezone' || name === 'with_timezone') && args.length === 2) {
    return zoneNamed(stringConstant(args[1]));
  }
  if (name === 'from_iso8601_timestamp' && args.length === 1) {
    const text = stringConstant(args[0]);
    if (text === undefined) return undefined;
    const offset = /([+-])(\d{2}):?(\d{2})$/.exec(text);
    if (offset && /T/i.test(text)) return zoneNamed(`${offset[1]}${offset[2]}:${offset[3]}`);
    return /Z$/i.test(text) ? zoneNamed('UTC') : undefined;
  }
  return undefined;
}

/** The zone written at the end of a timestamp text (`... +02:00`, `...Z`, `... Europe/Paris`). */
function textZone(text: string): OutputZone | undefined {
  const offset = /[\d\s]([+-])(\d{2}):?(\d{2})$/.exec(text.trim());
  if (offset) return zoneNamed(`${offset[1]}${offset[2]}:${offset[3]}`);
  if (/\dZ$/i.test(text.trim())) return zoneNamed('UTC');
  const named = /\d\s+([A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*)$/.exec(text.trim());
  return named ? zoneNamed(named[1]) : undefined;
}

/** A zone as written in the query, or undefined when lakebox cannot show values in it. */
export function zoneNamed(text: string | undefined): OutputZone | undefined {
  if (text === undefined) return undefined;
  const offset = /^([+-])(\d{2}):(\d{2})$/.exec(text.trim());
  if (offset) {
    const hours = Number(offset[2]);
    if (offset[3] !== '00') return undefined;
    if (hours === 0) return { duck: 'UTC', label: text.trim() };
    return { duck: `Etc/GMT${offset[1] === '+' ? '-' : '+'}${hours}`, label: text.trim() };
  }
  if (/^(utc|z)$/i.test(text)) return { duck: 'UTC', label: 'UTC' };
  let label = text;
  try {
    const canonical = new Intl.DateTimeFormat('en-US', { timeZone: text }).resolvedOptions().timeZone;
    if (canonical.toLowerCase() === text.toLowerCase()) label = canonical;
  } catch {
    // Not a zone Node knows: DuckDB names the problem when it converts.
  }
  return { duck: text, label };
}
