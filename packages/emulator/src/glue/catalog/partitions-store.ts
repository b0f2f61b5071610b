import type { Partition, PartitionInput, Table } from '@aws-sdk/client-glue';
import type BetterSqlite3 from 'better-sqlite3';
import { errors } from '../../protocol/errors.js';
import { fromDoc, toDoc } from '../../store/documents.js';
import type { Db } from '../../store/sqlite.js';
import { requireDatabase } from './databases.js';
import { type CatalogScope, foldName } from './scope.js';
import { withStorageDefaults } from './storage-descriptor.js';
import { requireTable } from './tables-store.js';

/**
 * Row access for partitions; the operations in `partitions.ts`, `partitions-batch.ts` and
 * `partitions-list.ts` add the API rules. A partition is keyed by `values_key`, the JSON array of its
 * values (see `partitionKey`), which is also what column statistics of a partition are keyed by.
 */

/** The table a partition belongs to, with names already folded. */
export interface PartitionTable {
  scope: CatalogScope;
  database: string;
  name: string;
  table: Table;
}

/** The database and table a partition request names; EntityNotFoundException names whichever is missing. */
export function partitionTable(db: Db, scope: CatalogScope, database: string, name: string): PartitionTable {
  requireDatabase(db, scope, database);
  const { table } = requireTable(db, scope, database, name);
  return { scope, database: foldName(database), name: foldName(name), table };
}

/** `values_key` of a partition: the JSON array of its values. Column statistics use the same key. */
export function partitionKey(values: readonly string[]): string {
  return JSON.stringify(values);
}

export function partitionNotFound() {
  return errors.entityNotFound('Cannot find partition.');
}

export function partitionExists() {
  return errors.alreadyExists('Partition already exists.');
}

/** AWS's wording when a partition does not give exactly one value per partition key. */
export function checkValueCount(table: Table, values: readonly string[]): void {
  if (values.length !== (table.PartitionKeys ?? []).length) {
    throw errors.invalidInput('The number of partition keys do not match the number of partition values');
  }
}

/** The Partition that GetPartition returns for a PartitionInput, as Glue fills it in. */
export function toPartition(
  t: PartitionTable,
  input: PartitionInput,
  values: readonly string[],
  creationTime: Date,
): Partition {
  const sd = withStorageDefaults(input.StorageDescriptor);
  return {
    Values: [...values],
    DatabaseName: t.database,
    TableName: t.name,
    CreationTime: creationTime,
    ...(input.LastAccessTime ? { LastAccessTime: input.LastAccessTime } : {}),
    ...(sd ? { StorageDescriptor: sd } : {}),
    ...(input.Parameters ? { Parameters: input.Parameters } : {}),
    ...(input.LastAnalyzedTime ? { LastAnalyzedTime: input.LastAnalyzedTime } : {}),
    CatalogId: t.scope.account,
  };
}

/** Prepared statements, compiled once per database handle: the batch and list paths run them often. */
const SQL = {
  find: 'SELECT doc FROM glue_partitions WHERE account = ? AND region = ? AND database_name = ? AND table_name = ? AND values_key = ?',
  insert:
    'INSERT OR IGNORE INTO glue_partitions (account, region, database_name, table_name, values_key, doc) VALUES (?, ?, ?, ?, ?, ?)',
  replace:
    'UPDATE glue_partitions SET values_key = ?, doc = ? WHERE account = ? AND region = ? AND database_name = ? AND table_name = ? AND values_key = ?',
  delete:
    'DELETE FROM glue_partitions WHERE account = ? AND region = ? AND database_name = ? AND table_name = ? AND values_key = ?',
  deleteStatistics:
    'DELETE FROM glue_column_statistics WHERE account = ? AND region = ? AND database_name = ? AND table_name = ? AND partition_key = ?',
  moveStatistics:
    'UPDATE glue_column_statistics SET partition_key = ? WHERE account = ? AND region = ? AND database_name = ? AND table_name = ? AND partition_key = ?',
  docsAfter:
    'SELECT values_key, doc FROM glue_partitions WHERE account = ? AND region = ? AND database_name = ? AND table_name = ? AND values_key > ? ORDER BY values_key LIMIT ?',
} as const;

type StatementName = keyof typeof SQL;
const prepared = new WeakMap<Db, Map<StatementName, BetterSqlite3.Statement>>();

function statement(db: Db, name: StatementName): BetterSqlite3.Statement {
  let byName = prepared.get(db);
  if (!byName) {
    byName = new Map();
    prepared.set(db, byName);
  }
  let stmt = byName.get(name);
  if (!stmt) {
    stmt = db.prepare(SQL[name]);
    byName.set(name, stmt);
  }
  return stmt;
}

function tableKey(t: PartitionTable) {
  return [t.scope.account, t.scope.region, t.database, t.name] as const;
}

/** The stored document of one partition, unparsed (callers that only pass it on skip the parse). */
export function findPartitionDoc(db: Db, t: PartitionTable, key: string): string | undefined {
  const row = statement(db, 'find').get(...tableKey(t), key) as { doc: string } | undefined;
  return row?.doc;
}

export function findPartition(db: Db, t: PartitionTable, key: string): Partition | undefined {
  const doc = findPartitionDoc(db, t, key);
  return doc === undefined ? undefined : fromDoc<Partition>(doc);
}

export function requirePartition(db: Db, t: PartitionTable, key: string): Partition {
  const found = findPartition(db, t, key);
  if (!found) throw partitionNotFound();
  return found;
}

/** Insert a new partition; false when one with the same values exists already. */
export function insertPartition(db: Db, t: PartitionTable, partition: Partition): boolean {
  const key = partitionKey(partition.Values ?? []);
  return statement(db, 'insert').run(...tableKey(t), key, toDoc(partition)).changes > 0;
}

/**
 * Replace the partition stored under `oldKey`, which may move it to new values (its column statistics
 * move with it). The caller has checked that the new key is free.
 */
export function replacePartition(db: Db, t: PartitionTable, oldKey: string, partition: Partition): void {
  const newKey = partitionKey(partition.Values ?? []);
  statement(db, 'replace').run(newKey, toDoc(partition), ...tableKey(t), oldKey);
  if (newKey !== oldKey) statement(db, 'moveStatistics').run(newKey, ...tableKey(t), oldKey);
}

/** Delete one partition and its column statistics; false when there was none. */
export function deletePartitionRow(db: Db, t: PartitionTable, key: string): boolean {
  const deleted = statement(db, 'delete').run(...tableKey(t), key).changes > 0;
  if (deleted) statement(db, 'deleteStatistics').run(...tableKey(t), key);
  return deleted;
}

/** Up to `limit` stored partitions after `after`, in key order (the unfiltered listing). */
export function partitionDocsAfter(
  db: Db,
  t: PartitionTable,
  after: string,
  limit: number,
): { values_key: string; doc: string }[] {
  return statement(db, 'docsAfter').all(...tableKey(t), after, limit) as { values_key: string; doc: string }[];
}
