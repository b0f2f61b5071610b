import type { Database, DatabaseInput } from '@aws-sdk/client-glue';
import { errors } from '../../protocol/errors.js';
import { fromDoc, toDoc } from '../../store/documents.js';
import type { Db } from '../../store/sqlite.js';
import type { GlueOperations } from '../operations.js';
import { decodeToken, pageSize, paginate } from '../pagination.js';
import { arns, type CatalogScope, catalogScope, foldName } from './scope.js';
import { deleteTags, putTags } from './tags-store.js';

/** What Lake Formation's default settings give every new database, as GetDatabase shows it. */
const DEFAULT_TABLE_PERMISSIONS: Database['CreateTableDefaultPermissions'] = [
  { Principal: { DataLakePrincipalIdentifier: 'IAM_ALLOWED_PRINCIPALS' }, Permissions: ['ALL'] },
];

export function databaseNotFound(name: string) {
  return errors.entityNotFound(`Database ${name} not found.`);
}

/** Read one database, or throw EntityNotFoundException. Other catalog modules use this to check parents. */
export function requireDatabase(db: Db, scope: CatalogScope, name: string): Database {
  const row = db
    .prepare('SELECT doc FROM glue_databases WHERE account = ? AND region = ? AND name = ?')
    .get(scope.account, scope.region, foldName(name)) as { doc: string } | undefined;
  if (!row) throw databaseNotFound(foldName(name));
  return fromDoc<Database>(row.doc);
}

function toDatabase(scope: CatalogScope, input: DatabaseInput, createTime: Date): Database {
  const { Name, CreateTableDefaultPermissions, ...rest } = input;
  return {
    ...rest,
    Name: foldName(Name ?? ''),
    CreateTime: createTime,
    CreateTableDefaultPermissions: CreateTableDefaultPermissions ?? DEFAULT_TABLE_PERMISSIONS,
    CatalogId: scope.account,
  };
}

export const createDatabase: GlueOperations['CreateDatabase'] = (ctx, input) => {
  const scope = catalogScope(ctx, input.CatalogId);
  const database = toDatabase(scope, input.DatabaseInput ?? { Name: '' }, ctx.now);
  const name = database.Name ?? '';
  ctx.db.transaction(() => {
    const inserted = ctx.db
      .prepare('INSERT OR IGNORE INTO glue_databases (account, region, name, doc) VALUES (?, ?, ?, ?)')
      .run(scope.account, scope.region, name, toDoc(database));
    if (inserted.changes === 0) throw errors.alreadyExists('Database already exists.');
    if (input.Tags) putTags(ctx.db, scope, arns.database(scope, name), input.Tags);
  })();
  return {};
};

export const getDatabase: GlueOperations['GetDatabase'] = (ctx, input) => {
  const scope = catalogScope(ctx, input.CatalogId);
  return { Database: requireDatabase(ctx.db, scope, input.Name ?? '') };
};

export const getDatabases: GlueOperations['GetDatabases'] = (ctx, input) => {
  const scope = catalogScope(ctx, input.CatalogId);
  const size = pageSize('GetDatabases', input.MaxResults);
  const after = decodeToken('GetDatabases', input.NextToken) ?? '';
  const rows = ctx.db
    .prepare('SELECT name, doc FROM glue_databases WHERE account = ? AND region = ? AND name > ? ORDER BY name LIMIT ?')
    .all(scope.account, scope.region, after, size + 1) as { name: string; doc: string }[];
  const { page, nextToken } = paginate('GetDatabases', rows, size, (r) => r.name);
  const nameOnly = input.AttributesToGet?.length === 1 && input.AttributesToGet[0] === 'NAME';
  return {
    DatabaseList: page.map((r) => (nameOnly ? { Name: r.name } : fromDoc<Database>(r.doc))),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
};

export const updateDatabase: GlueOperations['UpdateDatabase'] = (ctx, input) => {
  const scope = catalogScope(ctx, input.CatalogId);
  const name = foldName(input.Name ?? '');
  ctx.db.transaction(() => {
    const existing = requireDatabase(ctx.db, scope, name);
    const next = toDatabase(scope, { ...input.DatabaseInput, Name: name }, existing.CreateTime ?? ctx.now);
    ctx.db
      .prepare('UPDATE glue_databases SET doc = ? WHERE account = ? AND region = ? AND name = ?')
      .run(toDoc(next), scope.account, scope.region, name);
  })();
  return {};
};

/** Deleting a database deletes its tables, their versions, partitions, indexes, statistics and tags. */
export const deleteDatabase: GlueOperations['DeleteDatabase'] = (ctx, input) => {
  const scope = catalogScope(ctx, input.CatalogId);
  const name = foldName(input.Name ?? '');
  ctx.db.transaction(() => {
    requireDatabase(ctx.db, scope, name);
    const key = [scope.account, scope.region, name] as const;
    for (const t of [
      'glue_column_statistics',
      'glue_partition_indexes',
      'glue_partitions',
      'glue_table_versions',
      'glue_tables',
    ]) {
      ctx.db.prepare(`DELETE FROM ${t} WHERE account = ? AND region = ? AND database_name = ?`).run(...key);
    }
    ctx.db.prepare('DELETE FROM glue_databases WHERE account = ? AND region = ? AND name = ?').run(...key);
    deleteTags(ctx.db, scope, arns.database(scope, name));
    deleteTags(ctx.db, scope, arns.table(scope, name, ''), { prefix: true });
  })();
  return {};
};
