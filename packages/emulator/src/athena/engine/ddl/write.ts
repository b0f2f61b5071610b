/**
 * CTAS and INSERT INTO: the query runs through the engine's pipeline, DuckDB `COPY`s its rows as real files
 * (Parquet by default; text and JSON too) into a scratch folder under rootDir, every file is moved in as an
 * S3 object (`adoptObjectFile`), then the table and its new partitions are registered through the Glue
 * model. Athena's rules: at most 100 partitions written per query (HIVE_TOO_MANY_OPEN_PARTITIONS), a CTAS
 * never writes into a location that holds data (HIVE_PATH_ALREADY_EXISTS), and without `external_location`
 * it writes under `<output location>tables/<query id>/`.
 *
 * A NULL partition value goes to Hive's `key=__HIVE_DEFAULT_PARTITION__/` folder.
 *
 * LIMITATIONS: `bucketed_by`/`bucket_count`, ORC and Avro are refused.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { PartitionInput, StorageDescriptor, Table, TableInput } from '@aws-sdk/client-glue';
import { adoptObjectFile, bucketExists, listObjects, parseS3Uri, scratchDir } from '../../../s3/object-store.js';
import { DEFAULT_CATALOG } from '../catalog.js';
import { lineColumn, userError } from '../errors.js';
import { duckType, quoteIdent, quoteString } from '../hive-types.js';
import { catalogWrites, lookupTable, namedError, partitionsOf, requireTable, resolveName } from './catalog.js';
import { unescapePathName } from './msck.js';
import { type DdlStatement, type PropertyValue, querySql } from './parse.js';
import { prepareQuery } from './query.js';
import type { DdlRun } from './run.js';
import { checkLocation } from './table-input.js';
import { hiveType } from './types.js';
import { ctasStorage, insertFormat, type WriteFormat } from './write-formats.js';

/** Athena's limit of partitions one CTAS or INSERT INTO writes. */
export const MAX_WRITTEN_PARTITIONS = 100;

type Ctas = Extract<DdlStatement, { kind: 'ctas' }>;
type Insert = Extract<DdlStatement, { kind: 'insert' }>;

export async function runWrite(run: DdlRun, st: Ctas | Insert): Promise<{ rows: number; scanned: number }> {
  return st.kind === 'ctas' ? ctas(run, st) : insert(run, st);
}

const KNOWN_PROPERTIES = new Set([
  'format',
  'external_location',
  'partitioned_by',
  'write_compression',
  'parquet_compression',
  'orc_compression',
  'field_delimiter',
  'bucketed_by',
  'bucket_count',
  'table_type',
  'is_external',
  'location',
  'compression_level',
]);

function text(value: PropertyValue | undefined): string | undefined {
  return value === undefined ? undefined : Array.isArray(value) ? value.join(',') : value;
}

