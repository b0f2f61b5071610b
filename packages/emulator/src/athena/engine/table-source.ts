/**
 * A Glue table as a DuckDB SELECT over its files: the declared columns with the declared types, then the
 * partition columns. Partitioned tables read only the partitions given (registered, and surviving
 * pruning), each from its own location with its own format.
 */
import type { Column, Partition, StorageDescriptor, Table } from '@aws-sdk/client-glue';
import type { Lakebox } from '../../context.js';
import { userError } from './errors.js';
import { emptyHiddenColumns, FILE_COLUMN, withHiddenColumns } from './hidden-columns.js';
import { duckType, quoteIdent, quoteString } from './hive-types.js';
import { compatibleParquetType } from './parquet-types.js';
import { type DataFile, locationFiles, partitionFiles } from './table-files.js';
import { type TableFormat, tableFormat } from './table-format.js';

/**
 * Columns of a file set as DuckDB reads them: lower-case name → { name as in the files, DuckDB type }.
 * Parquet: from the footers. JSON: from DuckDB's sample of the records (keys as written).
 */
export type DescribeFiles = (reader: 'parquet' | 'json', files: readonly DataFile[]) => Promise<FileColumns>;

export interface FileColumns extends ReadonlyMap<string, { name: string; type: string }> {
  /**
   * Parquet: every file has exactly the same columns (names, order, types, nesting), so the files are read
   * without `union_by_name`, which costs DuckDB a few ms per query on hundreds of files. Not for JSON.
   */
  readonly uniform?: boolean;
}

export interface TableSource {
  /** A SELECT yielding the table's columns, then its partition columns. */
  sql: string;
  /** Bytes of the files the SELECT reads. */
  bytes: number;
}

interface DeclaredColumn {
  name: string;
  type: string;
}

/** What every reader needs: the table, its declared columns, and whether to add the file column. */
interface ReadContext {
  describe: DescribeFiles;
  qualifiedName: string;
  columns: readonly DeclaredColumn[];
  table: Table;
  /** Add `lb_file` (the local path of each row's file) as the last column. */
  hidden: boolean;
}

/**
 * A SELECT with the columns and types of `table`'s source and no rows (and no files): what a table without
 * files reads, and what the result types of a query are found from cheaply (`query-tables.ts`).
 */
export function emptyTableSource(table: Table, hidden = false): string {
  const all = [...declared(table.StorageDescriptor?.Columns), ...declared(table.PartitionKeys)];
  const nulls = all.map((c) => `CAST(NULL AS ${c.type}) AS ${quoteIdent(c.name)}`);
  return `SELECT ${[...nulls, ...(hidden ? emptyHiddenColumns() : [])].join(', ')} WHERE false`;
}

/**
 * The SELECT for `table`; `partitions` are the partitions to read when the table is partitioned. With
 * `hidden`, the SELECT ends with the hidden columns (`hidden-columns.ts`).
 */
