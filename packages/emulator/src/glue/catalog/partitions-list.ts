import type { Partition, Segment } from '@aws-sdk/client-glue';
import { errors } from '../../protocol/errors.js';
import { fromDoc } from '../../store/documents.js';
import type { GlueOperations } from '../operations.js';
import { decodeToken, encodeToken, pageSize } from '../pagination.js';
import { compilePartitionExpression } from './expression.js';
import { firstKeyAfter, partitionKeys } from './partitions-cache.js';
import { findPartitionDoc, partitionDocsAfter, partitionTable } from './partitions-store.js';
import { catalogScope } from './scope.js';

/** Largest `TotalSegments` AWS accepts. */
export const MAX_TOTAL_SEGMENTS = 10;

/**
 * A stable 32-bit FNV-1a hash of a partition's `values_key`. Which segment a partition falls in depends
 * only on its values, so the segments of one `TotalSegments` are disjoint and together hold every
 * partition, across pages and calls.
 */
export function segmentHash(valuesKey: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < valuesKey.length; i++) {
    h ^= valuesKey.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function segmentFilter(segment: Segment | undefined): ((valuesKey: string) => boolean) | undefined {
  if (!segment) return undefined;
  const total = segment.TotalSegments ?? 1;
  const number = segment.SegmentNumber ?? 0;
  if (!Number.isInteger(total) || total < 1 || total > MAX_TOTAL_SEGMENTS) {
    throw errors.invalidInput(`TotalSegments must be between 1 and ${MAX_TOTAL_SEGMENTS}.`);
  }
  if (!Number.isInteger(number) || number < 0 || number >= total) {
    throw errors.invalidInput('SegmentNumber must be at least 0 and less than TotalSegments.');
  }
  if (total === 1) return undefined;
  return (valuesKey) => segmentHash(valuesKey) % total === number;
}

function withoutColumns(p: Partition): Partition {
  if (!p.StorageDescriptor) return p;
  const { Columns: _omit, ...sd } = p.StorageDescriptor;
  return { ...p, StorageDescriptor: sd };
}

/**
 * Partitions in `values_key` order, the same on every page. Filtering runs on the table's partition
 * keys (kept in memory between writes, see `partitions-cache.ts`); a partition's document is read and
 * parsed only once it is on the page.
 */
export const getPartitions: GlueOperations['GetPartitions'] = (ctx, input) => {
  const scope = catalogScope(ctx, input.CatalogId);
  const t = partitionTable(ctx.db, scope, input.DatabaseName ?? '', input.TableName ?? '');
  const size = pageSize('GetPartitions', input.MaxResults);
  const after = decodeToken('GetPartitions', input.NextToken) ?? '';
  const inSegment = segmentFilter(input.Segment);
  const hasExpression = input.Expression !== undefined && input.Expression.trim() !== '';

  let page: { key: string; doc: string }[];
  let more: boolean;
  if (!hasExpression && !inSegment) {
    const rows = partitionDocsAfter(ctx.db, t, after, size + 1);
    more = rows.length > size;
    page = rows.slice(0, size).map((r) => ({ key: r.values_key, doc: r.doc }));
  } else {
    const keys = (t.table.PartitionKeys ?? []).map((k) => ({ Name: k.Name ?? '', Type: k.Type }));
    const matches = compilePartitionExpression(input.Expression, keys);
    const { keys: all, values } = partitionKeys(ctx.db, t);
    const found: string[] = [];
    for (let i = firstKeyAfter(all, after); i < all.length && found.length <= size; i++) {
      const key = all[i] ?? '';
      if (inSegment && !inSegment(key)) continue;
      if (hasExpression && !matches(values[i] ?? [])) continue;
      found.push(key);
    }
    more = found.length > size;
    page = found.slice(0, size).flatMap((key) => {
      const doc = findPartitionDoc(ctx.db, t, key);
      return doc === undefined ? [] : [{ key, doc }];
    });
  }

  const last = page[page.length - 1];
  const Partitions = page.map((r) => {
    const p = fromDoc<Partition>(r.doc);
    return input.ExcludeColumnSchema ? withoutColumns(p) : p;
  });
  return { Partitions, ...(more && last ? { NextToken: encodeToken({ op: 'GetPartitions', after: last.key }) } : {}) };
};
