/**
 * Runs Athena DDL and write statements against the one Glue catalog (see `catalog.ts`):
 * CREATE/DROP DATABASE, CREATE EXTERNAL TABLE, DROP TABLE, ALTER TABLE ADD/DROP PARTITION, SET TBLPROPERTIES,
 * SET LOCATION, ADD/REPLACE COLUMNS, MSCK REPAIR TABLE, CREATE [OR REPLACE] VIEW, DROP VIEW, CTAS and
 * INSERT INTO. DDL results are empty (Athena's `<id>.txt` is empty) except MSCK's report lines; CTAS and
 * INSERT are DML whose UpdateCount is the number of rows written.
 *
 * LIMITATIONS: Iceberg tables (`table_type = 'ICEBERG'`), bucketing on write, ORC/Avro writes and
 * ALTER TABLE RENAME/CHANGE COLUMN are not supported (NOT_SUPPORTED).
 */
import { writeFileSync } from 'node:fs';
import type { ColumnInfo } from '@aws-sdk/client-athena';
import type { PartitionInput } from '@aws-sdk/client-glue';
import { VARCHAR } from '@duckdb/node-api';
import { databaseExists } from '../catalog.js';
import { userError } from '../errors.js';
import { columnInfo } from '../results.js';
import type { Token } from '../tokens.js';
import {
  catalogWrites,
  type DdlScope,
  ddlFailed,
  lookupTable,
  partitionsOf,
  requireTable,
  resolveName,
  tableInputOf,
} from './catalog.js';
import { repairTable } from './msck.js';
import { type DdlStatement, parseDdl } from './parse.js';
import type { QueryPipeline } from './query.js';
import { checkLocation, createTableInput, glueColumn } from './table-input.js';
import { createView, dropView } from './views.js';
import { runWrite } from './write.js';

export interface DdlRun extends QueryPipeline {
  scope: DdlScope;
  tokens: readonly Token[];
  queryId: string;
  resultFile: string;
  /** The query's output location (CTAS writes under `<output>tables/<query id>/` without external_location). */
  output: { bucket: string; prefix: string } | undefined;
}

export interface DdlResult {
  statementType: 'DDL' | 'DML';
  columns: ColumnInfo[];
  rowCount: number;
  updateCount?: number;
  dataScannedBytes: number;
}

export async function runDdl(run: DdlRun): Promise<DdlResult> {
  const statement = parseDdl(run.scope.sql, run.tokens);
  if (statement.kind === 'ctas' || statement.kind === 'insert') {
    const written = await runWrite(run, statement);
    writeFileSync(run.resultFile, '');
    return {
      statementType: 'DML',
      columns: [],
      rowCount: 0,
      updateCount: written.rows,
      dataScannedBytes: written.scanned,
    };
  }
  const lines = await runCatalogStatement(run, statement);
  if (lines === undefined) {
    writeFileSync(run.resultFile, '');
    return { statementType: 'DDL', columns: [], rowCount: 0, dataScannedBytes: 0 };
  }
  const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
  writeFileSync(run.resultFile, ['', ...lines].map((l) => `${quote(l)}\n`).join(''));
  return { statementType: 'DDL', columns: [columnInfo('', VARCHAR)], rowCount: lines.length, dataScannedBytes: 0 };
}

type CatalogStatement = Exclude<DdlStatement, { kind: 'ctas' | 'insert' }>;

