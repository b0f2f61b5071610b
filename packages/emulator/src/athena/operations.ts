import type * as A from '@aws-sdk/client-athena';
import type { Handler } from '../protocol/operations.js';

/**
 * The Athena operations lakebox serves, typed with the AWS SDK v3 command types (STYLE lesson 3).
 * The operation table in `service.ts` must `satisfies Partial<AthenaOperations>`.
 */
export interface AthenaOperations {
  StartQueryExecution: Handler<A.StartQueryExecutionCommandInput, A.StartQueryExecutionCommandOutput>;
  GetQueryExecution: Handler<A.GetQueryExecutionCommandInput, A.GetQueryExecutionCommandOutput>;
  GetQueryResults: Handler<A.GetQueryResultsCommandInput, A.GetQueryResultsCommandOutput>;
  GetQueryRuntimeStatistics: Handler<A.GetQueryRuntimeStatisticsCommandInput, A.GetQueryRuntimeStatisticsCommandOutput>;
  StopQueryExecution: Handler<A.StopQueryExecutionCommandInput, A.StopQueryExecutionCommandOutput>;
  ListQueryExecutions: Handler<A.ListQueryExecutionsCommandInput, A.ListQueryExecutionsCommandOutput>;
  BatchGetQueryExecution: Handler<A.BatchGetQueryExecutionCommandInput, A.BatchGetQueryExecutionCommandOutput>;
  CreateWorkGroup: Handler<A.CreateWorkGroupCommandInput, A.CreateWorkGroupCommandOutput>;
  GetWorkGroup: Handler<A.GetWorkGroupCommandInput, A.GetWorkGroupCommandOutput>;
  ListWorkGroups: Handler<A.ListWorkGroupsCommandInput, A.ListWorkGroupsCommandOutput>;
  UpdateWorkGroup: Handler<A.UpdateWorkGroupCommandInput, A.UpdateWorkGroupCommandOutput>;
  DeleteWorkGroup: Handler<A.DeleteWorkGroupCommandInput, A.DeleteWorkGroupCommandOutput>;
  CreateNamedQuery: Handler<A.CreateNamedQueryCommandInput, A.CreateNamedQueryCommandOutput>;
  GetNamedQuery: Handler<A.GetNamedQueryCommandInput, A.GetNamedQueryCommandOutput>;
  ListNamedQueries: Handler<A.ListNamedQueriesCommandInput, A.ListNamedQueriesCommandOutput>;
  BatchGetNamedQuery: Handler<A.BatchGetNamedQueryCommandInput, A.BatchGetNamedQueryCommandOutput>;
  UpdateNamedQuery: Handler<A.UpdateNamedQueryCommandInput, A.UpdateNamedQueryCommandOutput>;
  DeleteNamedQuery: Handler<A.DeleteNamedQueryCommandInput, A.DeleteNamedQueryCommandOutput>;
  CreatePreparedStatement: Handler<A.CreatePreparedStatementCommandInput, A.CreatePreparedStatementCommandOutput>;
  GetPreparedStatement: Handler<A.GetPreparedStatementCommandInput, A.GetPreparedStatementCommandOutput>;
  ListPreparedStatements: Handler<A.ListPreparedStatementsCommandInput, A.ListPreparedStatementsCommandOutput>;
  UpdatePreparedStatement: Handler<A.UpdatePreparedStatementCommandInput, A.UpdatePreparedStatementCommandOutput>;
  DeletePreparedStatement: Handler<A.DeletePreparedStatementCommandInput, A.DeletePreparedStatementCommandOutput>;
  BatchGetPreparedStatement: Handler<A.BatchGetPreparedStatementCommandInput, A.BatchGetPreparedStatementCommandOutput>;
  ListDataCatalogs: Handler<A.ListDataCatalogsCommandInput, A.ListDataCatalogsCommandOutput>;
  GetDataCatalog: Handler<A.GetDataCatalogCommandInput, A.GetDataCatalogCommandOutput>;
  ListDatabases: Handler<A.ListDatabasesCommandInput, A.ListDatabasesCommandOutput>;
  GetDatabase: Handler<A.GetDatabaseCommandInput, A.GetDatabaseCommandOutput>;
  ListTableMetadata: Handler<A.ListTableMetadataCommandInput, A.ListTableMetadataCommandOutput>;
  GetTableMetadata: Handler<A.GetTableMetadataCommandInput, A.GetTableMetadataCommandOutput>;
  TagResource: Handler<A.TagResourceCommandInput, A.TagResourceCommandOutput>;
  UntagResource: Handler<A.UntagResourceCommandInput, A.UntagResourceCommandOutput>;
  ListTagsForResource: Handler<A.ListTagsForResourceCommandInput, A.ListTagsForResourceCommandOutput>;
}
