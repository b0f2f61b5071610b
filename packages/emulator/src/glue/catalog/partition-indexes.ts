/**
 * Glue partition indexes: CreatePartitionIndex, GetPartitionIndexes, DeletePartitionIndex, and
 * `insertPartitionIndex` for CreateTable's `PartitionIndexes`.
 *
 * Rules and messages as AWS answers them (measured against real Glue, see the floci-io/floci partition
 * index work): every key must be a partition key of the table; at most 3 indexes per table, checked
 * before duplicates; an index may not repeat another's name or its exact key list.
 *
 * LIMITATIONS: an index is ACTIVE as soon as it is created and gone as soon as it is deleted (Glue
 * passes through CREATING/DELETING and backfills in the background); GetPartitions does not use
 * indexes, it is fast enough without them.
 */
import type { KeySchemaElement, PartitionIndex, PartitionIndexDescriptor, Table } from '@aws-sdk/client-glue';
import { errors } from '../../protocol/errors.js';
import type { Db } from '../../store/sqlite.js';
import type { GlueOperations } from '../operations.js';
import { decodeToken, pageSize, paginate } from '../pagination.js';
import { requireDatabase } from './databases.js';
import { type CatalogScope, catalogScope, foldName } from './scope.js';
import { requireTable } from './tables-store.js';

/** Most partition indexes one table may have. */
export const MAX_PARTITION_INDEXES = 3;

/** Stored document: the descriptor plus its creation order, which GetPartitionIndexes lists by. */
interface StoredIndex extends PartitionIndexDescriptor {
  Ordinal: number;
}

function readIndexes(db: Db, scope: CatalogScope, database: string, table: string): StoredIndex[] {
  const docs = db
    .prepare(
      'SELECT doc FROM glue_partition_indexes WHERE account = ? AND region = ? AND database_name = ? AND table_name = ?',
    )
    .pluck()
    .all(scope.account, scope.region, foldName(database), foldName(table)) as string[];
  return docs.map((d) => JSON.parse(d) as StoredIndex).sort((a, b) => a.Ordinal - b.Ordinal);
}

function toDescriptor(stored: StoredIndex): PartitionIndexDescriptor {
  const { Ordinal: _omit, ...descriptor } = stored;
  return descriptor;
}

/** The table's partition keys named by `keys`, in the index's order, or InvalidInputException. */
function resolveKeys(table: Table, keys: readonly string[]): KeySchemaElement[] {
  const byName = new Map((table.PartitionKeys ?? []).map((k) => [(k.Name ?? '').toLowerCase(), k]));
  const missing = keys.filter((k) => !byName.has(k.toLowerCase()));
  if (missing.length > 0) {
    throw errors.invalidInput(
      `IndexKeys not a part of PartitionColumns. Verify the indexKeys : [${missing.join(', ')}]`,
    );
  }
  return keys.map((k) => {
    const column = byName.get(k.toLowerCase());
    return { Name: column?.Name ?? k, Type: column?.Type ?? 'string' };
  });
}

/**
 * Validate one partition index of `table` (already stored, names folded) and store it ACTIVE.
 * CreatePartitionIndex and CreateTable's `PartitionIndexes` both come here; run it in a transaction.
 *
 * @example
 * for (const index of input.PartitionIndexes ?? []) insertPartitionIndex(ctx.db, scope, table, index);
 */
export function insertPartitionIndex(db: Db, scope: CatalogScope, table: Table, index: PartitionIndex): void {
  const database = foldName(table.DatabaseName ?? '');
  const tableName = foldName(table.Name ?? '');
  const indexName = index.IndexName ?? '';
  const keys = resolveKeys(table, index.Keys ?? []);
  const existing = readIndexes(db, scope, database, tableName);
  if (existing.length >= MAX_PARTITION_INDEXES) {
    throw errors.limitExceeded(`Partition index limit exceeded. Maximum: ${MAX_PARTITION_INDEXES}`);
  }
  if (existing.some((i) => i.IndexName === indexName)) {
    throw errors.alreadyExists(`Partition Index ${indexName} already exists with the same name.`);
  }
  const keyList = JSON.stringify(keys.map((k) => k.Name));
  const sameKeys = existing.find((i) => JSON.stringify((i.Keys ?? []).map((k) => k.Name)) === keyList);
  if (sameKeys) {
    throw errors.alreadyExists(`Partition Index ${sameKeys.IndexName} already exists with the same keys.`);
  }
  const stored: StoredIndex = {
    IndexName: indexName,
    Keys: keys,
    IndexStatus: 'ACTIVE',
    Ordinal: Math.max(0, ...existing.map((i) => i.Ordinal)) + 1,
  };
  db.prepare(
    'INSERT INTO glue_partition_indexes (account, region, database_name, table_name, index_name, doc) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(scope.account, scope.region, database, tableName, indexName, JSON.stringify(stored));
}

export const createPartitionIndex: GlueOperations['CreatePartitionIndex'] = (ctx, input) => {
  const scope = catalogScope(ctx, input.CatalogId);
  ctx.db.transaction(() => {
    requireDatabase(ctx.db, scope, input.DatabaseName ?? '');
    const { table } = requireTable(ctx.db, scope, input.DatabaseName ?? '', input.TableName ?? '');
    insertPartitionIndex(ctx.db, scope, table, input.PartitionIndex ?? { IndexName: '', Keys: [] });
  })();
  return {};
};

/** In creation order; a table has at most 3, so one page holds them all. */
export const getPartitionIndexes: GlueOperations['GetPartitionIndexes'] = (ctx, input) => {
  const scope = catalogScope(ctx, input.CatalogId);
  requireDatabase(ctx.db, scope, input.DatabaseName ?? '');
  requireTable(ctx.db, scope, input.DatabaseName ?? '', input.TableName ?? '');
  const size = pageSize('GetPartitionIndexes', undefined);
  const after = Number(decodeToken('GetPartitionIndexes', input.NextToken) ?? '0');
  const stored = readIndexes(ctx.db, scope, input.DatabaseName ?? '', input.TableName ?? '').filter(
    (i) => i.Ordinal > after,
  );
  const { page, nextToken } = paginate('GetPartitionIndexes', stored, size, (i) => String(i.Ordinal));
  return {
    PartitionIndexDescriptorList: page.map(toDescriptor),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
};

export const deletePartitionIndex: GlueOperations['DeletePartitionIndex'] = (ctx, input) => {
  const scope = catalogScope(ctx, input.CatalogId);
  const database = foldName(input.DatabaseName ?? '');
  const tableName = foldName(input.TableName ?? '');
  const indexName = input.IndexName ?? '';
  ctx.db.transaction(() => {
    requireDatabase(ctx.db, scope, database);
    requireTable(ctx.db, scope, database, tableName);
    const deleted = ctx.db
      .prepare(
        'DELETE FROM glue_partition_indexes WHERE account = ? AND region = ? AND database_name = ? AND table_name = ? AND index_name = ?',
      )
      .run(scope.account, scope.region, database, tableName, indexName);
    if (deleted.changes === 0) {
      throw errors.entityNotFound(`Index with the given indexName : ${indexName} does not exist.`);
    }
  })();
  return {};
};

export const partitionIndexOperations = {
  CreatePartitionIndex: createPartitionIndex,
  GetPartitionIndexes: getPartitionIndexes,
  DeletePartitionIndex: deletePartitionIndex,
} satisfies Partial<GlueOperations>;