export async function tableSource(
  lakebox: Lakebox,
  describe: DescribeFiles,
  qualifiedName: string,
  table: Table,
  partitions: readonly Partition[],
  hidden = false,
): Promise<TableSource> {
  const columns = declared(table.StorageDescriptor?.Columns);
  const keys = declared(table.PartitionKeys);
  const emptySelect = emptyTableSource(table, hidden);
  const read = { describe, qualifiedName, columns, table, hidden };
  const finish = (body: string, files: readonly DataFile[]) => (hidden ? withHiddenColumns(body, files) : body);
  if (keys.length === 0) {
    const files = locationFiles(lakebox, table.StorageDescriptor?.Location);
    const body = await readFiles(read, tableFormat(table.StorageDescriptor), files);
    return { sql: body ? finish(body, files) : emptySelect, bytes: sum(files) };
  }
  const descriptors = partitions.map((p) => p.StorageDescriptor ?? table.StorageDescriptor);
  const listed = partitionFiles(
    lakebox,
    table.StorageDescriptor?.Location,
    descriptors.map((sd) => sd?.Location),
  );
  const reads = partitions.map((p, i) => {
    const sd: StorageDescriptor | undefined = descriptors[i];
    const own = sd?.SerdeInfo?.SerializationLibrary || sd?.InputFormat ? sd : table.StorageDescriptor;
    return { partition: p, files: listed[i] ?? [], format: tableFormat(own) };
  });
  const bytes = reads.reduce((n, r) => n + sum(r.files), 0);
  const allFiles = reads.flatMap((r) => r.files);
  if (allFiles.length === 0) return { sql: emptySelect, bytes: 0 };
  // Fast path: Parquet partitions whose file paths spell their values (`.../dt=2024-01-01/...`) are read
  // as one file list, DuckDB taking each file's partition values from its path.
  if (reads.every((r) => r.format.kind === 'parquet' && hiveLayout(keys, r.partition, r.files))) {
    const body = await readParquet(read, allFiles, keys);
    return { sql: finish(body, allFiles), bytes };
  }
  // Otherwise one scan per format (SerDe settings): a partition's values come from the catalog, joined to each
  // row by its file. One UNION branch per partition made a query over thousands of partitions plan for minutes.
  const groups = new Map<string, { format: TableFormat; reads: typeof reads }>();
  for (const r of reads) {
    if (r.files.length === 0) continue;
    const key = JSON.stringify(r.format);
    const group = groups.get(key) ?? { format: r.format, reads: [] };
    group.reads.push(r);
    groups.set(key, group);
  }
  const branches: string[] = [];
  for (const { format, reads: members } of groups.values()) {
    branches.push(await readPartitions(read, format, keys, members));
  }
  return { sql: branches.length > 0 ? finish(branches.join(' UNION ALL '), allFiles) : emptySelect, bytes };
}

/**
 * The rows of partitions read with the same format: the data columns, the partition columns, then (with
 * hidden columns) the file column. One partition takes its values as constants; several are read as one
 * file list whose rows get their partition's values by a join on the file path (a file in two partitions'
 * locations is read once and yields its rows in both, as Athena reads it twice).
 */
async function readPartitions(
  read: ReadContext,
  format: TableFormat,
  keys: readonly DeclaredColumn[],
  members: ReadonlyArray<{ partition: Partition; files: readonly DataFile[] }>,
): Promise<string> {
  const file = read.hidden ? `, ${FILE_COLUMN}` : '';
  const data = read.hidden ? `* EXCLUDE (${FILE_COLUMN})` : '*';
  const only = members.length === 1 ? members[0] : undefined;
  if (only) {
    const body = (await readFiles(read, format, only.files)) ?? '';
    const values = keys.map((k, i) => `${partitionValue(only.partition.Values?.[i], k.type)} AS ${quoteIdent(k.name)}`);
    // With hidden columns the file column goes last, after the partition values, as in the fast path.
    return `SELECT ${data}, ${values.join(', ')}${file} FROM (${body})`;
  }
  const unique = new Map<string, DataFile>();
  for (const m of members) for (const f of m.files) unique.set(f.path, f);
  const body = (await readFiles({ ...read, hidden: true }, format, [...unique.values()])) ?? '';
  const names = keys.map((_, i) => `lb_p${i}`);
  const rows = members.flatMap((m) =>
    m.files.map((f) => {
      const values = keys.map((_, i) => {
        const v = m.partition.Values?.[i];
        return v === undefined || v === '__HIVE_DEFAULT_PARTITION__' ? 'NULL' : quoteString(v);
      });
      return `(${[quoteString(f.path), ...values].join(', ')})`;
    }),
  );
  const values = keys.map((k, i) => `CAST(lb_parts.lb_p${i} AS ${k.type}) AS ${quoteIdent(k.name)}`);
  return (
    `SELECT lb_data.* EXCLUDE (${FILE_COLUMN}), ${values.join(', ')}${read.hidden ? `, lb_data.${FILE_COLUMN}` : ''} ` +
    `FROM (${body}) AS lb_data JOIN (VALUES ${rows.join(', ')}) AS lb_parts(${[FILE_COLUMN, ...names].join(', ')}) ` +
    `ON lb_data.${FILE_COLUMN} = lb_parts.${FILE_COLUMN}`
  );
}

