/**
 * Data sources of a job's DataFrames as DuckDB SELECTs: files under `s3://` paths (read in place, listed
 * through the object store, `_`/`.`-prefixed names skipped as Spark skips them) and Glue catalog tables
 * (through the Athena engine's `tableSource`, registered partitions only).
 *
 * Spark semantics kept: CSV reads strings unless `inferSchema`; headerless CSV columns are `_c0, _c1...`;
 * JSON columns come sorted by name (Spark's inferred schema); a folder with `key=value/` sub-folders adds
 * those as partition columns (last); a user schema casts each value and a bad value becomes NULL.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { DEFAULT_CATALOG, registeredPartitions, resolveTable } from '../athena/engine/catalog.js';
import { quoteIdent, quoteString } from '../athena/engine/hive-types.js';
import type { DataFile } from '../athena/engine/table-files.js';
import { tableFormat } from '../athena/engine/table-format.js';
import { fileList, tableSource } from '../athena/engine/table-source.js';
import type { Lakebox } from '../context.js';
import { findTable } from '../glue/catalog/tables-store.js';
import { getObjectRecord, listObjects, parseS3Uri, type StoredObject } from '../s3/object-store.js';
import { analysisError, notSupported } from './errors.js';

export interface FieldSpec {
  name: string;
  /** DuckDB type text of the Spark type (the Python layer converts). */
  duckType: string;
}

export interface FilesRelation {
  kind: 'files';
  format: 'csv' | 'json' | 'parquet';
  paths: string[];
  options?: {
    header?: boolean;
    inferSchema?: boolean;
    sep?: string;
    quote?: string;
    escape?: string;
    nullValue?: string;
    comment?: string;
    /** Glue's DynamicFrame CSV reader: infer numbers (long, double) only; everything else stays a string. */
    inferNumbersOnly?: boolean;
    /** Glue's names for headerless CSV columns (`col0`, `col1`...) instead of Spark's `_c0`. */
    glueNames?: boolean;
  };
  schema?: FieldSpec[];
  /** Read exactly these object URIs (a bookmark's new files) instead of listing `paths`. */
  files?: string[];
}

export interface TableRelation {
  kind: 'table';
  database: string;
  table: string;
}

export interface Scope {
  account: string;
  region: string;
}

/** The objects of `paths` as Spark would read them. Throws `Path does not exist` when a path has none. */
export function resolvePaths(lakebox: Lakebox, paths: readonly string[]): StoredObject[] {
  const out: StoredObject[] = [];
  for (const path of paths) {
    const uri = parseS3Uri(path);
    if (!uri) throw notSupported(`reading a non-S3 path (${path}); use s3://bucket/key`);
    const glob = uri.key.search(/[*?[{]/);
    if (glob >= 0) {
      const base = uri.key.slice(0, uri.key.lastIndexOf('/', glob) + 1);
      const pattern = new RegExp(`^${globToRegex(uri.key)}(/.*)?$`, 's');
      const found = listObjects(lakebox, uri.bucket, base).filter(
        (o) => pattern.test(o.key) && visible(o.key.slice(base.length)),
      );
      if (found.length === 0) throw analysisError(`Path does not exist: ${path}`);
      out.push(...found);
      continue;
    }
    const exact = uri.key !== '' && !uri.key.endsWith('/') ? getObjectRecord(lakebox, uri.bucket, uri.key) : undefined;
    if (exact) {
      out.push(exact);
      continue;
    }
    const prefix = uri.key === '' || uri.key.endsWith('/') ? uri.key : `${uri.key}/`;
    const listed = listObjects(lakebox, uri.bucket, prefix);
    if (listed.length === 0) throw analysisError(`Path does not exist: ${path}`);
    out.push(...listed.filter((o) => visible(o.key.slice(prefix.length))));
  }
  return out;
}

/** Spark skips files and folders whose name starts with `_` or `.` (`_SUCCESS`, `.crc`), and folder markers. */
function visible(rest: string): boolean {
  return rest !== '' && !rest.endsWith('/') && !rest.split('/').some((s) => s.startsWith('_') || s.startsWith('.'));
}

function globToRegex(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] as string;
    if (ch === '*') out += '[^/]*';
    else if (ch === '?') out += '[^/]';
    else if (ch === '{') {
      const end = glob.indexOf('}', i);
      if (end < 0) out += '\\{';
      else {
        out += `(?:${glob
          .slice(i + 1, end)
          .split(',')
          .map((a) => a.replace(/[.+^$()|\\[\]]/g, '\\$&'))
          .join('|')})`;
        i = end;
      }
    } else if (ch === '[') {
      const end = glob.indexOf(']', i);
      if (end < 0) out += '\\[';
      else {
        out += `[${glob.slice(i + 1, end).replace(/^!/, '^')}]`;
        i = end;
      }
    } else out += ch.replace(/[.+^$()|\\{}]/g, '\\$&');
  }
  return out;
}

