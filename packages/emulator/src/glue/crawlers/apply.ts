import { createHash } from 'node:crypto';
import type { Crawler, Partition, PartitionInput, Table, TableInput } from '@aws-sdk/client-glue';
import type { OpContext } from '../../context.js';
import { batchCreatePartition, batchDeletePartition, batchUpdatePartition } from '../catalog/partitions-batch.js';
import { getPartitions } from '../catalog/partitions-list.js';
import { createTable, deleteTable, getTables, updateTable } from '../catalog/tables.js';
import { findTable } from '../catalog/tables-store.js';
import type { CrawlerSettings } from './configuration.js';
import type { CrawlLogLevel } from './crawl-log.js';
import type { PlannedTable } from './plan.js';
import { partitionInput, stableJson, tableInput } from './table-input.js';

/**
 * Write a crawl's planned tables into the catalog through the catalog's own model functions, following the
 * crawler's SchemaChangePolicy and RecrawlPolicy. Nothing is written for what did not change: a re-crawl of
 * unchanged data makes no new table version and touches no partition.
 *
 * - New tables and partitions are always added (`UpdateBehavior: LOG` only protects what exists).
 * - `UPDATE_IN_DATABASE` replaces a changed table definition (a new table version) and changed partitions.
 * - Tables this crawler made whose data is gone, and partitions whose folder is gone: removed with
 *   `DELETE_FROM_DATABASE`; tables marked `DEPRECATED_BY_CRAWLER` with `DEPRECATE_IN_DATABASE`; `LOG` keeps them.
 * - `CRAWL_NEW_FOLDERS_ONLY`: existing tables only gain partitions for new folders.
 */

export interface CatalogChanges {
  tablesCreated: number;
  tablesUpdated: number;
  tablesDeleted: number;
  partitionsCreated: number;
  partitionsUpdated: number;
  partitionsDeleted: number;
  /** What the crawl's log says about each change, in order (written once the catalog transaction commits). */
  log: [CrawlLogLevel, string][];
}

/** The catalog model functions are synchronous; a promise here would be a programming error. */
function now<T>(value: T | Promise<T>): T {
  if (value instanceof Promise) throw new Error('lakebox: catalog model function returned a promise');
  return value;
}

