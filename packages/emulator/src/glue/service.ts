import type { Json11Service } from '../edge/json11-dispatch.js';
import type { AnyHandler } from '../protocol/operations.js';
import { loadServiceModel } from '../protocol/validate/validator.js';
import { createDatabase, deleteDatabase, getDatabase, getDatabases, updateDatabase } from './catalog/databases.js';
import {
  batchDeleteTableVersion,
  deleteTableVersion,
  getTableVersion,
  getTableVersions,
} from './catalog/table-versions.js';
import { batchDeleteTable, createTable, deleteTable, getTable, getTables, updateTable } from './catalog/tables.js';
import type { GlueOperations } from './operations.js';

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
} satisfies Partial<GlueOperations>;

export const glueService: Json11Service = {
  name: 'glue',
  targetPrefix: 'AWSGlue',
  model: () => loadServiceModel('glue'),
  operations: glueOperations as Readonly<Record<string, AnyHandler>>,
};