/** Whether the files lie in Hive `key=value` folders (below the bucket), so Spark adds partition columns. */
function hivePartitioned(files: readonly StoredObject[]): boolean {
  return files.some((f) =>
    f.key
      .split('/')
      .slice(0, -1)
      .some((s) => /^[^=]+=/.test(s)),
  );
}

/** The Spark cast of a value to a DuckDB type: integral types truncate, booleans read Spark's words, else TRY_CAST. */
export function sparkCastSql(expr: string, duckType: string): string {
  const t = duckType.toUpperCase();
  if (t === 'BIGINT') return `TRY_CAST(lb_sp_trunc(${expr}) AS BIGINT)`;
  if (['TINYINT', 'SMALLINT', 'INTEGER'].includes(t)) return `TRY_CAST(lb_sp_trunc32(${expr}) AS ${t})`;
  if (t === 'BOOLEAN') return `lb_sp_bool(${expr})`;
  if (t === 'VARCHAR') return `CAST(${expr} AS VARCHAR)`;
  return `TRY_CAST(${expr} AS ${duckType})`;
}

/**
 * A CSV field as a user schema's type, as Spark's CSV parser reads it (not as `cast`): integral fields are
 * Java's parseInt/parseLong (sign and digits only: '1.5', ' 12' and '1e3' are NULL), booleans 'true'/'false'
 * in any case; other types as `sparkCastSql`.
 */
export function csvValueSql(expr: string, duckType: string): string {
  const t = duckType.toUpperCase();
  if (['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT'].includes(t)) {
    return `CASE WHEN regexp_full_match(${expr}, '[+-]?[0-9]+') THEN TRY_CAST(${expr} AS ${t}) END`;
  }
  if (t === 'BOOLEAN') return `CASE lower(${expr}) WHEN 'true' THEN true WHEN 'false' THEN false END`;
  return sparkCastSql(expr, duckType);
}

type Describe = (sql: string) => Promise<Array<{ name: string; type: string }>>;

/** DESCRIBE of a SELECT: column names and DuckDB types, in order. */
export function describer(conn: DuckDBConnection): Describe {
  return async (sql) => {
    const rows = (await conn.runAndReadAll(`DESCRIBE ${sql}`)).getRows();
    return rows.map((r) => ({ name: String(r[0]), type: String(r[1]) }));
  };
}

/** A SELECT over the files of a `files` relation. */
export async function filesSource(lakebox: Lakebox, conn: DuckDBConnection, rel: FilesRelation): Promise<string> {
  const objects = rel.files
    ? rel.files.map((u) => {
        const uri = parseS3Uri(u);
        const o = uri && getObjectRecord(lakebox, uri.bucket, uri.key);
        if (!o) throw analysisError(`Path does not exist: ${u}`);
        return o;
      })
    : resolvePaths(lakebox, rel.paths);
  const describe = describer(conn);
  const schema = rel.schema;
  if (objects.length === 0) {
    if (!schema)
      throw analysisError(`Unable to infer schema for ${rel.format.toUpperCase()}. It must be specified manually.`);
    return `SELECT ${schema.map((f) => `CAST(NULL AS ${f.duckType}) AS ${quoteIdent(f.name)}`).join(', ')} WHERE false`;
  }
  const files = fileList(objects.map((o) => ({ path: o.path }) as DataFile));
  const hive = hivePartitioned(objects) ? 'hive_partitioning = true' : 'hive_partitioning = false';
  if (rel.format === 'parquet') {
    const read = `read_parquet(${files}, union_by_name = true, ${hive})`;
    if (!schema) return `SELECT * FROM ${read}`;
    const have = new Set((await describe(`SELECT * FROM ${read}`)).map((c) => c.name.toLowerCase()));
    const select = schema.map((f) =>
      have.has(f.name.toLowerCase())
        ? `${sparkCastSql(quoteIdent(f.name), f.duckType)} AS ${quoteIdent(f.name)}`
        : `CAST(NULL AS ${f.duckType}) AS ${quoteIdent(f.name)}`,
    );
    return `SELECT ${select.join(', ')} FROM ${read}`;
  }
  if (rel.format === 'json') {
    const read = `read_json(${files}, format = 'auto', union_by_name = true, ${hive})`;
    const columns = await describe(`SELECT * FROM ${read}`);
    const partitions = hive === 'hive_partitioning = true' ? partitionNames(objects) : new Set<string>();
    if (schema) {
      const have = new Map(columns.map((c) => [c.name.toLowerCase(), c.name]));
      const select = schema.map((f) => {
        const name = have.get(f.name.toLowerCase());
        return name === undefined
          ? `CAST(NULL AS ${f.duckType}) AS ${quoteIdent(f.name)}`
          : `${sparkCastSql(quoteIdent(name), f.duckType)} AS ${quoteIdent(f.name)}`;
      });
      return `SELECT ${select.join(', ')} FROM ${read}`;
    }
    // Spark's inferred JSON schema: fields sorted by name, no date/timestamp inference (strings stay strings).
    const data = columns.filter((c) => !partitions.has(c.name)).sort((a, b) => (a.name < b.name ? -1 : 1));
    const select = [...data, ...columns.filter((c) => partitions.has(c.name))].map((c) =>
      /^(DATE|TIMESTAMP|TIME)/.test(c.type) && !partitions.has(c.name)
        ? `CAST(${quoteIdent(c.name)} AS VARCHAR) AS ${quoteIdent(c.name)}`
        : quoteIdent(c.name),
    );
    return `SELECT ${select.join(', ')} FROM ${read}`;
  }
  if (rel.options?.inferSchema !== true) return csvSource(conn, files, hive, objects, rel);
  // Spark's inferSchema reads all the data (for int vs long): done once per file set and options.
  const key = JSON.stringify([rel, objects.map((o) => [o.path, o.etag])]);
  let cache = inferred.get(lakebox);
  if (!cache) {
    cache = new Map();
    inferred.set(lakebox, cache);
    lakebox.onReset.push(() => cache?.clear());
  }
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const sql = await csvSource(conn, files, hive, objects, rel);
  if (cache.size >= 256) cache.clear();
  cache.set(key, sql);
  return sql;
}