const HIVE_SAFE_VALUE = /^[A-Za-z0-9_.:+-]+$/;

/**
 * Whether every file path holds exactly the partition's `key=value` folders and no other `=` folder, with
 * values DuckDB reads back unchanged, so hive_partitioning yields the registered values.
 */
function hiveLayout(keys: readonly DeclaredColumn[], partition: Partition, files: readonly DataFile[]): boolean {
  const values = partition.Values ?? [];
  if (values.length !== keys.length) return false;
  if (values.some((v) => !HIVE_SAFE_VALUE.test(v) || v === '__HIVE_DEFAULT_PARTITION__')) return false;
  const expected = keys.map((k, i) => `${k.name}=${values[i]}`).sort();
  return files.every((f) => {
    const folders = f.path
      .split('/')
      .slice(0, -1)
      .filter((segment) => segment.includes('='));
    const found = folders.map((segment) => {
      const at = segment.indexOf('=');
      return `${segment.slice(0, at).toLowerCase()}=${segment.slice(at + 1)}`;
    });
    return found.length === expected.length && found.sort().every((x, i) => x === expected[i]);
  });
}

function declared(columns: readonly Column[] | undefined): DeclaredColumn[] {
  return (columns ?? []).map((c) => ({ name: (c.Name ?? '').toLowerCase(), type: duckType(c.Type ?? 'string') }));
}

function sum(files: readonly DataFile[]): number {
  return files.reduce((n, f) => n + f.size, 0);
}

/** Hive's default partition name stands for NULL. */
function partitionValue(value: string | undefined, type: string): string {
  if (value === undefined || value === '__HIVE_DEFAULT_PARTITION__') return `CAST(NULL AS ${type})`;
  return `CAST(${quoteString(value)} AS ${type})`;
}

export function fileList(files: readonly DataFile[]): string {
  return `[${files.map((f) => quoteString(f.path)).join(', ')}]`;
}

/**
 * Parquet columns by name, each checked against its declared type (HIVE_BAD_DATA when it cannot be read
 * as that type); with `keys`, the partition columns come from the `key=value` folders of the paths.
 */
async function readParquet(
  { describe, qualifiedName, columns, hidden }: ReadContext,
  files: readonly DataFile[],
  keys: readonly DeclaredColumn[],
): Promise<string> {
  const fileColumns = await describe('parquet', files);
  const select = columns.map((c) => {
    const fileType = fileColumns.get(c.name)?.type;
    if (fileType === undefined) return `CAST(NULL AS ${c.type}) AS ${quoteIdent(c.name)}`;
    if (!compatibleParquetType(fileType, c.type)) {
      throw userError(
        'HIVE_BAD_DATA',
        `Field ${c.name}'s type ${fileType} in parquet is incompatible with type ${c.type.toLowerCase()} defined in table schema of ${qualifiedName}`,
      );
    }
    return `CAST(${quoteIdent(c.name)} AS ${c.type}) AS ${quoteIdent(c.name)}`;
  });
  const hive =
    keys.length === 0
      ? 'hive_partitioning = false'
      : `hive_partitioning = true, hive_types_autocast = false, hive_types = {${keys.map((k) => `${quoteString(k.name)}: 'VARCHAR'`).join(', ')}}`;
  for (const k of keys) select.push(`CAST(${quoteIdent(k.name)} AS ${k.type}) AS ${quoteIdent(k.name)}`);
  if (hidden) select.push(FILE_COLUMN);
  const union = fileColumns.uniform === true ? '' : 'union_by_name = true, ';
  return `SELECT ${select.join(', ')} FROM read_parquet(${fileList(files)}, ${union}${hive}${fileOption(hidden)})`;
}

