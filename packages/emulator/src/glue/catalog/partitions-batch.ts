import type { BatchUpdatePartitionFailureEntry, ErrorDetail, Partition, PartitionError } from '@aws-sdk/client-glue';
import { errors, isAwsError } from '../../protocol/errors.js';
import { fromDoc } from '../../store/documents.js';
import type { GlueOperations } from '../operations.js';
import { checkValueCount, findPartitionDoc, partitionKey, partitionTable } from './partitions-store.js';
import { createPartitionIn, deletePartitionIn, updatePartitionIn } from './partitions-write.js';
import { catalogScope } from './scope.js';

/**
 * BatchCreatePartition, BatchGetPartition, BatchUpdatePartition, BatchDeletePartition.
 *
 * A missing database or table fails the whole request; so does a partition in BatchCreatePartition or
 * BatchGetPartition whose number of values is wrong (AWS rejects such a BatchCreatePartition outright).
 * Anything else that goes wrong with one entry is reported in `Errors` and the other entries proceed
 * (STYLE lesson 6). Each request runs in one transaction.
 */

/** Largest request per operation, from the AWS model's list constraints. */
export const PARTITION_BATCH_LIMITS = {
  BatchCreatePartition: 100,
  BatchGetPartition: 1000,
  BatchUpdatePartition: 100,
  BatchDeletePartition: 25,
} as const;

/**
 * AWS checks these list sizes before the request reaches Glue and answers with its generic
 * ValidationException. The edge validator does the same from the model; this guards direct callers.
 */
function checkBatchSize(member: string, count: number, max: number): void {
  if (count > max) {
    throw errors.validation(
      `1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${max}`,
    );
  }
}

function errorDetail(e: unknown): ErrorDetail {
  if (!isAwsError(e)) throw e;
  return { ErrorCode: e.code, ErrorMessage: e.message };
}

export const batchCreatePartition: GlueOperations['BatchCreatePartition'] = (ctx, input) => {
  const inputs = input.PartitionInputList ?? [];
  checkBatchSize('partitionInputList', inputs.length, PARTITION_BATCH_LIMITS.BatchCreatePartition);
  const scope = catalogScope(ctx, input.CatalogId);
  const Errors: PartitionError[] = [];
  ctx.db.transaction(() => {
    const t = partitionTable(ctx.db, scope, input.DatabaseName ?? '', input.TableName ?? '');
    for (const p of inputs) checkValueCount(t.table, p.Values ?? []);
    for (const p of inputs) {
      try {
        createPartitionIn(ctx.db, t, p, ctx.now);
      } catch (e) {
        Errors.push({ PartitionValues: p.Values ?? [], ErrorDetail: errorDetail(e) });
      }
    }
  })();
  return { Errors };
};

/**
 * Partitions that do not exist are left out of `Partitions`, not reported: that is what AWS does.
 * `UnprocessedKeys` is for requests Glue could not finish in time, which never happens here.
 */
export const batchGetPartition: GlueOperations['BatchGetPartition'] = (ctx, input) => {
  const wanted = input.PartitionsToGet ?? [];
  checkBatchSize('partitionsToGet', wanted.length, PARTITION_BATCH_LIMITS.BatchGetPartition);
  const scope = catalogScope(ctx, input.CatalogId);
  const t = partitionTable(ctx.db, scope, input.DatabaseName ?? '', input.TableName ?? '');
  for (const w of wanted) checkValueCount(t.table, w.Values ?? []);
  const seen = new Set<string>();
  const Partitions: Partition[] = [];
  for (const w of wanted) {
    const key = partitionKey(w.Values ?? []);
    if (seen.has(key)) continue;
    seen.add(key);
    const doc = findPartitionDoc(ctx.db, t, key);
    if (doc !== undefined) Partitions.push(fromDoc<Partition>(doc));
  }
  return { Partitions, UnprocessedKeys: [] };
};

export const batchUpdatePartition: GlueOperations['BatchUpdatePartition'] = (ctx, input) => {
  const entries = input.Entries ?? [];
  checkBatchSize('entries', entries.length, PARTITION_BATCH_LIMITS.BatchUpdatePartition);
  const scope = catalogScope(ctx, input.CatalogId);
  const Errors: BatchUpdatePartitionFailureEntry[] = [];
  ctx.db.transaction(() => {
    const t = partitionTable(ctx.db, scope, input.DatabaseName ?? '', input.TableName ?? '');
    for (const entry of entries) {
      const valueList = entry.PartitionValueList ?? [];
      try {
        updatePartitionIn(ctx.db, t, valueList, entry.PartitionInput ?? {}, ctx.now);
      } catch (e) {
        Errors.push({ PartitionValueList: valueList, ErrorDetail: errorDetail(e) });
      }
    }
  })();
  return { Errors };
};

export const batchDeletePartition: GlueOperations['BatchDeletePartition'] = (ctx, input) => {
  const toDelete = input.PartitionsToDelete ?? [];
  checkBatchSize('partitionsToDelete', toDelete.length, PARTITION_BATCH_LIMITS.BatchDeletePartition);
  const scope = catalogScope(ctx, input.CatalogId);
  const Errors: PartitionError[] = [];
  ctx.db.transaction(() => {
    const t = partitionTable(ctx.db, scope, input.DatabaseName ?? '', input.TableName ?? '');
    for (const entry of toDelete) {
      const values = entry.Values ?? [];
      try {
        deletePartitionIn(ctx.db, t, values);
      } catch (e) {
        Errors.push({ PartitionValues: values, ErrorDetail: errorDetail(e) });
      }
    }
  })();
  return { Errors };
};
