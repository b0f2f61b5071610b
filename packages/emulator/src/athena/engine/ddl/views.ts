/**
 * Athena views, stored in Glue the way Athena stores them: a VIRTUAL_VIEW table whose ViewOriginalText is
 * `/* Presto View: <base64 JSON> *\/` (the JSON holds the SQL, the session catalog and schema, and the
 * columns with Trino types), ViewExpandedText `/* Presto View *\/`, Parameters `presto_view`/`comment`, and
 * the columns with Hive types in the StorageDescriptor. `query-tables.ts` expands them when queried.
 */
import type { Table, TableInput } from '@aws-sdk/client-glue';
import { DEFAULT_CATALOG } from '../catalog.js';
import { userError } from '../errors.js';
import { catalogWrites, type DdlScope, lookupTable, namedError, resolveName } from './catalog.js';
import { type DdlStatement, querySql } from './parse.js';
import { prepareQuery, type QueryPipeline } from './query.js';
import { hiveType, trinoType } from './types.js';

type CreateView = Extract<DdlStatement, { kind: 'createView' }>;

export async function createView(run: QueryPipeline & { scope: DdlScope }, st: CreateView): Promise<void> {
  const s = run.scope;
  const { database, name } = resolveName(s, st.view);
  const schema = (s.database ?? 'default').toLowerCase();
  const catalog = (s.catalog || DEFAULT_CATALOG).toLowerCase();
  // The query must be valid now (tables exist, types check), as Athena checks it.
  const prepared = await prepareQuery(run, querySql(s.sql, st.query), { catalog, database: schema });
  const seen = new Set<string>();
  for (const n of prepared.names) {
    if (seen.has(n.toLowerCase()))
      throw namedError('DUPLICATE_COLUMN_NAME', `Column name '${n}' specified more than once`);
    seen.add(n.toLowerCase());
  }
  const columns = prepared.names.map((n, i) => ({ name: n.toLowerCase(), type: prepared.types[i] }));
  const json = {
    originalSql: s.sql.slice(st.query.start, st.query.end).trim(),
    catalog,
    schema,
    columns: columns.map((c) => ({ name: c.name, type: c.type ? trinoType(c.type) : 'varchar' })),
    owner: s.account,
    runAsInvoker: false,
    properties: {},
  };
  const input: TableInput = {
    Name: name,
    TableType: 'VIRTUAL_VIEW',
    Parameters: { presto_view: 'true', comment: 'Presto View' },
    ViewOriginalText: `/* Presto View: ${Buffer.from(JSON.stringify(json), 'utf8').toString('base64')} */`,
    ViewExpandedText: '/* Presto View */',
    Owner: s.account,
    Retention: 0,
    PartitionKeys: [],
    StorageDescriptor: {
      Columns: columns.map((c) => ({ Name: c.name, Type: c.type ? safeHiveType(c.type) : 'string' })),
      Location: '',
      Compressed: false,
      NumberOfBuckets: 0,
      SerdeInfo: {},
      SortColumns: [],
      StoredAsSubDirectories: false,
    },
  };
  const existing = lookupTable(s, database, name);
  if (existing) {
    const qualified = `${DEFAULT_CATALOG}.${database}.${name}`;
    if (existing.TableType !== 'VIRTUAL_VIEW')
      throw namedError('TABLE_ALREADY_EXISTS', `Table '${qualified}' already exists`);
    if (!st.orReplace) throw namedError('ALREADY_EXISTS', `View '${qualified}' already exists`);
    await catalogWrites.updateTable(s, database, input);
    return;
  }
  await catalogWrites.createTable(s, database, input);
}

function safeHiveType(type: Parameters<typeof hiveType>[0]): string {
  try {
    return hiveType(type);
  } catch {
    return 'string';
  }
}

export async function dropView(s: DdlScope, database: string, name: string, table: Table): Promise<undefined> {
  if (table.TableType !== 'VIRTUAL_VIEW') {
    throw userError('TABLE_NOT_FOUND', `View '${DEFAULT_CATALOG}.${database}.${name}' does not exist`);
  }
  await catalogWrites.deleteTable(s, database, name);
  return undefined;
}
