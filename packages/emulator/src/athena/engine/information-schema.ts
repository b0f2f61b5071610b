/**
 * `information_schema.schemata`, `.tables` and `.columns` of the AwsDataCatalog, built per query from the
 * Glue catalog (tools such as dbt-athena read them). Column types are given as Trino names
 * (`varchar`, `integer`, `array(varchar)`, `row(a integer)`), as Athena's information_schema gives them.
 */
import type { Table } from '@aws-sdk/client-glue';
import { fromDoc } from '../../store/documents.js';
import type { Db } from '../../store/sqlite.js';
import type { Scope } from './catalog.js';
import { quoteIdent, quoteString } from './hive-types.js';

const CATALOG = 'awsdatacatalog';

/** The SELECT for an information_schema table, or undefined when there is no such table. */
export function informationSchemaSql(db: Db, scope: Scope, table: string): string | undefined {
  if (table === 'schemata') {
    const names = db
      .prepare('SELECT name FROM glue_databases WHERE account = ? AND region = ? ORDER BY name')
      .pluck()
      .all(scope.account, scope.region) as string[];
    return values(
      ['catalog_name', 'schema_name'],
      [...names, 'information_schema'].map((n) => [CATALOG, n]),
    );
  }
  if (table !== 'tables' && table !== 'columns') return undefined;
  const tables = (
    db
      .prepare('SELECT doc FROM glue_tables WHERE account = ? AND region = ? ORDER BY database_name, name')
      .pluck()
      .all(scope.account, scope.region) as string[]
  ).map((doc) => fromDoc<Table>(doc));
  if (table === 'tables') {
    return values(
      ['table_catalog', 'table_schema', 'table_name', 'table_type'],
      tables.map((t) => [
        CATALOG,
        t.DatabaseName ?? '',
        t.Name ?? '',
        t.TableType === 'VIRTUAL_VIEW' ? 'VIEW' : 'BASE TABLE',
      ]),
    );
  }
  const rows: string[][] = [];
  for (const t of tables) {
    const columns = [...(t.StorageDescriptor?.Columns ?? []), ...(t.PartitionKeys ?? [])];
    const partitionKeys = new Set((t.PartitionKeys ?? []).map((k) => k.Name));
    columns.forEach((c, i) => {
      rows.push([
        CATALOG,
        t.DatabaseName ?? '',
        t.Name ?? '',
        (c.Name ?? '').toLowerCase(),
        String(i + 1),
        'YES',
        trinoType(c.Type ?? 'string'),
        c.Comment ?? '',
        partitionKeys.has(c.Name) ? 'partition key' : '',
      ]);
    });
  }
  return values(
    [
      'table_catalog',
      'table_schema',
      'table_name',
      'column_name',
      'ordinal_position',
      'is_nullable',
      'data_type',
      'comment',
      'extra_info',
    ],
    rows,
    { ordinal_position: 'BIGINT' },
  );
}

function values(columns: readonly string[], rows: readonly string[][], types: Record<string, string> = {}): string {
  const cast = (c: string, v: string | undefined) => {
    const type = types[c] ?? 'VARCHAR';
    return v === undefined || (v === '' && (c === 'comment' || c === 'extra_info'))
      ? `CAST(NULL AS ${type})`
      : `CAST(${quoteString(v)} AS ${type})`;
  };
  const select = (row: readonly (string | undefined)[]) =>
    `SELECT ${columns.map((c, i) => `${cast(c, row[i])} AS ${quoteIdent(c)}`).join(', ')}`;
  if (rows.length === 0) return `${select([])} WHERE false`;
  return rows.map(select).join(' UNION ALL ');
}

/** A Hive type string as Trino names it. */
export function trinoType(hive: string): string {
  return hive
    .toLowerCase()
    .replace(/\bstring\b/g, 'varchar')
    .replace(/\bint\b/g, 'integer')
    .replace(/\bfloat\b/g, 'real')
    .replace(/\bbinary\b/g, 'varbinary')
    .replace(/struct</g, 'row<')
    .replace(/(\w+):/g, '$1 ')
    .replace(/</g, '(')
    .replace(/>/g, ')')
    .replace(/,(?=[^\s\d])/g, ', ');
}
