import type { Partition, PartitionInput } from '@aws-sdk/client-glue';
import type { Db } from '../../store/sqlite.js';
import {
  checkValueCount,
  deletePartitionRow,
  findPartitionDoc,
  insertPartition,
  type PartitionTable,
  partitionExists,
  partitionKey,
  partitionNotFound,
  replacePartition,
  requirePartition,
  toPartition,
} from './partitions-store.js';

/**
 * One partition created, updated or deleted in an already resolved table. The single-item operations
 * and their batch forms both go through these, so the two cannot drift apart (STYLE lesson 6).
 * Callers run them inside a transaction.
 */

export function createPartitionIn(db: Db, t: PartitionTable, input: PartitionInput, now: Date): Partition {
  const values = input.Values ?? [];
  checkValueCount(t.table, values);
  const partition = toPartition(t, input, values, now);
  if (!insertPartition(db, t, partition)) throw partitionExists();
  return partition;
}

/**
 * Replace the partition named by `valueList` with `input`. `input.Values` may differ from `valueList`:
 * the partition then moves to its new values, which must be free. Omitted `Values` keep the old ones.
 */
export function updatePartitionIn(
  db: Db,
  t: PartitionTable,
  valueList: readonly string[],
  input: PartitionInput,
  now: Date,
): Partition {
  checkValueCount(t.table, valueList);
  const oldKey = partitionKey(valueList);
  const current = requirePartition(db, t, oldKey);
  const values = input.Values ?? current.Values ?? [];
  checkValueCount(t.table, values);
  const next = toPartition(t, input, values, current.CreationTime ?? now);
  const newKey = partitionKey(values);
  if (newKey !== oldKey && findPartitionDoc(db, t, newKey) !== undefined) throw partitionExists();
  replacePartition(db, t, oldKey, next);
  return next;
}

export function deletePartitionIn(db: Db, t: PartitionTable, values: readonly string[]): void {
  checkValueCount(t.table, values);
  if (!deletePartitionRow(db, t, partitionKey(values))) throw partitionNotFound();
}
