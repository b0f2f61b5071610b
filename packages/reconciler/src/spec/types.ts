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

/** A Glue job. The script is a local file, uploaded to S3 under a name carrying its content hash. */
export interface JobSpec extends ResourceOptions {
  /** Glue keeps job names as written (case matters). */
  name: string;
  /** The IAM role the job runs as (name or ARN). */
  role: string;
  /** `glueetl` (the default, PySpark), `pythonshell`, `gluestreaming`, `glueray`. */
  type?: 'glueetl' | 'pythonshell' | 'gluestreaming' | 'glueray';
  /** A local file, relative to the spec file (uploaded by apply), or an `s3://` URI used as it is. */
  script: string;
  /** Where a local script is uploaded: an `s3://bucket/prefix/`; the key is `<prefix><name>-<sha256>.<ext>`. */
  scriptLocation?: string;
  pythonVersion?: string;
  runtime?: string;
  description?: string;
  glueVersion?: string;
  workerType?: string;
  numberOfWorkers?: number;
  /** Minutes (the service's default: 2880). */
  timeout?: number;
  /** Default 0. */
  maxRetries?: number;
  /** Default 1. */
  maxConcurrentRuns?: number;
  /** `--key: value`; only the keys written here are managed. */
  defaultArguments?: Record<string, string>;
  nonOverridableArguments?: Record<string, string>;
  connections?: string[];
  executionClass?: 'STANDARD' | 'FLEX';
  tags?: Record<string, string>;
}

/** An S3 path a crawler reads. */
export interface CrawlerS3TargetSpec {
  path: string;
  exclusions?: string[];
  sampleSize?: number;
}

/** A Glue crawler. */
export interface CrawlerSpec extends ResourceOptions {
  name: string;
  role: string;
  /** The database it writes tables to: declared in this spec or already existing. */
  database: string;
  description?: string;
  targets: {
    s3?: CrawlerS3TargetSpec[];
    catalog?: { database: string; tables: string[] }[];
  };
  /** `cron(0 6 * * ? *)`; omitted, the crawler runs on demand. */
  schedule?: string;
  classifiers?: string[];
  tablePrefix?: string;
  schemaChangePolicy?: {
    /** Default UPDATE_IN_DATABASE. */
    updateBehavior?: 'LOG' | 'UPDATE_IN_DATABASE';
    /** Default DEPRECATE_IN_DATABASE. */
    deleteBehavior?: 'LOG' | 'DELETE_FROM_DATABASE' | 'DEPRECATE_IN_DATABASE';
  };
  recrawlPolicy?: { recrawlBehavior?: 'CRAWL_EVERYTHING' | 'CRAWL_NEW_FOLDERS_ONLY' | 'CRAWL_EVENT_MODE' };
  /** The crawler's configuration JSON, as a string (compared as JSON, key order aside). */
  configuration?: string;
  tags?: Record<string, string>;
}

/** What a trigger starts: one job (with arguments) or one crawler. */
export interface TriggerActionSpec {
  job?: string;
  crawler?: string;
  arguments?: Record<string, string>;
  timeout?: number;
}

/** One condition of a conditional trigger. */
export interface TriggerConditionSpec {
  job?: string;
  crawler?: string;
  /** A job run state (SUCCEEDED, FAILED ...). */
  state?: string;
  /** A crawl state (SUCCEEDED, FAILED ...). */
  crawlState?: string;
}

/** A Glue trigger. */
export interface TriggerSpec extends ResourceOptions {
  name: string;
  /** Changing it replaces the trigger. */
  type: 'SCHEDULED' | 'CONDITIONAL' | 'ON_DEMAND' | 'EVENT';
  /** SCHEDULED: `cron(0 6 * * ? *)`. */
  schedule?: string;
  description?: string;
  /** SCHEDULED and CONDITIONAL: activated (StartTrigger) or not (StopTrigger). */
  enabled?: boolean;
  actions: TriggerActionSpec[];
  predicate?: { logical?: 'AND' | 'ANY'; conditions: TriggerConditionSpec[] };
  tags?: Record<string, string>;
}

/** An Athena workgroup. */
export interface WorkgroupSpec extends ResourceOptions {
  name: string;
  description?: string;
  /** Default ENABLED. */
  state?: 'ENABLED' | 'DISABLED';
  /** Where query results go: `s3://bucket/prefix/`. */
  outputLocation?: string;
  encryption?: 'SSE_S3' | 'SSE_KMS' | 'CSE_KMS';
  kmsKey?: string;
  /** Default true: the workgroup's settings override the client's. */
  enforceConfiguration?: boolean;
  publishCloudWatchMetrics?: boolean;
  bytesScannedCutoffPerQuery?: number;
  /** Default false. */
  requesterPays?: boolean;
  /** `AUTO` (the default), `Athena engine version 3` ... */
  engineVersion?: string;
  tags?: Record<string, string>;
}

/** An Athena named (saved) query: updated in place with UpdateNamedQuery, never replaced for its text. */
export interface NamedQuerySpec extends ResourceOptions {
  /** Unique within its workgroup in this spec (Athena itself does not enforce it). */
  name: string;
  /** Default `primary`. */
  workgroup?: string;
  database: string;
  query: string;
  description?: string;
}

/** Where the state lives: a local file (the default) or an S3 object, locked with conditional writes. */
export interface StateConfig {
  backend: 'local' | 's3';
  /** local: the file (default `.lakebox-state.json` beside the spec). */
  path?: string;
  /** s3: the bucket. */
  bucket?: string;
  /** s3: the object key, e.g. `lakebox/prod.tfstate.json`. */
  key?: string;
}

/** A whole spec: every resource kind has its top-level list. */
export interface LakeboxConfig {
  /** Where the state lives; `--state` overrides it. */
  state?: StateConfig;
  databases?: DatabaseSpec[];
  tables?: TableSpec[];
  workgroups?: WorkgroupSpec[];
  namedQueries?: NamedQuerySpec[];
  jobs?: JobSpec[];
  crawlers?: CrawlerSpec[];
  triggers?: TriggerSpec[];
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
