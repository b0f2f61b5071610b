import type { Table } from '@aws-sdk/client-glue';
import { databaseKind } from '../resources/database.js';
import type { LiveObject } from '../resources/kind.js';
import { tableKind } from '../resources/table.js';
import { flattenTable } from '../resources/table-attrs.js';
import type { DatabaseSpec, TableSpec } from '../spec/types.js';
import type { State } from '../state/state.js';
import type { DesiredResource, LiveSnapshot } from './plan.js';

/** A spec entry as the loader would produce it. */
export function desiredDatabase(spec: DatabaseSpec): DesiredResource {
  const id = databaseKind.id(spec);
  return { kind: 'database', id, address: `database.${id.join('.')}`, spec, references: [] };
}

export function desiredTable(spec: TableSpec): DesiredResource {
  const id = tableKind.id(spec);
  return {
    kind: 'table',
    id,
    address: `table.${id.join('.')}`,
    spec,
    references: tableKind.references(spec).map((r) => r.address),
  };
}

/** A live table as Glue returns it, server-added fields and all. */
export function glueTable(overrides: Partial<Table> = {}): Table {
  return {
    Name: 'orders',
    DatabaseName: 'sales',
    CreateTime: new Date('2026-01-01T00:00:00Z'),
    UpdateTime: new Date('2026-01-02T00:00:00Z'),
    CreatedBy: 'arn:aws:iam::000000000000:user/someone',
    CatalogId: '000000000000',
    VersionId: '3',
    IsRegisteredWithLakeFormation: false,
    Retention: 0,
    TableType: 'EXTERNAL_TABLE',
    Parameters: { classification: 'parquet', EXTERNAL: 'TRUE', transient_lastDdlTime: '1700000000' },
    PartitionKeys: [{ Name: 'dt', Type: 'date' }],
    StorageDescriptor: {
      Columns: [
        { Name: 'id', Type: 'BIGINT' },
        { Name: 'amount', Type: 'decimal(10, 2)' },
      ],
      Location: 's3://lake/orders/',
      InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
      OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
      Compressed: false,
      NumberOfBuckets: -1,
      StoredAsSubDirectories: false,
      SerdeInfo: {
        SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
        Parameters: { 'serialization.format': '1' },
      },
      Parameters: {},
      BucketColumns: [],
      SortColumns: [],
    },
    ...overrides,
  };
}

/** The table spec that `glueTable()` satisfies. */
export const ordersSpec: TableSpec = {
  database: 'Sales',
  name: 'Orders',
  format: 'parquet',
  location: 's3://lake/orders/',
  columns: [
    { name: 'id', type: 'bigint' },
    { name: 'amount', type: 'DECIMAL(10,2)' },
  ],
  partitionKeys: [{ name: 'dt', type: 'date' }],
};

export function liveTable(table: Table, extra: Record<string, string | string[]> = {}): LiveObject {
  const id = [table.DatabaseName ?? '', table.Name ?? ''];
  return {
    address: `table.${id.join('.')}`,
    id,
    attrs: { ...flattenTable(table), ...extra },
    ...(table.VersionId ? { versionId: table.VersionId } : {}),
  };
}

export function liveDatabase(name: string, attrs: Record<string, string> = {}): LiveObject {
  return { address: `database.${name}`, id: [name], attrs };
}

export function snapshot(...objects: LiveObject[]): LiveSnapshot {
  return { addresses: new Set(objects.map((o) => o.address)), objects: new Map(objects.map((o) => [o.address, o])) };
}

/** A state managing the given resources with the given recorded attributes. */
export function stateWith(
  resources: Record<string, { kind: string; id: string[]; attributes: Record<string, string | string[]> }>,
): State {
  return { version: 1, serial: 4, resources };
}
