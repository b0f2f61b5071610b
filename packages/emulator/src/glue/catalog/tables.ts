import type { Table, TableInput } from '@aws-sdk/client-glue';
import { callerArn } from '@lakebox/shared';
import { errors, isAwsError } from '../../protocol/errors.js';
import { fromDoc } from '../../store/documents.js';
import type { GlueOperations } from '../operations.js';
import { decodeToken, pageSize, paginate } from '../pagination.js';
import { requireDatabase } from './databases.js';
import { namePattern } from './name-pattern.js';
import { insertPartitionIndex } from './partition-indexes.js';
import { arns, type CatalogScope, catalogScope, foldName } from './scope.js';
import { withStorageDefaults } from './storage-descriptor.js';
import { deleteTableRows, findTable, requireTable, writeTable } from './tables-store.js';
import { deleteTags } from './tags-store.js';

/** Largest BatchDeleteTable request AWS accepts. */
export const BATCH_DELETE_TABLE_LIMIT = 100;

/** The Table that GetTable returns for a TableInput, as Glue fills it in. */
export function toTable(
  scope: CatalogScope,
  database: string,
  input: TableInput,
  stamps: { createTime: Date; updateTime: Date; versionId: number },
): Table {
  const { Name, PartitionKeys, StorageDescriptor, ...rest } = input;
  const sd = withStorageDefaults(StorageDescriptor);
  return {
    ...rest,
    ...(sd ? { StorageDescriptor: sd } : {}),
    Name: foldName(Name ?? ''),
    DatabaseName: foldName(database),
    CreateTime: stamps.createTime,
    UpdateTime: stamps.updateTime,
    Retention: input.Retention ?? 0,
    PartitionKeys: PartitionKeys ?? [],
    CreatedBy: callerArn(scope.account),
    IsRegisteredWithLakeFormation: false,
    CatalogId: scope.account,
    VersionId: String(stamps.versionId),
  };
}

export const createTable: GlueOperations['CreateTable'] = (ctx, input) => {
  const scope = catalogScope(ctx, input.CatalogId);
  const tableInput = input.TableInput;
  if (!tableInput?.Name) throw errors.invalidInput('TableInput.Name is required.');
  const database = foldName(input.DatabaseName ?? '');
  ctx.db.transaction(() => {
    requireDatabase(ctx.db, scope, database);
    if (findTable(ctx.db, scope, database, tableInput.Name ?? '')) throw errors.alreadyExists('Table already exists.');
    const table = toTable(scope, database, tableInput, { createTime: ctx.now, updateTime: ctx.now, versionId: 0 });
    writeTable(ctx.db, scope, table, 0);
    for (const index of input.PartitionIndexes ?? []) insertPartitionIndex(ctx.db, scope, table, index);
  })();
  return {};
};

export const getTable: GlueOperations['GetTable'] = (ctx, input) => {
  const scope = catalogScope(ctx, input.CatalogId);
  requireDatabase(ctx.db, scope, input.DatabaseName ?? '');
  return { Table: requireTable(ctx.db, scope, input.DatabaseName ?? '', input.Name ?? '').table };
};

export const getTables: GlueOperations['GetTables'] = (ctx, input) => {
  const scope = catalogScope(ctx, input.CatalogId);
  const database = foldName(input.DatabaseName ?? '');
  requireDatabase(ctx.db, scope, database);
  const size = pageSize('GetTables', input.MaxResults);
  const after = decodeToken('GetTables', input.NextToken) ?? '';
  const matches = namePattern(input.Expression);
  const stmt = ctx.db.prepare(
    'SELECT name, doc FROM glue_tables WHERE account = ? AND region = ? AND database_name = ? AND name > ? ORDER BY name',
  );
  const rows: { name: string; doc: string }[] = [];
  for (const row of stmt.iterate(scope.account, scope.region, database, after) as Iterable<{
    name: string;
    doc: string;
  }>) {
    if (!matches(row.name)) continue;
    rows.push(row);
    if (rows.length > size) break;
  }
  const { page, nextToken } = paginate('GetTables', rows, size, (r) => r.name);
  return { TableList: page.map((r) => fromDoc<Table>(r.doc)), ...(nextToken ? { NextToken: nextToken } : {}) };
};

/**
 * Replace a table's definition. The old definition stays as an archived version unless `SkipArchive`;
 * `VersionId`, when given, must be the current one (optimistic concurrency).
 */
export const updateTable: GlueOperations['UpdateTable'] = (ctx, input) => {
  const scope = catalogScope(ctx, input.CatalogId);
  const tableInput = input.TableInput;
  const name = tableInput?.Name ?? input.Name;
  if (!tableInput || !name) throw errors.invalidInput('TableInput is required.');
  const database = foldName(input.DatabaseName ?? '');
  ctx.db.transaction(() => {
    requireDatabase(ctx.db, scope, database);
    const current = requireTable(ctx.db, scope, database, name);
    if (input.VersionId !== undefined && input.VersionId !== String(current.versionId)) {
      throw errors.concurrentModification('Update table failed due to concurrent modifications.');
    }
    const versionId = current.versionId + 1;
    const table = toTable(
      scope,
      database,
      { ...tableInput, Name: name },
      {
        createTime: current.table.CreateTime ?? ctx.now,
        updateTime: ctx.now,
        versionId,
      },
    );
    if (input.SkipArchive) {
      ctx.db
        .prepare(
          'DELETE FROM glue_table_versions WHERE account = ? AND region = ? AND database_name = ? AND table_name = ? AND version_id = ?',
        )
        .run(scope.account, scope.region, database, table.Name, current.versionId);
    }
    writeTable(ctx.db, scope, table, versionId);
  })();
  return {};
};

export const deleteTable: GlueOperations['DeleteTable'] = (ctx, input) => {
  const scope = catalogScope(ctx, input.CatalogId);
  const database = foldName(input.DatabaseName ?? '');
  const name = foldName(input.Name ?? '');
  ctx.db.transaction(() => {
    requireDatabase(ctx.db, scope, database);
    requireTable(ctx.db, scope, database, name);
    deleteTableRows(ctx.db, scope, database, name);
    deleteTags(ctx.db, scope, arns.table(scope, database, name));
  })();
  return {};
};

/** Per-entry errors, never a throw for one missing table (STYLE lesson 6). */
export const batchDeleteTable: GlueOperations['BatchDeleteTable'] = (ctx, input) => {
  const names = input.TablesToDelete ?? [];
  if (names.length > BATCH_DELETE_TABLE_LIMIT) {
    throw errors.invalidInput(`TablesToDelete may hold at most ${BATCH_DELETE_TABLE_LIMIT} names.`);
  }
  const scope = catalogScope(ctx, input.CatalogId);
  requireDatabase(ctx.db, scope, input.DatabaseName ?? '');
  const Errors: { TableName: string; ErrorDetail: { ErrorCode: string; ErrorMessage: string } }[] = [];
  for (const TableName of names) {
    try {
      deleteTable(ctx, { DatabaseName: input.DatabaseName, Name: TableName, CatalogId: input.CatalogId });
    } catch (e) {
      if (!isAwsError(e)) throw e;
      Errors.push({ TableName, ErrorDetail: { ErrorCode: e.code, ErrorMessage: e.message } });
    }
  }
  return { Errors };
};