/** Partition values as the log lists them: `[2024-01-01, us], [2024-01-02, eu]` (the first 20, then a count). */
function values(partitions: readonly { Values?: string[] | undefined }[]): string {
  const shown = partitions.slice(0, 20).map((p) => `[${(p.Values ?? []).join(', ')}]`);
  const more = partitions.length - shown.length;
  return `${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function sameTable(current: Table, next: TableInput): boolean {
  const pick = (t: Table | TableInput) => ({
    Owner: t.Owner,
    TableType: t.TableType,
    Parameters: t.Parameters,
    PartitionKeys: t.PartitionKeys,
    StorageDescriptor: t.StorageDescriptor,
  });
  return stableJson(pick(current)) === stableJson(pick(next));
}

function samePartition(current: Partition, next: PartitionInput): boolean {
  const pick = (p: Partition | PartitionInput) => ({
    Parameters: p.Parameters,
    StorageDescriptor: p.StorageDescriptor,
  });
  return stableJson(pick(current)) === stableJson(pick(next));
}

function allPartitions(ctx: OpContext, database: string, table: string): Partition[] {
  const out: Partition[] = [];
  let token: string | undefined;
  do {
    const page = now(getPartitions(ctx, { DatabaseName: database, TableName: table, NextToken: token }));
    out.push(...(page.Partitions ?? []));
    token = page.NextToken;
  } while (token);
  return out;
}

function allTables(ctx: OpContext, database: string): Table[] {
  const out: Table[] = [];
  let token: string | undefined;
  do {
    const page = now(getTables(ctx, { DatabaseName: database, NextToken: token }));
    out.push(...(page.TableList ?? []));
    token = page.NextToken;
  } while (token);
  return out;
}

/** The tables an earlier crawl of this crawler made (their `UPDATED_BY_CRAWLER` names it). */
export function tablesOfCrawler(ctx: OpContext, database: string, crawler: string): Table[] {
  return allTables(ctx, database).filter((t) => t.Parameters?.['UPDATED_BY_CRAWLER'] === crawler);
}

/** A table of the same name that another location owns keeps its name; ours takes a hash suffix. */
function ownName(ctx: OpContext, database: string, t: PlannedTable): string {
  const existing = findTable(ctx.db, ctx, database, t.name);
  if (!existing || existing.table.StorageDescriptor?.Location === t.location) return t.name;
  return `${t.name}_${createHash('md5').update(t.location).digest('hex').slice(0, 8)}`;
}

export function applyToCatalog(
  ctx: OpContext,
  crawler: Crawler,
  settings: CrawlerSettings,
  planned: readonly PlannedTable[],
  /** `s3://bucket/prefix/` of every target that was scanned: where vanished tables are looked for. */
  scannedRoots: readonly string[],
): CatalogChanges {
  const changes: CatalogChanges = {
    tablesCreated: 0,
    tablesUpdated: 0,
    tablesDeleted: 0,
    partitionsCreated: 0,
    partitionsUpdated: 0,
    partitionsDeleted: 0,
    log: [],
  };
  const info = (message: string) => changes.log.push(['INFO', message]);
  const name = crawler.Name ?? '';
  const database = crawler.DatabaseName ?? '';
  const update = crawler.SchemaChangePolicy?.UpdateBehavior ?? 'UPDATE_IN_DATABASE';
  const remove = crawler.SchemaChangePolicy?.DeleteBehavior ?? 'DEPRECATE_IN_DATABASE';
  const newFoldersOnly = crawler.RecrawlPolicy?.RecrawlBehavior === 'CRAWL_NEW_FOLDERS_ONLY';
  const kept = new Set<string>();
  ctx.db.transaction(() => {
    for (const t of planned) {
      t.name = ownName(ctx, database, t);
      kept.add(t.name);
      const input = tableInput(name, t);
      const existing = findTable(ctx.db, ctx, database, t.name);
      if (!existing) {
        now(createTable(ctx, { DatabaseName: database, TableInput: input }));
        changes.tablesCreated++;
        info(`Created table ${t.name} in database ${database}`);
      } else if (!newFoldersOnly && update === 'UPDATE_IN_DATABASE' && !sameTable(existing.table, input)) {
        now(updateTable(ctx, { DatabaseName: database, TableInput: input }));
        changes.tablesUpdated++;
        info(`Updated table ${t.name} in database ${database}`);
      }
      const keyCount = (findTable(ctx.db, ctx, database, t.name)?.table.PartitionKeys ?? []).length;
      if (keyCount !== t.partitionKeys.length) {
        // the table kept its old layout (LOG)
        info(
          `Table ${t.name} in database ${database} was not updated: its partition keys changed and UpdateBehavior is ${update}`,
        );
        continue;
      }
      const current = new Map(allPartitions(ctx, database, t.name).map((p) => [JSON.stringify(p.Values), p]));
      const create: PartitionInput[] = [];
      const change: PartitionInput[] = [];
      const wanted = new Set<string>();
      for (const p of t.partitions) {
        const id = JSON.stringify(p.values);
        wanted.add(id);
        const had = current.get(id);
        const next = partitionInput(name, t, p, settings.partitionsInheritFromTable);
        if (!had) create.push(next);
        else if (!newFoldersOnly && update === 'UPDATE_IN_DATABASE' && !samePartition(had, next)) change.push(next);
      }
      if (create.length > 0) {
        info(`Adding partitions ${values(create)} to table ${t.name} in database ${database}`);
      }
      for (const batch of chunks(create, 100)) {
        const out = now(
          batchCreatePartition(ctx, { DatabaseName: database, TableName: t.name, PartitionInputList: batch }),
        );
        changes.partitionsCreated += batch.length - (out.Errors?.length ?? 0);
      }
      if (change.length > 0) {
        info(`Updating partitions ${values(change)} of table ${t.name} in database ${database}`);
      }
      for (const batch of chunks(change, 100)) {
        const Entries = batch.map((p) => ({ PartitionValueList: p.Values ?? [], PartitionInput: p }));
        const out = now(batchUpdatePartition(ctx, { DatabaseName: database, TableName: t.name, Entries }));
        changes.partitionsUpdated += batch.length - (out.Errors?.length ?? 0);
      }
      if (remove === 'DELETE_FROM_DATABASE' && !newFoldersOnly) {
        const gone = [...current].filter(([id]) => !wanted.has(id)).map(([, p]) => ({ Values: p.Values ?? [] }));
        if (gone.length > 0) {
          info(
            `Deleting partitions ${values(gone)} of table ${t.name} in database ${database}: their folders are gone`,
          );
        }
        for (const batch of chunks(gone, 25)) {
          const out = now(
            batchDeletePartition(ctx, { DatabaseName: database, TableName: t.name, PartitionsToDelete: batch }),
          );
          changes.partitionsDeleted += batch.length - (out.Errors?.length ?? 0);
        }
      }
    }
    if (remove === 'LOG' || newFoldersOnly) return;
    for (const table of allTables(ctx, database)) {
      const location = table.StorageDescriptor?.Location ?? '';
      if (kept.has(table.Name ?? '') || table.Parameters?.['UPDATED_BY_CRAWLER'] !== name) continue;
      if (!scannedRoots.some((root) => `${location.replace(/\/?$/, '/')}`.startsWith(root))) continue;
      if (remove === 'DELETE_FROM_DATABASE') {
        now(deleteTable(ctx, { DatabaseName: database, Name: table.Name }));
        changes.tablesDeleted++;
        info(`Deleted table ${table.Name} in database ${database} because no data was found at ${location}`);
      } else if (table.Parameters?.['DEPRECATED_BY_CRAWLER'] === undefined) {
        const { Name, Description, Owner, Retention, TableType, Parameters, PartitionKeys, StorageDescriptor } = table;
        now(
          updateTable(ctx, {
            DatabaseName: database,
            TableInput: {
              Name,
              Description,
              Owner,
              Retention,
              TableType,
              PartitionKeys,
              StorageDescriptor,
              Parameters: { ...Parameters, DEPRECATED_BY_CRAWLER: name },
            },
          }),
        );
        changes.tablesUpdated++;
        info(
          `Table ${table.Name} is marked deprecated because a matching schema was not found at the table's location.`,
        );
      }
    }
  })();
  return changes;
}
