/**
 * Glue catalog lookups for the engine: a query's table reference resolved to its table and registered
 * partitions, with Athena's errors for what does not exist.
 */
import type { Partition, Table } from '@aws-sdk/client-glue';
import { findTable } from '../../glue/catalog/tables-store.js';
import { fromDoc } from '../../store/documents.js';
import type { Db } from '../../store/sqlite.js';
import { lineColumn, userError } from './errors.js';

export const DEFAULT_CATALOG = 'awsdatacatalog';

export interface Scope {
  account: string;
  region: string;
}

export interface ResolvedTable {
  database: string;
  name: string;
  table: Table;
}

export function databaseExists(db: Db, scope: Scope, database: string): boolean {
  return (
    db
      .prepare('SELECT 1 FROM glue_databases WHERE account = ? AND region = ? AND name = ?')
      .get(scope.account, scope.region, database.toLowerCase()) !== undefined
  );
}

/** Resolve `[catalog.][database.]table` as Athena does; `at` locates errors in `sql`. */
export function resolveTable(
  db: Db,
  scope: Scope,
  ref: { catalog: string; schema: string; table: string; at: number | undefined },
  defaults: { catalog: string; database: string | undefined },
  sql: string,
): ResolvedTable {
  const where = ref.at === undefined ? undefined : lineColumn(sql, ref.at);
  const catalog = (ref.catalog || defaults.catalog).toLowerCase();
  if (catalog !== DEFAULT_CATALOG) {
    throw userError('CATALOG_NOT_FOUND', `Catalog '${catalog}' does not exist`, where);
  }
  const database = (ref.schema || defaults.database || 'default').toLowerCase();
  if (!databaseExists(db, scope, database)) {
    throw userError('SCHEMA_NOT_FOUND', `Schema '${database}' does not exist`, where);
  }
  const found = findTable(db, scope, database, ref.table);
  if (!found) {
    throw userError('TABLE_NOT_FOUND', `Table '${catalog}.${database}.${ref.table}' does not exist`, where);
  }
  return { database, name: ref.table.toLowerCase(), table: found.table };
}

/** The partitions registered for a table, in key order. */
export function registeredPartitions(db: Db, scope: Scope, database: string, table: string): Partition[] {
  const rows = db
    .prepare(
      'SELECT doc FROM glue_partitions WHERE account = ? AND region = ? AND database_name = ? AND table_name = ? ORDER BY values_key',
    )
    .pluck()
    .all(scope.account, scope.region, database, table) as string[];
  return rows.map((doc) => fromDoc<Partition>(doc));
}