const inferred = new WeakMap<Lakebox, Map<string, string>>();

function partitionNames(objects: readonly StoredObject[]): Set<string> {
  const names = new Set<string>();
  for (const o of objects) {
    for (const s of o.key.split('/').slice(0, -1)) {
      const at = s.indexOf('=');
      if (at > 0) names.add(s.slice(0, at));
    }
  }
  return names;
}

async function csvSource(
  conn: DuckDBConnection,
  files: string,
  hive: string,
  objects: readonly StoredObject[],
  rel: FilesRelation,
): Promise<string> {
  const describe = describer(conn);
  const o = rel.options ?? {};
  const header = o.header === true;
  const common = [
    `header = ${header}`,
    `delim = ${quoteString(o.sep ?? ',')}`,
    `quote = ${quoteString(o.quote ?? '"')}`,
    `escape = ${quoteString(o.escape ?? o.quote ?? '"')}`,
    `nullstr = ${quoteString(o.nullValue ?? '')}`,
    'allow_quoted_nulls = false',
    'null_padding = true',
    'strict_mode = false',
    hive,
    ...(o.comment ? [`comment = ${quoteString(o.comment)}`] : []),
  ].join(', ');
  const partitions = hive === 'hive_partitioning = true' ? partitionNames(objects) : new Set<string>();
  if (rel.schema) {
    const probe = await describe(`SELECT * FROM read_csv(${files}, all_varchar = true, ${common})`);
    const width = probe.filter((c) => !partitions.has(c.name)).length;
    const raw = Array.from({ length: Math.max(width, rel.schema.length) }, (_, i) => `'c${i}': 'VARCHAR'`);
    const read = `read_csv(${files}, columns = {${raw.join(', ')}}, auto_detect = false, ${common})`;
    const select = rel.schema.map((f, i) => `${csvValueSql(`c${i}`, f.duckType)} AS ${quoteIdent(f.name)}`);
    const keys = [...partitions].map(quoteIdent);
    return `SELECT ${[...select, ...keys].join(', ')} FROM ${read}`;
  }
  const read = `read_csv(${files}, all_varchar = ${o.inferSchema !== true}, ${common})`;
  const columns = await describe(`SELECT * FROM ${read}`);
  const data = columns
    .filter((c) => !partitions.has(c.name))
    .map((c) => (o.inferNumbersOnly ? { name: c.name, type: glueType(c.type) } : c));
  // With the columns known, the file list is read without sniffing again (each action binds the source anew).
  const spec = data.map((c) => `${quoteString(c.name)}: ${quoteString(c.type)}`);
  const fixed = `read_csv(${files}, columns = {${spec.join(', ')}}, auto_detect = false, ${common})`;
  const ints = o.inferSchema === true && !o.inferNumbersOnly ? await int32Columns(conn, fixed, data) : new Set();
  const select = data.map((c, i) => {
    const name = header ? c.name : o.glueNames ? `col${i}` : `_c${i}`;
    // DuckDB infers TIME; Spark has no time type (it stays a string). Spark infers int when every value fits.
    const value =
      c.type.startsWith('TIME') && !c.type.startsWith('TIMESTAMP')
        ? `CAST(${quoteIdent(c.name)} AS VARCHAR)`
        : ints.has(c.name)
          ? `CAST(${quoteIdent(c.name)} AS INTEGER)`
          : quoteIdent(c.name);
    return `${value} AS ${quoteIdent(name)}`;
  });
  const keys = [...partitions].map(quoteIdent);
  return `SELECT ${[...select, ...keys].join(', ')} FROM ${partitions.size > 0 ? read : fixed}`;
}

