/**
 * Migration 007: change counters that the SQL engine's caches key on (`athena/engine/prepared-queries.ts`).
 *
 * One row per scope, bumped by triggers on every insert, update or delete of what a query's table sources are
 * built from, so a cached source is reused only while nothing it was built from has changed:
 * - `glue:<account>:<region>`: that account and region's databases, tables (views included) and partitions;
 * - `s3:<bucket>`: the bucket and its objects (a table's files are listed from them).
 * A scope with no row has never changed (version 0). Counters only grow while the process runs; `resetDb`
 * empties the table, and the engine drops its caches on reset too.
 */
const bump = (scope: string) =>
  `INSERT INTO catalog_versions (scope, version) VALUES (${scope}, 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1;`;

const glue = (row: 'NEW' | 'OLD') => `'glue:' || ${row}.account || ':' || ${row}.region`;

function triggers(table: string, scope: (row: 'NEW' | 'OLD') => string): string {
  return `
  CREATE TRIGGER ${table}_version_insert AFTER INSERT ON ${table} BEGIN ${bump(scope('NEW'))} END;
  CREATE TRIGGER ${table}_version_update AFTER UPDATE ON ${table} BEGIN ${bump(scope('OLD'))} ${bump(scope('NEW'))} END;
  CREATE TRIGGER ${table}_version_delete AFTER DELETE ON ${table} BEGIN ${bump(scope('OLD'))} END;`;
}

export const catalogVersionsSchema = `
  CREATE TABLE catalog_versions (
    scope TEXT NOT NULL PRIMARY KEY,
    version INTEGER NOT NULL
  ) WITHOUT ROWID;
  ${triggers('glue_databases', glue)}
  ${triggers('glue_tables', glue)}
  ${triggers('glue_partitions', glue)}
  ${triggers('s3_buckets', (row) => `'s3:' || ${row}.name`)}
  ${triggers('s3_objects', (row) => `'s3:' || ${row}.bucket`)}
`;
