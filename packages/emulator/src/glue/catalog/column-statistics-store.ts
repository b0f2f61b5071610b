import type { ColumnStatistics } from '@aws-sdk/client-glue';
import type { Db } from '../../store/sqlite.js';
import { type CatalogScope, foldName } from './scope.js';

/**
 * Rows of `glue_column_statistics`. A row is keyed by its table and `partition_key`: `''` for the table's own
 * statistics, else the partition's `values_key` (`JSON.stringify(values)`, as `glue_partitions` keys it).
 * Column names fold to lower case in the key; the document keeps the name as it was given.
 */
export interface StatisticsOwner {
  scope: CatalogScope;
  /** Folded database name. */
  database: string;
  /** Folded table name. */
  table: string;
  /** `TABLE_STATISTICS`, or the partition's `partitionKey(values)` (partitions-store.ts). */
  partitionKey: string;
}

/** `partition_key` of a table's own statistics. */
export const TABLE_STATISTICS = '';

/**
 * Statistics documents hold timestamps (`AnalyzedTime`, the DATE minimum and maximum) and blobs (DECIMAL
 * `UnscaledValue`). Both are written tagged, `{"$date": iso}` and `{"$bytes": base64}`, so they come back as
 * `Date` and `Uint8Array` whatever member they sit in (`MaximumValue` is a number in LONG statistics and a
 * timestamp in DATE statistics, so reviving by member name cannot work here).
 */
export function encodeStatistics(stats: ColumnStatistics): string {
  return JSON.stringify(stats, function (this: Record<string, unknown>, key: string, value: unknown) {
    const raw = this[key];
    if (raw instanceof Date) return { $date: raw.toISOString() };
    if (raw instanceof Uint8Array) return { $bytes: Buffer.from(raw).toString('base64') };
    return value;
  });
}

export function decodeStatistics(doc: string): ColumnStatistics {
  return JSON.parse(doc, (_key, value: unknown) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    const tagged = value as Record<string, unknown>;
    const keys = Object.keys(tagged);
    if (keys.length !== 1) return value;
    if (typeof tagged['$date'] === 'string') return new Date(tagged['$date']);
    if (typeof tagged['$bytes'] === 'string') return new Uint8Array(Buffer.from(tagged['$bytes'], 'base64'));
    return value;
  }) as ColumnStatistics;
}

const ownerKey = (o: StatisticsOwner) =>
  [o.scope.account, o.scope.region, o.database, o.table, o.partitionKey] as const;

/** Every statistics row of one owner, by folded column name. */
export function readStatistics(db: Db, owner: StatisticsOwner): Map<string, ColumnStatistics> {
  const rows = db
    .prepare(
      'SELECT column_name, doc FROM glue_column_statistics WHERE account = ? AND region = ? AND database_name = ? AND table_name = ? AND partition_key = ?',
    )
    .all(...ownerKey(owner)) as { column_name: string; doc: string }[];
  return new Map(rows.map((r) => [r.column_name, decodeStatistics(r.doc)]));
}

/** Create or replace one column's statistics. */
export function writeStatistics(db: Db, owner: StatisticsOwner, stats: ColumnStatistics): void {
  db.prepare(
    'INSERT INTO glue_column_statistics (account, region, database_name, table_name, partition_key, column_name, doc) VALUES (?, ?, ?, ?, ?, ?, ?) ' +
      'ON CONFLICT (account, region, database_name, table_name, partition_key, column_name) DO UPDATE SET doc = excluded.doc',
  ).run(...ownerKey(owner), foldName(stats.ColumnName ?? ''), encodeStatistics(stats));
}

/** Delete one column's statistics; deleting what is not there is not an error. */
export function deleteStatistics(db: Db, owner: StatisticsOwner, column: string): void {
  db.prepare(
    'DELETE FROM glue_column_statistics WHERE account = ? AND region = ? AND database_name = ? AND table_name = ? AND partition_key = ? AND column_name = ?',
  ).run(...ownerKey(owner), foldName(column));
}