/** The BIGINT columns whose every value fits a 32-bit integer (Spark's inferSchema makes those `int`). */
async function int32Columns(
  conn: DuckDBConnection,
  read: string,
  columns: ReadonlyArray<{ name: string; type: string }>,
): Promise<Set<string>> {
  const longs = columns.filter((c) => c.type === 'BIGINT').map((c) => c.name);
  if (longs.length === 0) return new Set();
  const bounds = longs.map((n) => `min(${quoteIdent(n)}), max(${quoteIdent(n)})`).join(', ');
  const row = (await conn.runAndReadAll(`SELECT ${bounds} FROM ${read}`)).getRows()[0] ?? [];
  const fits = (v: unknown) => v === null || (Number(v) >= -(2 ** 31) && Number(v) < 2 ** 31);
  return new Set(longs.filter((_, i) => fits(row[2 * i]) && fits(row[2 * i + 1])));
}

function glueType(duckType: string): string {
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)$/.test(duckType)) return 'BIGINT';
  if (/^(FLOAT|DOUBLE|DECIMAL)/.test(duckType)) return 'DOUBLE';
  return 'VARCHAR';
}

/** A SELECT over a Glue catalog table (registered partitions only, as Athena and Spark-on-Glue read it). */
export async function tableRelationSource(
  lakebox: Lakebox,
  conn: DuckDBConnection,
  scope: Scope,
  database: string,
  table: string,
): Promise<string> {
  let resolved: ReturnType<typeof resolveTable>;
  try {
    resolved = resolveTable(
      lakebox.db,
      scope,
      { catalog: '', schema: database, table, at: undefined },
      { catalog: DEFAULT_CATALOG, database },
      '',
    );
  } catch {
    throw analysisError(`Table or view not found: ${database}.${table}`);
  }
  if (resolved.table.TableType === 'VIRTUAL_VIEW') throw notSupported(`reading the Athena view ${database}.${table}`);
  const partitions =
    (resolved.table.PartitionKeys ?? []).length > 0
      ? registeredPartitions(lakebox.db, scope, resolved.database, resolved.name)
      : [];
  const describeFiles = async (reader: 'parquet' | 'json', list: readonly DataFile[]) => {
    const read =
      reader === 'parquet'
        ? `read_parquet(${fileList(list)}, union_by_name = true, hive_partitioning = false)`
        : `read_json(${fileList(list)}, format = 'newline_delimited', compression = 'auto_detect', union_by_name = true, hive_partitioning = false)`;
    const columns = new Map<string, { name: string; type: string }>();
    for (const c of await describer(conn)(`SELECT * FROM ${read}`)) {
      if (!columns.has(c.name.toLowerCase())) columns.set(c.name.toLowerCase(), c);
    }
    return columns;
  };
  const qualified = `${DEFAULT_CATALOG}.${resolved.database}.${resolved.name}`;
  return (await tableSource(lakebox, describeFiles, qualified, resolved.table, partitions)).sql;
}

/** Where and how `write_dynamic_frame.from_catalog` writes a table: its location, format and partition keys. */
export function tableWriteTarget(
  lakebox: Lakebox,
  scope: Scope,
  database: string,
  table: string,
): { location: string; format: 'parquet' | 'json' | 'csv'; sep?: string; partitionKeys: string[] } {
  const found = findTable(lakebox.db, scope, (database ?? '').toLowerCase(), (table ?? '').toLowerCase());
  if (!found) throw analysisError(`Table or view not found: ${database}.${table}`);
  const sd = found.table.StorageDescriptor;
  if (!sd?.Location) throw analysisError(`Table ${database}.${table} has no location`);
  const format = tableFormat(sd);
  const keys = (found.table.PartitionKeys ?? []).map((k) => k.Name ?? '');
  if (format.kind === 'csv') return { location: sd.Location, format: 'csv', sep: format.delim, partitionKeys: keys };
  return { location: sd.Location, format: format.kind, partitionKeys: keys };
}
