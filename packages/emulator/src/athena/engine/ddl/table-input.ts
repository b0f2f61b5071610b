/**
 * The TableInput Athena builds for `CREATE EXTERNAL TABLE`, and `SHOW CREATE TABLE`'s text for a stored
 * table, so the two round-trip through the Glue API.
 */
import type { Column, Table, TableInput } from '@aws-sdk/client-glue';
import { parseS3Uri } from '../../../s3/object-store.js';
import { ddlFailed } from './catalog.js';
import { formatClauses, storageFormat } from './formats.js';
import type { ColumnDef, DdlStatement } from './parse.js';

type CreateTable = Extract<DdlStatement, { kind: 'createTable' }>;

/**
 * A LOCATION as Athena accepts it: an `s3://bucket/folder/` URI, no wildcards; empty folders (`//`) are
 * collapsed, as Athena does.
 */
export function checkLocation(location: string): string {
  const uri = parseS3Uri(location);
  if (!uri || !/^s3:\/\//i.test(location)) {
    throw ddlFailed(
      `IllegalArgumentException: Table location must be an Amazon S3 path (s3://bucket/folder/): ${location}`,
    );
  }
  if (/[*?[\]{}]/.test(uri.key)) {
    throw ddlFailed(`IllegalArgumentException: Table location cannot contain wildcards or glob patterns: ${location}`);
  }
  return `s3://${uri.bucket}/${uri.key.replace(/\/{2,}/g, '/')}`;
}

export function glueColumn(c: ColumnDef): Column {
  return c.comment !== undefined ? { Name: c.name, Type: c.type, Comment: c.comment } : { Name: c.name, Type: c.type };
}

export function createTableInput(s: CreateTable): TableInput {
  const format = storageFormat(s.rowFormat, s.storedAs);
  const parameters: Record<string, string> = { EXTERNAL: 'TRUE', ...s.tblProperties };
  if (s.comment !== undefined) parameters['comment'] = s.comment;
  return {
    Name: s.table.name,
    TableType: 'EXTERNAL_TABLE',
    Parameters: parameters,
    PartitionKeys: s.partitionKeys.map(glueColumn),
    Retention: 0,
    StorageDescriptor: {
      Columns: s.columns.map(glueColumn),
      ...(s.location !== undefined ? { Location: checkLocation(s.location) } : {}),
      ...format,
      Compressed: false,
      NumberOfBuckets: s.buckets ? s.buckets.count : -1,
      BucketColumns: s.buckets?.columns ?? [],
      SortColumns: [],
      Parameters: {},
      StoredAsSubDirectories: false,
    },
  };
}

const q = (s: string) => `'${s.replaceAll("'", "''")}'`;

function columnLines(columns: readonly Column[]): string {
  return columns
    .map((c) => `  \`${c.Name}\` ${c.Type}${c.Comment !== undefined ? ` COMMENT ${q(c.Comment)}` : ''}`)
    .join(', \n');
}

/** Hive's SHOW CREATE TABLE layout, as Athena prints it, one line per result row. */
export function showCreateTable(database: string, table: Table): string[] {
  const sd = table.StorageDescriptor;
  const lines = [`CREATE EXTERNAL TABLE \`${database}\`.\`${table.Name}\`(`, `${columnLines(sd?.Columns ?? [])})`];
  const params = { ...(table.Parameters ?? {}) };
  if (params['comment'] !== undefined) {
    lines.push(`COMMENT ${q(params['comment'])}`);
    delete params['comment'];
  }
  if ((table.PartitionKeys ?? []).length > 0) {
    lines.push('PARTITIONED BY ( ', `${columnLines(table.PartitionKeys ?? [])})`);
  }
  lines.push(...formatClauses(sd));
  if (sd?.Location) lines.push('LOCATION', `  ${q(sd.Location)}`);
  delete params['EXTERNAL'];
  delete params['transient_lastDdlTime'];
  const entries = Object.entries(params);
  if (entries.length > 0) {
    lines.push('TBLPROPERTIES (', `${entries.map(([k, v]) => `  ${q(k)}=${q(v)}`).join(', \n')})`);
  }
  return lines.flatMap((l) => l.split('\n'));
}
