import type { Table, TableVersion, TableVersionError } from '@aws-sdk/client-glue';
import { errors, isAwsError } from '../../protocol/errors.js';
import { fromDoc } from '../../store/documents.js';
import type { Db } from '../../store/sqlite.js';
import type { GlueOperations } from '../operations.js';
import { decodeToken, pageSize, paginate } from '../pagination.js';
import { requireDatabase } from './databases.js';
import { type CatalogScope, catalogScope, foldName } from './scope.js';
import { requireTable } from './tables-store.js';

/** Largest BatchDeleteTableVersion request AWS accepts. */
export const BATCH_DELETE_TABLE_VERSION_LIMIT = 100;

function parseVersionId(versionId: string | undefined): number {
  if (versionId === undefined || !/^\d+$/.test(versionId)) {
    throw errors.invalidInput(`Invalid version id: ${versionId ?? '(none)'}.`);
  }
  return Number(versionId);
}

function versionNotFound(versionId: string) {
  return errors.entityNotFound(`Version ${versionId} not found.`);
}

function loadVersion(db: Db, scope: CatalogScope, database: string, table: string, versionId: number) {
  const row = db
    .prepare(
      'SELECT doc FROM glue_table_versions WHERE account = ? AND region = ? AND database_name = ? AND table_name = ? AND version_id = ?',
    )
    .get(scope.account, scope.region, database, table, versionId) as { doc: string } | undefined;
  return row ? fromDoc<Table>(row.doc) : undefined;
}

/** Without a VersionId, the current version. */
export const getTableVersion: GlueOperations['GetTableVersion'] = (ctx, input) => {
  const scope = catalogScope(ctx, input.CatalogId);
  const database = foldName(input.DatabaseName ?? '');
  const tableName = foldName(input.TableName ?? '');
  requireDatabase(ctx.db, scope, database);
  const current = requireTable(ctx.db, scope, database, tableName);
  const versionId = input.VersionId === undefined ? current.versionId : parseVersionId(input.VersionId);
  const table = loadVersion(ctx.db, scope, database, tableName, versionId);
  if (!table) throw versionNotFound(String(versionId));
  return { TableVersion: { Table: table, VersionId: String(versionId) } };
};

/** Newest first, as AWS lists them. */
export const getTableVersions: GlueOperations['GetTableVersions'] = (ctx, input) => {
  const scope = catalogScope(ctx, input.CatalogId);
  const database = foldName(input.DatabaseName ?? '');
  const tableName = foldName(input.TableName ?? '');
  requireDatabase(ctx.db, scope, database);
  requireTable(ctx.db, scope, database, tableName);
  const size = pageSize('GetTableVersions', input.MaxResults);
  const after = decodeToken('GetTableVersions', input.NextToken);
  const rows = ctx.db
    .prepare(
      'SELECT version_id, doc FROM glue_table_versions WHERE account = ? AND region = ? AND database_name = ? AND table_name = ? AND version_id < ? ORDER BY version_id DESC LIMIT ?',
    )
    .all(
      scope.account,
      scope.region,
      database,
      tableName,
      after === undefined ? Number.MAX_SAFE_INTEGER : Number(after),
      size + 1,
    ) as {
    version_id: number;
    doc: string;
  }[];
  const { page, nextToken } = paginate('GetTableVersions', rows, size, (r) => String(r.version_id));
  const TableVersions: TableVersion[] = page.map((r) => ({
    Table: fromDoc<Table>(r.doc),
    VersionId: String(r.version_id),
  }));
  return { TableVersions, ...(nextToken ? { NextToken: nextToken } : {}) };
};

export const deleteTableVersion: GlueOperations['DeleteTableVersion'] = (ctx, input) => {
  const scope = catalogScope(ctx, input.CatalogId);
  const database = foldName(input.DatabaseName ?? '');
  const tableName = foldName(input.TableName ?? '');
  const versionId = parseVersionId(input.VersionId);
  ctx.db.transaction(() => {
    requireDatabase(ctx.db, scope, database);
    const current = requireTable(ctx.db, scope, database, tableName);
    if (versionId === current.versionId) {
      throw errors.invalidInput(
        `Version ${versionId} is the current version of table ${tableName}; it cannot be deleted.`,
      );
    }
    const deleted = ctx.db
      .prepare(
        'DELETE FROM glue_table_versions WHERE account = ? AND region = ? AND database_name = ? AND table_name = ? AND version_id = ?',
      )
      .run(scope.account, scope.region, database, tableName, versionId);
    if (deleted.changes === 0) throw versionNotFound(String(versionId));
  })();
  return {};
};

export const batchDeleteTableVersion: GlueOperations['BatchDeleteTableVersion'] = (ctx, input) => {
  const ids = input.VersionIds ?? [];
  if (ids.length > BATCH_DELETE_TABLE_VERSION_LIMIT) {
    throw errors.invalidInput(`VersionIds may hold at most ${BATCH_DELETE_TABLE_VERSION_LIMIT} ids.`);
  }
  const Errors: TableVersionError[] = [];
  for (const VersionId of ids) {
    try {
      deleteTableVersion(ctx, { ...input, VersionId });
    } catch (e) {
      if (!isAwsError(e)) throw e;
      Errors.push({
        TableName: input.TableName,
        VersionId,
        ErrorDetail: { ErrorCode: e.code, ErrorMessage: e.message },
      });
    }
  }
  return { Errors };
};
