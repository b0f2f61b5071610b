/**
 * Glue's `enableUpdateCatalog` for DynamicFrame writes (`getSink(...).setCatalogInfo(...)` and
 * `write_dynamic_frame.from_catalog(..., additional_options={'enableUpdateCatalog': True})`): after the files
 * are written, the table is created if missing (sink only), its new columns added (UPDATE_IN_DATABASE), and
 * the partitions written are registered. Done through the catalog's own operations (contract 1).
 */
import { randomUUID } from 'node:crypto';
import type { Column, StorageDescriptor } from '@aws-sdk/client-glue';
import type { Lakebox, OpContext } from '../context.js';
import { batchCreatePartition } from '../glue/catalog/partitions-batch.js';
import { createTable, updateTable } from '../glue/catalog/tables.js';
import { findTable } from '../glue/catalog/tables-store.js';
import { analysisError } from './errors.js';
import type { Scope } from './sources.js';

export interface RegisterRequest {
  database: string;
  table: string;
  /** `s3://bucket/prefix/` the files were written under. */
  location: string;
  format: 'parquet' | 'csv' | 'json';
  /** Data columns (not the partition keys), Hive types. */
  columns: Column[];
  partitionKeys: string[];
  /** Object URIs the write produced (their `key=value/` folders give the partitions). */
  files: string[];
  /** Create the table when it does not exist (getSink + setCatalogInfo). */
  create: boolean;
  /** `updateBehavior` UPDATE_IN_DATABASE: add the columns the table lacks. */
  updateSchema: boolean;
}

const FORMATS: Record<RegisterRequest['format'], Omit<StorageDescriptor, 'Columns' | 'Location'>> = {
  parquet: {
    InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
    OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
    SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
  },
  json: {
    InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
    OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
    SerdeInfo: { SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe' },
  },
  csv: {
    InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
    OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
    SerdeInfo: {
      SerializationLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
      Parameters: { 'field.delim': ',' },
    },
  },
};

export async function registerWrite(
  lakebox: Lakebox,
  scope: Scope,
  req: RegisterRequest,
): Promise<{ created: boolean; partitions: number }> {
  const ctx: OpContext = { lakebox, db: lakebox.db, ...scope, requestId: randomUUID(), now: new Date() };
  const location = req.location.endsWith('/') ? req.location : `${req.location}/`;
  const database = req.database.toLowerCase();
  const existing = findTable(lakebox.db, scope, database, req.table.toLowerCase())?.table;
  let created = false;
  if (!existing) {
    if (!req.create) throw analysisError(`Table or view not found: ${req.database}.${req.table}`);
    await createTable(ctx, {
      DatabaseName: database,
      TableInput: {
        Name: req.table,
        TableType: 'EXTERNAL_TABLE',
        Parameters: { classification: req.format },
        PartitionKeys: req.partitionKeys.map((k) => ({ Name: k, Type: 'string' })),
        StorageDescriptor: { Columns: req.columns, Location: location, ...FORMATS[req.format] },
      },
    });
    created = true;
  } else if (req.updateSchema) {
    const have = new Set((existing.StorageDescriptor?.Columns ?? []).map((c) => (c.Name ?? '').toLowerCase()));
    const keys = new Set((existing.PartitionKeys ?? []).map((k) => (k.Name ?? '').toLowerCase()));
    const added = req.columns.filter(
      (c) => !have.has((c.Name ?? '').toLowerCase()) && !keys.has((c.Name ?? '').toLowerCase()),
    );
    if (added.length > 0) {
      const {
        DatabaseName: _d,
        CreateTime: _c,
        UpdateTime: _u,
        CreatedBy: _b,
        IsRegisteredWithLakeFormation: _l,
        CatalogId: _i,
        VersionId: _v,
        ...input
      } = existing;
      await updateTable(ctx, {
        DatabaseName: database,
        TableInput: {
          ...input,
          Name: existing.Name ?? req.table,
          StorageDescriptor: {
            ...existing.StorageDescriptor,
            Columns: [...(existing.StorageDescriptor?.Columns ?? []), ...added],
          },
        },
      });
    }
  }
  const table = findTable(lakebox.db, scope, database, req.table.toLowerCase())?.table;
  const keys = (table?.PartitionKeys ?? []).map((k) => k.Name ?? '');
  const sd = table?.StorageDescriptor ?? {};
  const folders = new Map<string, string[]>();
  for (const uri of req.files) {
    const rest = uri.startsWith(location) ? uri.slice(location.length) : '';
    const segments = rest.split('/').slice(0, -1);
    if (keys.length === 0 || segments.length !== keys.length) continue;
    const values = segments.map((s, i) => {
      const at = s.indexOf('=');
      return at > 0 && s.slice(0, at).toLowerCase() === (keys[i] ?? '').toLowerCase()
        ? unescapePathName(s.slice(at + 1))
        : undefined;
    });
    if (values.some((v) => v === undefined)) continue;
    folders.set(`${location}${segments.join('/')}/`, values as string[]);
  }
  const inputs = [...folders].map(([folder, values]) => ({
    Values: values,
    StorageDescriptor: { ...sd, Location: folder },
  }));
  let partitions = 0;
  for (let i = 0; i < inputs.length; i += 100) {
    const out = await batchCreatePartition(ctx, {
      DatabaseName: database,
      TableName: req.table,
      PartitionInputList: inputs.slice(i, i + 100),
    });
    partitions += inputs.slice(i, i + 100).length - (out.Errors ?? []).length;
  }
  return { created, partitions };
}

function unescapePathName(value: string): string {
  return value.replace(/%([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}
