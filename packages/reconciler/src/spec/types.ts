/**
 * The spec as a person writes it (YAML or TypeScript). These types and the schemas in `resources/*`
 * describe the same shapes; `spec/types.test.ts` checks that they agree.
 */

/** What every resource entry may say, whatever its kind. */
export interface ResourceOptions {
  /**
   * Let apply make destructive changes to this resource (drop or retype a column, replace, delete) without
   * `--allow-destructive`: for scratch tables whose data can be rebuilt. Still shown with their lint codes.
   */
  allowDestructive?: boolean;
}

/** A Glue database. */
export interface DatabaseSpec extends ResourceOptions {
  /** Glue stores database names in lower case. */
  name: string;
  description?: string;
  locationUri?: string;
  /** Only the keys written here are managed; keys others add (crawlers, Athena) are left alone. */
  parameters?: Record<string, string>;
  /** Only the keys written here are managed. */
  tags?: Record<string, string>;
}

/** A column or partition key. */
export interface ColumnSpec {
  name: string;
  /** A Hive type: `string`, `bigint`, `decimal(10,2)`, `array<string>`, `struct<a:int>` ... */
  type: string;
  comment?: string;
}

/** A partition index: a name and some of the table's partition keys, in order. */
export interface PartitionIndexSpec {
  name: string;
  keys: string[];
}

/** The raw StorageDescriptor, for what the `format` shorthand does not cover. Columns go in `columns`. */
export interface StorageDescriptorSpec {
  location?: string;
  inputFormat?: string;
  outputFormat?: string;
  compressed?: boolean;
  numberOfBuckets?: number;
  bucketColumns?: string[];
  sortColumns?: { column: string; order: number }[];
  storedAsSubDirectories?: boolean;
  parameters?: Record<string, string>;
  serde?: { name?: string; serializationLibrary?: string; parameters?: Record<string, string> };
}

/** The file formats the `format` shorthand knows. */
export type TableFormat = 'parquet' | 'csv' | 'json';

/** A Glue table. */
export interface TableSpec extends ResourceOptions {
  /** The database's name; it must be declared in the same spec or already exist. */
  database: string;
  name: string;
  description?: string;
  owner?: string;
  /** `EXTERNAL_TABLE` (the default with `format`), `VIRTUAL_VIEW`, `GOVERNED` ... Changing it replaces the table. */
  tableType?: string;
  /** Shorthand for the StorageDescriptor's location. */
  location?: string;
  /** Shorthand that expands to input/output formats and SerDe; `storageDescriptor` overrides single fields. */
  format?: TableFormat;
  /** CSV only: the field delimiter (default `,`). */
  delimiter?: string;
  /** CSV only: the number of header lines to skip. */
  skipHeaderLines?: number;
  /** Written here, the columns are managed: a column removed here is dropped. Omitted, columns are left alone. */
  columns?: ColumnSpec[];
  partitionKeys?: ColumnSpec[];
  storageDescriptor?: StorageDescriptorSpec;
  /** Only the keys written here are managed. */
  parameters?: Record<string, string>;
  /** Added and removed with CreatePartitionIndex/DeletePartitionIndex, never by replacing the table. */
  partitionIndexes?: PartitionIndexSpec[];
  /** Only the keys written here are managed. */
  tags?: Record<string, string>;
}

/** A whole spec: every resource kind has its top-level list. */
export interface LakeboxConfig {
  databases?: DatabaseSpec[];
  tables?: TableSpec[];
}

/**
 * Declare a spec in TypeScript, with completion and type checking.
 *
 * @example
 * // lakebox.config.ts
 * import { defineConfig } from '@lakebox/reconciler';
 * export default defineConfig({
 *   databases: [{ name: 'sales' }],
 *   tables: [{ database: 'sales', name: 'orders', format: 'parquet', columns: [{ name: 'id', type: 'bigint' }] }],
 * });
 */
export function defineConfig(config: LakeboxConfig): LakeboxConfig {
  return config;
}