/** Runs a statement that only changes the catalog; returns its result lines, if it has any. */
async function runCatalogStatement(run: DdlRun, st: CatalogStatement): Promise<string[] | undefined> {
  const s = run.scope;
  switch (st.kind) {
    case 'createDatabase': {
      const name = st.name.toLowerCase();
      if (st.ifNotExists && databaseExists(s.lakebox.db, s, name)) return undefined;
      await catalogWrites.createDatabase(s, {
        Name: name,
        ...(st.comment !== undefined ? { Description: st.comment } : {}),
        ...(st.location !== undefined ? { LocationUri: checkLocation(st.location) } : {}),
        ...(Object.keys(st.properties).length > 0 ? { Parameters: st.properties } : {}),
      });
      return undefined;
    }
    case 'dropDatabase': {
      const name = st.name.toLowerCase();
      if (!databaseExists(s.lakebox.db, s, name)) {
        if (st.ifExists) return undefined;
        throw ddlFailed(`SemanticException [Error 10072]: Database does not exist: ${name}`);
      }
      const tables = s.lakebox.db
        .prepare('SELECT count(*) FROM glue_tables WHERE account = ? AND region = ? AND database_name = ?')
        .pluck()
        .get(s.account, s.region, name) as number;
      if (tables > 0 && !st.cascade) {
        throw ddlFailed(`InvalidOperationException: Database ${name} is not empty. One or more tables exist.`);
      }
      await catalogWrites.deleteDatabase(s, name);
      return undefined;
    }
    case 'createTable': {
      const { database, name } = resolveName(s, st.table);
      const icebergType = Object.entries(st.tblProperties).find(([k]) => k.toLowerCase() === 'table_type')?.[1];
      if (icebergType?.toUpperCase() === 'ICEBERG') {
        throw userError('NOT_SUPPORTED', 'Iceberg tables are not supported by lakebox yet');
      }
      if (!st.external) {
        throw ddlFailed(
          "SemanticException Only external tables are supported (use CREATE EXTERNAL TABLE, or TBLPROPERTIES ('table_type'='ICEBERG'))",
        );
      }
      if (lookupTable(s, database, name)) {
        if (st.ifNotExists) return undefined;
        throw ddlFailed(`AlreadyExistsException: Table ${name} already exists.`);
      }
      const keys = new Set<string>();
      for (const c of st.columns) {
        if (keys.has(c.name)) throw ddlFailed(`SemanticException [Error 10036]: Duplicate column name: ${c.name}`);
        keys.add(c.name);
      }
      for (const c of st.partitionKeys) {
        if (keys.has(c.name))
          throw ddlFailed('SemanticException [Error 10035]: Column repeated in partitioning columns');
        keys.add(c.name);
      }
      await catalogWrites.createTable(s, database, { ...createTableInput(st), Name: name });
      return undefined;
    }
    case 'dropTable':
    case 'dropView': {
      const ref = st.kind === 'dropTable' ? st.table : st.view;
      const { database, name } = resolveName(s, ref, !st.ifExists);
      const table = lookupTable(s, database, name);
      if (!table) {
        if (st.ifExists) return undefined;
        if (st.kind === 'dropView') {
          throw userError('TABLE_NOT_FOUND', `View '${`awsdatacatalog.${database}.${name}`}' does not exist`);
        }
        throw ddlFailed(`SemanticException [Error 10001]: Table not found ${name}`);
      }
      if (st.kind === 'dropView') return dropView(s, database, name, table);
      if (table.TableType === 'VIRTUAL_VIEW') {
        throw ddlFailed(`SemanticException [Error 10131]: Cannot drop a view with DROP TABLE: ${name}`);
      }
      await catalogWrites.deleteTable(s, database, name);
      return undefined;
    }
    case 'addPartitions': {
      const { database, name, table } = requireTable(s, st.table);
      const keys = (table.PartitionKeys ?? []).map((k) => (k.Name ?? '').toLowerCase());
      const existing = new Set(partitionsOf(s, database, name).map((p) => JSON.stringify(p.Values ?? [])));
      const inputs: PartitionInput[] = [];
      for (const p of st.partitions) {
        const values = orderedValues(keys, p.values, name);
        const id = JSON.stringify(values);
        if (existing.has(id)) {
          if (st.ifNotExists) continue;
          throw ddlFailed('AlreadyExistsException: Partition already exists.');
        }
        existing.add(id);
        const base = (table.StorageDescriptor?.Location ?? '').replace(/\/+$/, '');
        if (!p.location && base === '') {
          throw ddlFailed(`SemanticException Table ${name} has no LOCATION: give the partition a LOCATION`);
        }
        const location = p.location ? checkLocation(p.location) : `${base}/${hivePath(keys, values)}`;
        inputs.push({ Values: values, StorageDescriptor: { ...table.StorageDescriptor, Location: location } });
      }
      await catalogWrites.createPartitions(s, database, name, inputs);
      return undefined;
    }
    case 'dropPartitions': {
      const { database, name, table } = requireTable(s, st.table);
      const keys = (table.PartitionKeys ?? []).map((k) => (k.Name ?? '').toLowerCase());
      const existing = new Set(partitionsOf(s, database, name).map((p) => JSON.stringify(p.Values ?? [])));
      const drop: string[][] = [];
      for (const spec of st.partitions) {
        const values = orderedValues(keys, spec, name);
        if (!existing.has(JSON.stringify(values))) {
          if (st.ifExists) continue;
          throw ddlFailed(
            `SemanticException [Error 10006]: Partition not found (${spec.map(([k, v]) => `${k} = '${v}'`).join(', ')})`,
          );
        }
        drop.push(values);
      }
      await catalogWrites.deletePartitions(s, database, name, drop);
      return undefined;
    }
    case 'setTblProperties': {
      const { database, table } = requireTable(s, st.table);
      const input = tableInputOf(table);
      await catalogWrites.updateTable(s, database, {
        ...input,
        Parameters: { ...(input.Parameters ?? {}), ...st.properties },
      });
      return undefined;
    }
    case 'setLocation': {
      const { database, table } = requireTable(s, st.table);
      const input = tableInputOf(table);
      await catalogWrites.updateTable(s, database, {
        ...input,
        StorageDescriptor: { ...input.StorageDescriptor, Location: checkLocation(st.location) },
      });
      return undefined;
    }
    case 'addColumns': {
      const { database, table } = requireTable(s, st.table);
      const input = tableInputOf(table);
      const current = input.StorageDescriptor?.Columns ?? [];
      const added = st.columns.map(glueColumn);
      if (!st.replace) {
        const names = new Set([...current, ...(table.PartitionKeys ?? [])].map((c) => c.Name?.toLowerCase()));
        const dup = added.find((c) => names.has(c.Name));
        if (dup) throw ddlFailed(`SemanticException [Error 10036]: Duplicate column name: ${dup.Name}`);
      }
      await catalogWrites.updateTable(s, database, {
        ...input,
        StorageDescriptor: { ...input.StorageDescriptor, Columns: st.replace ? added : [...current, ...added] },
      });
      return undefined;
    }
    case 'msck':
      return repairTable(s, st.table);
    case 'createView':
      await createView(run, st);
      return undefined;
  }
}

/** A partition spec's values in the table's key order; every key exactly once. */
export function orderedValues(keys: readonly string[], spec: ReadonlyArray<[string, string]>, table: string): string[] {
  const given = new Map(spec.map(([k, v]) => [k.toLowerCase(), v]));
  if (given.size !== spec.length || given.size !== keys.length || keys.some((k) => !given.has(k))) {
    const names = spec.map(([k]) => k).join(', ');
    throw ddlFailed(
      `SemanticException [Error 10098]: Partition spec (${names}) does not match the partition keys (${keys.join(', ')}) of table ${table}`,
    );
  }
  return keys.map((k) => given.get(k) ?? '');
}

/** Hive's escaping of a partition value in a path (`FileUtils.escapePathName`). */
export function escapePathName(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    out +=
      code < 0x20 || code === 0x7f || '"#%\'*/:=?\\{[]^'.includes(ch)
        ? `%${code.toString(16).toUpperCase().padStart(2, '0')}`
        : ch;
  }
  return out;
}

export function hivePath(keys: readonly string[], values: readonly string[]): string {
  return `${keys.map((k, i) => `${k}=${escapePathName(values[i] ?? '')}`).join('/')}/`;
}