async function ctas(run: DdlRun, st: Ctas): Promise<{ rows: number; scanned: number }> {
  const s = run.scope;
  const { database, name } = resolveName(s, st.table);
  const qualified = `${DEFAULT_CATALOG}.${database}.${name}`;
  if (lookupTable(s, database, name)) {
    if (st.ifNotExists) return { rows: 0, scanned: 0 };
    throw namedError('TABLE_ALREADY_EXISTS', `Table '${qualified}' already exists`, lineColumn(s.sql, st.table.at));
  }
  for (const key of Object.keys(st.properties)) {
    if (!KNOWN_PROPERTIES.has(key)) {
      throw namedError('INVALID_TABLE_PROPERTY', `Catalog '${DEFAULT_CATALOG}' table property '${key}' does not exist`);
    }
  }
  if (st.properties['bucketed_by'] !== undefined || st.properties['bucket_count'] !== undefined) {
    throw userError('NOT_SUPPORTED', 'bucketed_by / bucket_count are not supported by lakebox yet');
  }
  const tableType = text(st.properties['table_type'])?.toUpperCase();
  if (tableType !== undefined && tableType !== 'HIVE') {
    throw userError('NOT_SUPPORTED', `table_type '${tableType}' is not supported by lakebox yet`);
  }
  const format = (text(st.properties['format']) ?? 'PARQUET').toUpperCase();
  const compression = (
    text(st.properties['write_compression']) ??
    text(st.properties['parquet_compression']) ??
    (format === 'PARQUET' ? 'SNAPPY' : 'GZIP')
  ).toUpperCase();
  const delimiter = text(st.properties['field_delimiter']) ?? '\u0001';
  const partitionedBy = (
    Array.isArray(st.properties['partitioned_by'])
      ? st.properties['partitioned_by']
      : (text(st.properties['partitioned_by'])?.split(',') ?? [])
  ).map((k) => k.trim().toLowerCase());

  // Where the files go: external_location, or the output location's `tables/<query id>/`.
  const explicit = text(st.properties['external_location']);
  let location: string;
  if (explicit !== undefined) location = checkLocation(explicit);
  else if (run.output) location = `s3://${run.output.bucket}/${run.output.prefix}tables/${run.queryId}`;
  else throw userError('GENERIC_USER_ERROR', 'CTAS needs an output location or external_location');
  const target = folderOf(location);
  if (!bucketExists(s.lakebox, target.bucket)) {
    throw userError('GENERIC_USER_ERROR', `Unable to write to ${location}: the bucket ${target.bucket} does not exist`);
  }
  if (listObjects(s.lakebox, target.bucket, target.prefix).length > 0) {
    throw namedError(
      'HIVE_PATH_ALREADY_EXISTS',
      `Target directory for table '${database}.${name}' already exists: ${location}`,
    );
  }

  const prepared = await prepareQuery(run, querySql(s.sql, st.query), { catalog: s.catalog, database: s.database });
  const names = prepared.names.map((n) => n.toLowerCase());
  checkUnique(names);
  const columns = names.map((n, i) => {
    const type = prepared.types[i];
    if (!type) throw userError('GENERIC_USER_ERROR', `No type for column ${n}`);
    return { name: n, type: hiveType(type) };
  });
  const dataColumns = columns.slice(0, columns.length - partitionedBy.length);
  const keyColumns = columns.slice(columns.length - partitionedBy.length);
  if (
    partitionedBy.length > 0 &&
    (partitionedBy.length >= columns.length || keyColumns.some((c, i) => c.name !== partitionedBy[i]))
  ) {
    throw namedError(
      'HIVE_COLUMN_ORDER_MISMATCH',
      `Partition keys must be the last columns in the table and in the same order as the table properties: [${partitionedBy.join(', ')}]`,
    );
  }
  const storage = ctasStorage(format, compression, delimiter);
  const parameters: Record<string, string> = { EXTERNAL: 'TRUE', has_encrypted_data: 'false' };
  if (format === 'PARQUET') parameters['parquet.compression'] = compression;
  else if (compression !== 'NONE') parameters['write.compression'] = compression;
  const tableInput: TableInput = {
    Name: name,
    TableType: 'EXTERNAL_TABLE',
    Parameters: parameters,
    Retention: 0,
    PartitionKeys: keyColumns.map((c) => ({ Name: c.name, Type: c.type })),
    StorageDescriptor: {
      Columns: dataColumns.map((c) => ({ Name: c.name, Type: c.type })),
      Location: location,
      ...storage.sd,
      Compressed: false,
      NumberOfBuckets: -1,
      BucketColumns: [],
      SortColumns: [],
      Parameters: {},
      StoredAsSubDirectories: false,
    },
  };

  let rows = 0;
  const written: Written = { files: [], folders: [] };
  const dir = join(scratchDir(s.lakebox), `ctas-${run.queryId}`);
  try {
    if (st.withData) {
      const select = columns.map((c, i) =>
        writtenColumn(quoteIdent(`c${i}`), c.name, c.type, partitionedBy.includes(c.name)),
      );
      rows = await copyRows(run, {
        sql: `SELECT ${select.join(', ')} FROM (${prepared.sql}) AS lb_q(${columns.map((_, i) => quoteIdent(`c${i}`)).join(', ')})`,
        dir,
        keys: partitionedBy,
        format: storage.write,
        written,
      });
    }
    await catalogWrites.createTable(s, database, tableInput);
    for (const f of written.files) {
      adoptObjectFile(s.lakebox, {
        bucket: target.bucket,
        key: `${target.prefix}${f}`,
        file: join(dir, ...f.split('/')),
      });
    }
    if (partitionedBy.length > 0 && written.folders.length > 0) {
      const table = lookupTable(s, database, name) as Table;
      await catalogWrites.createPartitions(
        s,
        database,
        name,
        written.folders.map((folder) => partitionInput(table.StorageDescriptor, location, partitionedBy, folder)),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { rows, scanned: prepared.scanned };
}

async function insert(run: DdlRun, st: Insert): Promise<{ rows: number; scanned: number }> {
  const s = run.scope;
  const { database, name, table } = requireTable(s, st.table);
  if (table.TableType === 'VIRTUAL_VIEW') throw userError('NOT_SUPPORTED', 'Inserting into views is not supported');
  const keys = (table.PartitionKeys ?? []).map((k) => ({
    name: (k.Name ?? '').toLowerCase(),
    type: k.Type ?? 'string',
  }));
  const data = (table.StorageDescriptor?.Columns ?? []).map((c) => ({
    name: (c.Name ?? '').toLowerCase(),
    type: c.Type ?? 'string',
  }));
  const all = [...data, ...keys];
  const targets = st.columns ?? all.map((c) => c.name);
  for (const t of targets) {
    if (!all.some((c) => c.name === t)) {
      throw userError('COLUMN_NOT_FOUND', `Insert column name does not exist in target table: ${t}`);
    }
  }
  const prepared = await prepareQuery(run, querySql(s.sql, st.query), { catalog: s.catalog, database: s.database });
  if (prepared.types.length !== targets.length) {
    const tableTypes = targets.map((t) => all.find((c) => c.name === t)?.type ?? '');
    const queryTypes = prepared.types.map((t) => t.toString().toLowerCase());
    throw userError(
      'TYPE_MISMATCH',
      `Insert query has mismatched column types: Table: [${tableTypes.join(', ')}], Query: [${queryTypes.join(', ')}]`,
      lineColumn(s.sql, st.query.start),
    );
  }
  const location = table.StorageDescriptor?.Location;
  if (!location) throw userError('GENERIC_USER_ERROR', `Table ${database}.${name} has no location`);
  const target = folderOf(location);
  if (!bucketExists(s.lakebox, target.bucket)) {
    throw userError('GENERIC_USER_ERROR', `Unable to write to ${location}: the bucket ${target.bucket} does not exist`);
  }
  const format = insertFormat(table);
  const select = all.map((c) => {
    const at = targets.indexOf(c.name);
    const value = at < 0 ? 'NULL' : quoteIdent(`c${at}`);
    return writtenColumn(
      value,
      c.name,
      c.type,
      keys.some((k) => k.name === c.name),
    );
  });
  const inner = prepared.types.map((_, i) => quoteIdent(`c${i}`)).join(', ');
  const dir = join(scratchDir(s.lakebox), `insert-${run.queryId}`);
  const written: Written = { files: [], folders: [] };
  try {
    const rows = await copyRows(run, {
      sql: `SELECT ${select.join(', ')} FROM (${prepared.sql}) AS lb_q(${inner})`,
      dir,
      keys: keys.map((k) => k.name),
      format,
      written,
    });
    const registered = new Map(partitionsOf(s, database, name).map((p) => [JSON.stringify(p.Values ?? []), p]));
    const fresh: PartitionInput[] = [];
    for (const f of written.files) {
      const file = join(dir, ...f.split('/'));
      if (keys.length === 0) {
        adoptObjectFile(s.lakebox, { bucket: target.bucket, key: `${target.prefix}${f}`, file });
        continue;
      }
      // Into the partition's registered location when it has one, else the table's `key=value/` folder.
      const folder = f.split('/').slice(0, keys.length).join('/');
      const values = folderValues(
        keys.map((k) => k.name),
        folder,
      );
      const own = registered.get(JSON.stringify(values))?.StorageDescriptor?.Location;
      const base = own ? folderOf(own) : { bucket: target.bucket, prefix: `${target.prefix}${folder}/` };
      const fileName = f.split('/').slice(keys.length).join('/');
      adoptObjectFile(s.lakebox, { bucket: base.bucket, key: `${base.prefix}${fileName}`, file });
    }
    for (const folder of written.folders) {
      const values = folderValues(
        keys.map((k) => k.name),
        folder,
      );
      if (registered.has(JSON.stringify(values))) continue;
      fresh.push(
        partitionInput(
          table.StorageDescriptor,
          location,
          keys.map((k) => k.name),
          folder,
        ),
      );
    }
    if (fresh.length > 0) await catalogWrites.createPartitions(s, database, name, fresh);
    return { rows, scanned: prepared.scanned };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A column as written: cast to its Glue type; a partition column as the text of its folder name, NULL as
 * Hive's `__HIVE_DEFAULT_PARTITION__` (which reads back as NULL).
 */
function writtenColumn(value: string, name: string, type: string, partitionKey: boolean): string {
  const cast = `CAST(${value} AS ${duckType(type)})`;
  const written = partitionKey ? `COALESCE(CAST(${cast} AS VARCHAR), '${HIVE_DEFAULT_PARTITION}')` : cast;
  return `${written} AS ${quoteIdent(name)}`;
}

const HIVE_DEFAULT_PARTITION = '__HIVE_DEFAULT_PARTITION__';

interface Written {
  /** Paths relative to the scratch folder, `/`-separated. */
  files: string[];
  /** Partition folders (`k=v/k2=w`), each once. */
  folders: string[];
}

/** COPY the rows into `dir` (one folder per partition), list what was written, enforce the partition limit. */
async function copyRows(
  run: DdlRun,
  w: { sql: string; dir: string; keys: readonly string[]; format: WriteFormat; written: Written },
): Promise<number> {
  run.checkCanceled();
  const pattern = `${run.queryId}_{i}`;
  const options = [w.format.copyOptions];
  let to: string;
  if (w.keys.length > 0) {
    options.push(
      `PARTITION_BY (${w.keys.map(quoteIdent).join(', ')})`,
      `FILENAME_PATTERN ${quoteString(pattern)}`,
      `FILE_EXTENSION ${quoteString(w.format.extension)}`,
    );
    to = w.dir;
  } else {
    to = join(w.dir, `${run.queryId}_0.${w.format.extension}`);
  }
  mkdirSync(w.dir, { recursive: true });
  const result = await run.conn.run(`COPY (${w.sql}) TO ${quoteString(to)} (${options.join(', ')})`);
  run.checkCanceled();
  const rows = Number(result.rowsChanged);
  const files = listFiles(w.dir);
  const folders = new Set<string>();
  for (const f of files) if (w.keys.length > 0) folders.add(f.split('/').slice(0, w.keys.length).join('/'));
  if (folders.size > MAX_WRITTEN_PARTITIONS) {
    throw namedError(
      'HIVE_TOO_MANY_OPEN_PARTITIONS',
      `Exceeded limit of ${MAX_WRITTEN_PARTITIONS} open writers for partitions/buckets`,
    );
  }
  w.written.files.push(...files);
  w.written.folders.push(...[...folders].sort());
  return rows;
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

function folderValues(keys: readonly string[], folder: string): string[] {
  const parts = folder.split('/');
  return keys.map((_, i) => {
    const segment = parts[i] ?? '';
    return unescapePathName(segment.slice(segment.indexOf('=') + 1));
  });
}

function partitionInput(
  sd: StorageDescriptor | undefined,
  location: string,
  keys: readonly string[],
  folder: string,
): PartitionInput {
  return {
    Values: folderValues(keys, folder),
    StorageDescriptor: { ...sd, Location: `${location.replace(/\/+$/, '')}/${folder}` },
  };
}

function folderOf(location: string): { bucket: string; prefix: string } {
  const uri = parseS3Uri(location);
  if (!uri) throw userError('GENERIC_USER_ERROR', `Table location is not an S3 location: ${location}`);
  return { bucket: uri.bucket, prefix: uri.key === '' || uri.key.endsWith('/') ? uri.key : `${uri.key}/` };
}

function checkUnique(names: readonly string[]): void {
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw namedError('DUPLICATE_COLUMN_NAME', `Column name '${n}' specified more than once`);
    seen.add(n);
  }
}
