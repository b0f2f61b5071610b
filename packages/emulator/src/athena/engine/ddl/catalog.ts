/**
 * The Glue catalog as DDL changes it: every write goes through the Glue API's own model functions
 * (`glue/catalog/*`) with an OpContext, so a table Athena creates is exactly one the Glue API serves.
 * Glue's errors become Athena's query failures.
 */
import { randomUUID } from 'node:crypto';
import type { Partition, PartitionInput, Table, TableInput } from '@aws-sdk/client-glue';
import type { Lakebox, OpContext } from '../../../context.js';
import { createDatabase, deleteDatabase } from '../../../glue/catalog/databases.js';
import {
  batchCreatePartition,
  batchDeletePartition,
  PARTITION_BATCH_LIMITS,
} from '../../../glue/catalog/partitions-batch.js';
import { createTable, deleteTable, updateTable } from '../../../glue/catalog/tables.js';
import { findTable } from '../../../glue/catalog/tables-store.js';
import { isAwsError } from '../../../protocol/errors.js';
import { DEFAULT_CATALOG, databaseExists, registeredPartitions } from '../catalog.js';
import { EngineError, lineColumn, userError } from '../errors.js';
import type { TableName } from './parse.js';

export interface DdlScope {
  lakebox: Lakebox;
  account: string;
  region: string;
  /** QueryExecutionContext: catalog and database of unqualified names. */
  catalog: string;
  database: string | undefined;
  sql: string;
}

/** Athena's "DDL task failed" (error type 1003) with Hive's wording. */
export function ddlFailed(text: string): EngineError {
  return new EngineError(2, 1003, `FAILED: ${text}`);
}

/** A user error named by an Athena/Trino error code that the engine's table does not list. */
export function namedError(name: string, text: string, at?: { line: number; column: number }): EngineError {
  const where = at ? `line ${at.line}:${at.column}: ` : '';
  return new EngineError(2, 1000, `${name}: ${where}${text}`);
}

export function opContext(s: DdlScope): OpContext {
  return {
    lakebox: s.lakebox,
    db: s.lakebox.db,
    account: s.account,
    region: s.region,
    requestId: randomUUID(),
    now: new Date(),
  };
}

/** Glue errors as Athena reports a failed DDL task. */
export async function glue<T>(call: () => T | Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (isAwsError(e)) throw ddlFailed(`${e.code}: ${e.message}`);
    throw e;
  }
}

/** The database and table a name means, checking the catalog is Athena's and the database exists. */
export function resolveName(s: DdlScope, ref: TableName, mustExistDb = true): { database: string; name: string } {
  const at = lineColumn(s.sql, ref.at);
  const catalog = (ref.catalog || s.catalog || DEFAULT_CATALOG).toLowerCase();
  if (catalog !== DEFAULT_CATALOG) throw userError('CATALOG_NOT_FOUND', `Catalog '${catalog}' does not exist`, at);
  const database = (ref.schema || s.database || 'default').toLowerCase();
  if (mustExistDb && !databaseExists(s.lakebox.db, s, database)) {
    throw userError('SCHEMA_NOT_FOUND', `Schema '${database}' does not exist`, at);
  }
  return { database, name: ref.name.toLowerCase() };
}

export function lookupTable(s: DdlScope, database: string, name: string): Table | undefined {
  return findTable(s.lakebox.db, s, database, name)?.table;
}

/** The table, or TABLE_NOT_FOUND at the name. */
export function requireTable(s: DdlScope, ref: TableName): { database: string; name: string; table: Table } {
  const { database, name } = resolveName(s, ref);
  const table = lookupTable(s, database, name);
  if (!table) {
    throw userError(
      'TABLE_NOT_FOUND',
      `Table '${DEFAULT_CATALOG}.${database}.${name}' does not exist`,
      lineColumn(s.sql, ref.at),
    );
  }
  return { database, name, table };
}

export function partitionsOf(s: DdlScope, database: string, name: string): Partition[] {
  return registeredPartitions(s.lakebox.db, s, database, name);
}

export const catalogWrites = {
  createDatabase: (
    s: DdlScope,
    input: { Name: string; Description?: string; LocationUri?: string; Parameters?: Record<string, string> },
  ) => glue(() => createDatabase(opContext(s), { DatabaseInput: input })),
  deleteDatabase: (s: DdlScope, name: string) => glue(() => deleteDatabase(opContext(s), { Name: name })),
  createTable: (s: DdlScope, database: string, input: TableInput) =>
    glue(() => createTable(opContext(s), { DatabaseName: database, TableInput: input })),
  updateTable: (s: DdlScope, database: string, input: TableInput) =>
    glue(() => updateTable(opContext(s), { DatabaseName: database, TableInput: input })),
  deleteTable: (s: DdlScope, database: string, name: string) =>
    glue(() => deleteTable(opContext(s), { DatabaseName: database, Name: name })),
  /** Creates partitions in batches of Glue's limit; returns how many were created (existing ones are skipped). */
  async createPartitions(s: DdlScope, database: string, table: string, inputs: PartitionInput[]): Promise<number> {
    let created = 0;
    const size = PARTITION_BATCH_LIMITS.BatchCreatePartition;
    for (let i = 0; i < inputs.length; i += size) {
      const batch = inputs.slice(i, i + size);
      const out = await glue(() =>
        batchCreatePartition(opContext(s), { DatabaseName: database, TableName: table, PartitionInputList: batch }),
      );
      const failed = out.Errors ?? [];
      const real = failed.find((e) => e.ErrorDetail?.ErrorCode !== 'AlreadyExistsException');
      if (real) throw ddlFailed(`${real.ErrorDetail?.ErrorCode}: ${real.ErrorDetail?.ErrorMessage}`);
      created += batch.length - failed.length;
    }
    return created;
  },
  async deletePartitions(s: DdlScope, database: string, table: string, values: string[][]): Promise<void> {
    const size = PARTITION_BATCH_LIMITS.BatchDeletePartition;
    for (let i = 0; i < values.length; i += size) {
      const batch = values.slice(i, i + size).map((v) => ({ Values: v }));
      const out = await glue(() =>
        batchDeletePartition(opContext(s), { DatabaseName: database, TableName: table, PartitionsToDelete: batch }),
      );
      const failed = out.Errors?.[0];
      if (failed) throw ddlFailed(`${failed.ErrorDetail?.ErrorCode}: ${failed.ErrorDetail?.ErrorMessage}`);
    }
  },
};

/** The TableInput that recreates a stored Table (for UpdateTable): Glue's read-only members removed. */
export function tableInputOf(table: Table): TableInput {
  const {
    DatabaseName: _d,
    CreateTime: _c,
    UpdateTime: _u,
    CreatedBy: _b,
    IsRegisteredWithLakeFormation: _l,
    CatalogId: _i,
    VersionId: _v,
    FederatedTable: _f,
    IsMultiDialectView: _m,
    Status: _s,
    ...input
  } = table as Table & Record<string, unknown>;
  return input as TableInput;
}
