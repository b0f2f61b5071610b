import type { Table } from '@aws-sdk/client-glue';
import { errors } from '../../protocol/errors.js';
import { fromDoc, toDoc } from '../../store/documents.js';
import type { Db } from '../../store/sqlite.js';
import type { CatalogScope } from './scope.js';
import { foldName } from './scope.js';

/** Row access for tables and their versions; the operations in `tables.ts` add the API rules. */
export function tableNotFound(name: string) {
  return errors.entityNotFound(`Table ${name} not found.`);
}

export interface StoredTable {
  table: Table;
  versionId: number;
}

export function findTable(db: Db, scope: CatalogScope, database: string, name: string): StoredTable | undefined {
  const row = db
    .prepare(
      'SELECT doc, version_id FROM glue_tables WHERE account = ? AND region = ? AND database_name = ? AND name = ?',
    )
    .get(scope.account, scope.region, foldName(database), foldName(name)) as
    | { doc: string; version_id: number }
    | undefined;
  return row ? { table: fromDoc<Table>(row.doc), versionId: row.version_id } : undefined;
}

export function requireTable(db: Db, scope: CatalogScope, database: string, name: string): StoredTable {
  const found = findTable(db, scope, database, name);
  if (!found) throw tableNotFound(foldName(name));
  return found;
}

/** Write the current table and record it as version `versionId`. */
export function writeTable(db: Db, scope: CatalogScope, table: Table, versionId: number): void {
  const key = [scope.account, scope.region, table.DatabaseName ?? '', table.Name ?? ''] as const;
  const doc = toDoc(table);
  db.prepare(
    'INSERT INTO glue_tables (account, region, database_name, name, version_id, doc) VALUES (?, ?, ?, ?, ?, ?) ' +
      'ON CONFLICT (account, region, database_name, name) DO UPDATE SET version_id = excluded.version_id, doc = excluded.doc',
  ).run(...key, versionId, doc);
  db.prepare(
    'INSERT OR REPLACE INTO glue_table_versions (account, region, database_name, table_name, version_id, doc) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(...key, versionId, doc);
}

/** Remove a table and everything that hangs off it. Tags are the caller's (they know the ARN). */
export function deleteTableRows(db: Db, scope: CatalogScope, database: string, name: string): void {
  const key = [scope.account, scope.region, database, name] as const;
  db.prepare('DELETE FROM glue_tables WHERE account = ? AND region = ? AND database_name = ? AND name = ?').run(...key);
  for (const t of ['glue_table_versions', 'glue_partitions', 'glue_partition_indexes', 'glue_column_statistics']) {
    db.prepare(`DELETE FROM ${t} WHERE account = ? AND region = ? AND database_name = ? AND table_name = ?`).run(
      ...key,
    );
  }
}
