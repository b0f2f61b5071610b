import type { Column, ColumnError, ColumnStatistics, ColumnStatisticsError } from '@aws-sdk/client-glue';
import type { OpContext } from '../../context.js';
import { errors, isAwsError } from '../../protocol/errors.js';
import type { GlueOperations } from '../operations.js';
import { checkStatistics } from './column-statistics-rules.js';
import {
  deleteStatistics,
  readStatistics,
  type StatisticsOwner,
  TABLE_STATISTICS,
  writeStatistics,
} from './column-statistics-store.js';
import { findPartition, type PartitionTable, partitionKey, partitionTable } from './partitions-store.js';
import { catalogScope, foldName } from './scope.js';

/**
 * Column statistics of tables and partitions: Get/Update/DeleteColumnStatisticsFor{Table,Partition}.
 *
 * As AWS answers: the database, table and partition must exist (EntityNotFoundException for the whole
 * request); Update takes at most 25 entries and reports bad ones in `Errors` while storing the rest (rules in
 * `column-statistics-rules.ts`); Get takes at most 100 names and reports each column without statistics in
 * `Errors` (EntityNotFoundException), whether or not the table has such a column; Delete of statistics that do
 * not exist succeeds.
 *
 * LIMITATIONS: statistics are stored as given; they do not change `LastAnalyzedTime` or feed query planning.
 */

/** Most entries one Update accepts. */
export const MAX_STATISTICS_PER_UPDATE = 25;
/** Most column names one Get accepts. */
export const MAX_COLUMNS_PER_GET = 100;

/** What Get reports for a column that has no statistics. */
const NO_STATISTICS = { ErrorCode: 'EntityNotFoundException', ErrorMessage: 'Statistics do not exist for this column' };

/** The wording AWS uses in the statistics operations (GetPartition says "Cannot find partition."). */
function partitionNotFound(values: readonly string[]) {
  return errors.entityNotFound(`Partition [${values.join(', ')}] not found`);
}

interface Located {
  owner: StatisticsOwner;
  /** Columns statistics may be kept for: data columns and partition keys. */
  columns: Column[];
  /** How error messages name the table or partition. */
  label: string;
}

interface TableAddress {
  CatalogId?: string | undefined;
  DatabaseName?: string | undefined;
  TableName?: string | undefined;
}

function locateTable(ctx: OpContext, input: TableAddress): Located & { at: PartitionTable } {
  const scope = catalogScope(ctx, input.CatalogId);
  const at = partitionTable(ctx.db, scope, input.DatabaseName ?? '', input.TableName ?? '');
  const { database, name, table } = at;
  return {
    at,
    owner: { scope, database, table: name, partitionKey: TABLE_STATISTICS },
    columns: [...(table.StorageDescriptor?.Columns ?? []), ...(table.PartitionKeys ?? [])],
    label: `table ${database}.${name}`,
  };
}

function locatePartition(ctx: OpContext, input: TableAddress & { PartitionValues?: string[] | undefined }): Located {
  const { at, owner } = locateTable(ctx, input);
  const { table } = at;
  const values = input.PartitionValues ?? [];
  const key = partitionKey(values);
  const partition = findPartition(ctx.db, at, key);
  if (!partition) throw partitionNotFound(values);
  const dataColumns = partition.StorageDescriptor?.Columns ?? table.StorageDescriptor?.Columns ?? [];
  return {
    owner: { ...owner, partitionKey: key },
    columns: [...dataColumns, ...(table.PartitionKeys ?? [])],
    label: `partition [${values.join(', ')}] of table ${owner.database}.${owner.table}`,
  };
}

function getStatistics(ctx: OpContext, located: Located, names: readonly string[]) {
  if (names.length > MAX_COLUMNS_PER_GET) {
    throw errors.invalidInput(`ColumnNames may hold at most ${MAX_COLUMNS_PER_GET} names.`);
  }
  const stored = readStatistics(ctx.db, located.owner);
  const ColumnStatisticsList: ColumnStatistics[] = [];
  const Errors: ColumnError[] = [];
  for (const ColumnName of names) {
    const stats = stored.get(foldName(ColumnName));
    if (stats) ColumnStatisticsList.push(stats);
    else Errors.push({ ColumnName, Error: NO_STATISTICS });
  }
  return { ColumnStatisticsList, Errors };
}

/** Per-entry errors, never a throw for one bad entry (STYLE lesson 6). */
function updateStatistics(ctx: OpContext, locate: () => Located, list: readonly ColumnStatistics[]) {
  if (list.length > MAX_STATISTICS_PER_UPDATE) {
    throw errors.invalidInput(`ColumnStatisticsList may hold at most ${MAX_STATISTICS_PER_UPDATE} entries.`);
  }
  const Errors: ColumnStatisticsError[] = [];
  ctx.db.transaction(() => {
    const located = locate();
    for (const entry of list) {
      try {
        checkStatistics(located.columns, entry, located.label);
        writeStatistics(ctx.db, located.owner, entry);
      } catch (e) {
        if (!isAwsError(e)) throw e;
        Errors.push({ ColumnStatistics: entry, Error: { ErrorCode: e.code, ErrorMessage: e.message } });
      }
    }
  })();
  return { Errors };
}

export const getColumnStatisticsForTable: GlueOperations['GetColumnStatisticsForTable'] = (ctx, input) =>
  getStatistics(ctx, locateTable(ctx, input), input.ColumnNames ?? []);

export const getColumnStatisticsForPartition: GlueOperations['GetColumnStatisticsForPartition'] = (ctx, input) =>
  getStatistics(ctx, locatePartition(ctx, input), input.ColumnNames ?? []);

export const updateColumnStatisticsForTable: GlueOperations['UpdateColumnStatisticsForTable'] = (ctx, input) =>
  updateStatistics(ctx, () => locateTable(ctx, input), input.ColumnStatisticsList ?? []);

export const updateColumnStatisticsForPartition: GlueOperations['UpdateColumnStatisticsForPartition'] = (ctx, input) =>
  updateStatistics(ctx, () => locatePartition(ctx, input), input.ColumnStatisticsList ?? []);

export const deleteColumnStatisticsForTable: GlueOperations['DeleteColumnStatisticsForTable'] = (ctx, input) => {
  ctx.db.transaction(() => deleteStatistics(ctx.db, locateTable(ctx, input).owner, input.ColumnName ?? ''))();
  return {};
};

export const deleteColumnStatisticsForPartition: GlueOperations['DeleteColumnStatisticsForPartition'] = (
  ctx,
  input,
) => {
  ctx.db.transaction(() => deleteStatistics(ctx.db, locatePartition(ctx, input).owner, input.ColumnName ?? ''))();
  return {};
};

export const columnStatisticsOperations = {
  GetColumnStatisticsForTable: getColumnStatisticsForTable,
  UpdateColumnStatisticsForTable: updateColumnStatisticsForTable,
  DeleteColumnStatisticsForTable: deleteColumnStatisticsForTable,
  GetColumnStatisticsForPartition: getColumnStatisticsForPartition,
  UpdateColumnStatisticsForPartition: updateColumnStatisticsForPartition,
  DeleteColumnStatisticsForPartition: deleteColumnStatisticsForPartition,
} satisfies Partial<GlueOperations>;
