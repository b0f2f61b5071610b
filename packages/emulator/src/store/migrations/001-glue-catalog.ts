/** Migration 1: the Glue Data Catalog. */
export const glueCatalogSchema = `
  CREATE TABLE glue_databases (
    account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (account, region, name)
  ) WITHOUT ROWID;

  CREATE TABLE glue_tables (
    account TEXT NOT NULL, region TEXT NOT NULL, database_name TEXT NOT NULL, name TEXT NOT NULL,
    version_id INTEGER NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (account, region, database_name, name)
  ) WITHOUT ROWID;

  CREATE TABLE glue_table_versions (
    account TEXT NOT NULL, region TEXT NOT NULL, database_name TEXT NOT NULL, table_name TEXT NOT NULL,
    version_id INTEGER NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (account, region, database_name, table_name, version_id)
  ) WITHOUT ROWID;

  CREATE TABLE glue_partitions (
    account TEXT NOT NULL, region TEXT NOT NULL, database_name TEXT NOT NULL, table_name TEXT NOT NULL,
    -- JSON array of the partition's values: the key, and what expressions are evaluated on.
    values_key TEXT NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (account, region, database_name, table_name, values_key)
  ) WITHOUT ROWID;

  CREATE TABLE glue_partition_indexes (
    account TEXT NOT NULL, region TEXT NOT NULL, database_name TEXT NOT NULL, table_name TEXT NOT NULL,
    index_name TEXT NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (account, region, database_name, table_name, index_name)
  ) WITHOUT ROWID;

  -- partition_key is '' for table-level statistics, else the partition's values_key.
  CREATE TABLE glue_column_statistics (
    account TEXT NOT NULL, region TEXT NOT NULL, database_name TEXT NOT NULL, table_name TEXT NOT NULL,
    partition_key TEXT NOT NULL, column_name TEXT NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (account, region, database_name, table_name, partition_key, column_name)
  ) WITHOUT ROWID;

  CREATE TABLE resource_tags (
    account TEXT NOT NULL, region TEXT NOT NULL, arn TEXT NOT NULL, tag_key TEXT NOT NULL,
    tag_value TEXT NOT NULL,
    PRIMARY KEY (account, region, arn, tag_key)
  ) WITHOUT ROWID;
  `;
