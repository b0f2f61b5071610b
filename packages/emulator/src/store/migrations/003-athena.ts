/**
 * Migration 3: Athena workgroups, query executions, named queries and prepared statements.
 * Tags of workgroups and data catalogs live in `resource_tags` (migration 1), keyed by ARN.
 */
export const athenaSchema = `
  CREATE TABLE athena_workgroups (
    account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (account, region, name)
  ) WITHOUT ROWID;

  -- seq orders a workgroup's executions (ListQueryExecutions is newest first); client_token makes StartQueryExecution
  -- idempotent; request_key is what a retry with the same token must match.
  CREATE TABLE athena_query_executions (
    account TEXT NOT NULL, region TEXT NOT NULL, id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    workgroup TEXT NOT NULL,
    client_token TEXT,
    request_key TEXT NOT NULL,
    state TEXT NOT NULL,
    doc TEXT NOT NULL,
    -- What GetQueryResults pages: JSON { bucket?, key?, file?, header, columns, updateCount? }, set on success.
    result TEXT,
    PRIMARY KEY (account, region, id)
  ) WITHOUT ROWID;
  CREATE INDEX athena_query_executions_by_workgroup ON athena_query_executions (account, region, workgroup, seq);
  CREATE UNIQUE INDEX athena_query_executions_by_token ON athena_query_executions (account, region, client_token);

  CREATE TABLE athena_named_queries (
    account TEXT NOT NULL, region TEXT NOT NULL, id TEXT NOT NULL,
    workgroup TEXT NOT NULL,
    client_token TEXT,
    doc TEXT NOT NULL,
    PRIMARY KEY (account, region, id)
  ) WITHOUT ROWID;
  CREATE INDEX athena_named_queries_by_workgroup ON athena_named_queries (account, region, workgroup, id);

  CREATE TABLE athena_prepared_statements (
    account TEXT NOT NULL, region TEXT NOT NULL, workgroup TEXT NOT NULL, name TEXT NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (account, region, workgroup, name)
  ) WITHOUT ROWID;
`;
