/**
 * Glue partitions: CreatePartition, GetPartition, UpdatePartition, DeletePartition here; the batch
 * forms in `partitions-batch.ts`; GetPartitions in `partitions-list.ts`.
 *
 * Rules every operation shares: the database and the table must exist (EntityNotFoundException names
 * the missing one); a partition gives exactly one value per partition key of its table
 * (InvalidInputException); values are never converted or checked against the key types, as in Glue.
 *
 * LIMITATIONS: `TransactionId` and `QueryAsOfTime` are accepted and ignored (no governed tables);
 * `SchemaReference` in a partition's StorageDescriptor is stored as given, not resolved.
 */
import type { GlueOperations } from '../operations.js';
import {
  batchCreatePartition,
  batchDeletePartition,
  batchGetPartition,
  batchUpdatePartition,
} from './partitions-batch.js';
import { getPartitions } from './partitions-list.js';
import { checkValueCount, partitionKey, partitionTable, requirePartition } from './partitions-store.js';
import { createPartitionIn, deletePartitionIn, updatePartitionIn } from './partitions-write.js';
import { catalogScope } from './scope.js';

export const createPartition: GlueOperations['CreatePartition'] = (ctx, input) => {
  const scope = catalogScope(ctx, input.CatalogId);
  ctx.db.transaction(() => {
    const t = partitionTable(ctx.db, scope, input.DatabaseName ?? '', input.TableName ?? '');
    createPartitionIn(ctx.db, t, input.PartitionInput ?? {}, ctx.now);
  })();
  return {};
};

export const getPartition: GlueOperations['GetPartition'] = (ctx, input) => {
  const scope = catalogScope(ctx, input.CatalogId);
  const t = partitionTable(ctx.db, scope, input.DatabaseName ?? '', input.TableName ?? '');
  const values = input.PartitionValues ?? [];
  checkValueCount(t.table, values);
  return { Partition: requirePartition(ctx.db, t, partitionKey(values)) };
};

/** Replaces the partition's definition; `PartitionInput.Values` may move it to new values. */
export const updatePartition: GlueOperations['UpdatePartition'] = (ctx, input) => {
  const scope = catalogScope(ctx, input.CatalogId);
  ctx.db.transaction(() => {
    const t = partitionTable(ctx.db, scope, input.DatabaseName ?? '', input.TableName ?? '');
    updatePartitionIn(ctx.db, t, input.PartitionValueList ?? [], input.PartitionInput ?? {}, ctx.now);
  })();
  return {};
};

/** Deletes the partition and its column statistics. */
export const deletePartition: GlueOperations['DeletePartition'] = (ctx, input) => {
  const scope = catalogScope(ctx, input.CatalogId);
  ctx.db.transaction(() => {
    const t = partitionTable(ctx.db, scope, input.DatabaseName ?? '', input.TableName ?? '');
    deletePartitionIn(ctx.db, t, input.PartitionValues ?? []);
  })();
  return {};
};

export const partitionOperations = {
  CreatePartition: createPartition,
  BatchCreatePartition: batchCreatePartition,
  GetPartition: getPartition,
  GetPartitions: getPartitions,
  BatchGetPartition: batchGetPartition,
  UpdatePartition: updatePartition,
  BatchUpdatePartition: batchUpdatePartition,
  DeletePartition: deletePartition,
  BatchDeletePartition: batchDeletePartition,
} satisfies Partial<GlueOperations>;
