import type { Json11Service } from '../edge/json11-dispatch.js';
import type { AnyHandler } from '../protocol/operations.js';
import { loadServiceModel } from '../protocol/validate/validator.js';
import { columnStatisticsOperations } from './catalog/column-statistics.js';
import { createDatabase, deleteDatabase, getDatabase, getDatabases, updateDatabase } from './catalog/databases.js';
import { partitionIndexOperations } from './catalog/partition-indexes.js';
import { partitionOperations } from './catalog/partitions.js';
import { searchTableOperations } from './catalog/search-tables.js';
import {
  batchDeleteTableVersion,
  deleteTableVersion,
  getTableVersion,
  getTableVersions,
} from './catalog/table-versions.js';
import { batchDeleteTable, createTable, deleteTable, getTable, getTables, updateTable } from './catalog/tables.js';
import { tagOperations } from './catalog/tags.js';
import { crawlerOperations } from './crawlers/operations.js';
import { jobOperations } from './jobs/operations.js';
import type { GlueOperations } from './operations.js';
import { triggerOperations } from './triggers/operations.js';

/**
 * Glue, as lakebox serves it.
 *
 * LIMITATIONS: one Data Catalog per account and region; Lake Formation permissions are not enforced
 * (`IsRegisteredWithLakeFormation` is always false); transactions (`TransactionId`) and federated
 * catalogs are accepted but ignored.
 */
export const glueOperations = {
  CreateDatabase: createDatabase,
  GetDatabase: getDatabase,
  GetDatabases: getDatabases,
  UpdateDatabase: updateDatabase,
  DeleteDatabase: deleteDatabase,
  CreateTable: createTable,
  GetTable: getTable,
  GetTables: getTables,
  UpdateTable: updateTable,
  DeleteTable: deleteTable,
  BatchDeleteTable: batchDeleteTable,
  GetTableVersion: getTableVersion,
  GetTableVersions: getTableVersions,
  DeleteTableVersion: deleteTableVersion,
  BatchDeleteTableVersion: batchDeleteTableVersion,
  ...searchTableOperations,
  ...partitionOperations,
  ...partitionIndexOperations,
  ...tagOperations,
  ...columnStatisticsOperations,
  ...jobOperations,
  ...crawlerOperations,
  ...triggerOperations,
} satisfies Partial<GlueOperations>;

export const glueService: Json11Service = {
  name: 'glue',
  targetPrefix: 'AWSGlue',
  model: () => loadServiceModel('glue'),
  operations: glueOperations as Readonly<Record<string, AnyHandler>>,
  prepare: acceptEmptyCatalogId,
};

/**
 * `CatalogId: ""` is what Terraform sends when told to skip the account lookup; Glue treats it as the
 * caller's catalog although the model's minimum length is 1.
 */
function acceptEmptyCatalogId(body: Record<string, unknown>): Record<string, unknown> {
  if (body['CatalogId'] !== '') return body;
  const { CatalogId: _empty, ...rest } = body;
  return rest;
}