/** The SELECT over one file set, or undefined when there are no files (0 rows). */
async function readFiles(
  read: ReadContext,
  format: TableFormat,
  files: readonly DataFile[],
): Promise<string | undefined> {
  const { describe, columns, table, hidden } = read;
  if (files.length === 0) return undefined;
  if (format.kind === 'parquet') return readParquet(read, files, []);
  const file = hidden ? `, ${FILE_COLUMN}` : '';
  if (format.kind === 'json') {
    // The JSON SerDes match keys case-insensitively (`userId` fills column `userid`); DuckDB matches exactly,
    // so each column is read under the key spelling DuckDB's sample of the files found.
    const keys = await describe('json', files);
    const key = (c: DeclaredColumn) => keys.get(c.name)?.name ?? c.name;
    const spec = columns.map((c) => `${quoteString(key(c))}: ${quoteString(c.type)}`).join(', ');
    const select = columns.map((c) => `${quoteIdent(key(c))} AS ${quoteIdent(c.name)}`).join(', ');
    return `SELECT ${select}${file} FROM read_json(${fileList(files)}, format = 'newline_delimited', columns = {${spec}}, compression = 'auto_detect', hive_partitioning = false${fileOption(hidden)})`;
  }
  const skip = Number(table.Parameters?.['skip.header.line.count'] ?? '0');
  const raw = columns.map((_, i) => `${quoteString(`c${i}`)}: 'VARCHAR'`).join(', ');
  // NULL text: LazySimpleSerDe's `\N` (or its serialization.null.format); OpenCSVSerde has none, so a text no
  // field can hold (it contains the line separator) stands in for it.
  const nullText = format.nullText ?? '\n\u0001lakebox:no-null\u0001\n';
  const reader =
    `read_csv(${fileList(files)}, delim = ${quoteString(format.delim)}, quote = ${quoteString(format.quote)}, ` +
    `escape = ${quoteString(format.escape)}, header = false, skip = ${Number.isFinite(skip) ? skip : 0}, ` +
    `columns = {${raw}}, auto_detect = false, null_padding = true, strict_mode = false, ` +
    `nullstr = ${quoteString(nullText)}, compression = 'auto', hive_partitioning = false${fileOption(hidden)})`;
  const select = columns.map((c, i) => `${textValue(format, `c${i}`, c.type)} AS ${quoteIdent(c.name)}`);
  return `SELECT ${select.join(', ')}${file} FROM ${reader}`;
}

/**
 * A text field as a value of the column's type. Text SerDes read a value that does not parse as the column
 * type as NULL (Hive semantics); OpenCSVSerde reads DATE as days since the epoch and TIMESTAMP as epoch
 * milliseconds when the text is an integer.
 */
function textValue(format: TableFormat & { kind: 'csv' }, field: string, type: string): string {
  const { doubledQuote: q, epochNumbers } = format;
  const text = q === undefined ? field : `replace(${field}, ${quoteString(q + q)}, ${quoteString(q)})`;
  if (type === 'VARCHAR') return text;
  const integer = `regexp_full_match(${text}, '\\s*-?[0-9]+\\s*')`;
  if (epochNumbers && type === 'DATE') {
    return `CASE WHEN ${integer} THEN CAST(DATE '1970-01-01' + TRY_CAST(${text} AS INTEGER) AS DATE) ELSE TRY_CAST(${text} AS DATE) END`;
  }
  if (epochNumbers && type === 'TIMESTAMP') {
    return `CASE WHEN ${integer} THEN TRY_CAST(epoch_ms(TRY_CAST(${text} AS BIGINT)) AS TIMESTAMP) ELSE TRY_CAST(${text} AS TIMESTAMP) END`;
  }
  return `TRY_CAST(${text} AS ${type})`;
}

function fileOption(hidden: boolean): string {
  return hidden ? `, filename = ${quoteString(FILE_COLUMN)}` : '';
}
