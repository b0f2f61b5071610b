import type * as G from '@aws-sdk/client-glue';
import type { Handler } from '../protocol/operations.js';

/**
 * The Glue operations lakebox serves, typed with the AWS SDK v3 command types (STYLE lesson 3).
 * The operation table in `service.ts` must `satisfies Partial<GlueOperations>`.
 */
export interface GlueOperations {
  CreateDatabase: Handler<G.CreateDatabaseCommandInput, G.CreateDatabaseCommandOutput>;
  GetDatabase: Handler<G.GetDatabaseCommandInput, G.GetDatabaseCommandOutput>;
  GetDatabases: Handler<G.GetDatabasesCommandInput, G.GetDatabasesCommandOutput>;
  UpdateDatabase: Handler<G.UpdateDatabaseCommandInput, G.UpdateDatabaseCommandOutput>;
  DeleteDatabase: Handler<G.DeleteDatabaseCommandInput, G.DeleteDatabaseCommandOutput>;
  CreateTable: Handler<G.CreateTableCommandInput, G.CreateTableCommandOutput>;
  GetTable: Handler<G.GetTableCommandInput, G.GetTableCommandOutput>;
  GetTables: Handler<G.GetTablesCommandInput, G.GetTablesCommandOutput>;
  UpdateTable: Handler<G.UpdateTableCommandInput, G.UpdateTableCommandOutput>;
  DeleteTable: Handler<G.DeleteTableCommandInput, G.DeleteTableCommandOutput>;
  BatchDeleteTable: Handler<G.BatchDeleteTableCommandInput, G.BatchDeleteTableCommandOutput>;
  SearchTables: Handler<G.SearchTablesCommandInput, G.SearchTablesCommandOutput>;
  GetTableVersion: Handler<G.GetTableVersionCommandInput, G.GetTableVersionCommandOutput>;
  GetTableVersions: Handler<G.GetTableVersionsCommandInput, G.GetTableVersionsCommandOutput>;
  DeleteTableVersion: Handler<G.DeleteTableVersionCommandInput, G.DeleteTableVersionCommandOutput>;
  BatchDeleteTableVersion: Handler<G.BatchDeleteTableVersionCommandInput, G.BatchDeleteTableVersionCommandOutput>;
  CreatePartition: Handler<G.CreatePartitionCommandInput, G.CreatePartitionCommandOutput>;
  BatchCreatePartition: Handler<G.BatchCreatePartitionCommandInput, G.BatchCreatePartitionCommandOutput>;
  GetPartition: Handler<G.GetPartitionCommandInput, G.GetPartitionCommandOutput>;
  GetPartitions: Handler<G.GetPartitionsCommandInput, G.GetPartitionsCommandOutput>;
  BatchGetPartition: Handler<G.BatchGetPartitionCommandInput, G.BatchGetPartitionCommandOutput>;
  UpdatePartition: Handler<G.UpdatePartitionCommandInput, G.UpdatePartitionCommandOutput>;
  BatchUpdatePartition: Handler<G.BatchUpdatePartitionCommandInput, G.BatchUpdatePartitionCommandOutput>;
  DeletePartition: Handler<G.DeletePartitionCommandInput, G.DeletePartitionCommandOutput>;
  BatchDeletePartition: Handler<G.BatchDeletePartitionCommandInput, G.BatchDeletePartitionCommandOutput>;
  CreatePartitionIndex: Handler<G.CreatePartitionIndexCommandInput, G.CreatePartitionIndexCommandOutput>;
  GetPartitionIndexes: Handler<G.GetPartitionIndexesCommandInput, G.GetPartitionIndexesCommandOutput>;
  DeletePartitionIndex: Handler<G.DeletePartitionIndexCommandInput, G.DeletePartitionIndexCommandOutput>;
  TagResource: Handler<G.TagResourceCommandInput, G.TagResourceCommandOutput>;
  UntagResource: Handler<G.UntagResourceCommandInput, G.UntagResourceCommandOutput>;
  GetTags: Handler<G.GetTagsCommandInput, G.GetTagsCommandOutput>;
  GetColumnStatisticsForTable: Handler<
    G.GetColumnStatisticsForTableCommandInput,
    G.GetColumnStatisticsForTableCommandOutput
  >;
  UpdateColumnStatisticsForTable: Handler<
    G.UpdateColumnStatisticsForTableCommandInput,
    G.UpdateColumnStatisticsForTableCommandOutput
  >;
  DeleteColumnStatisticsForTable: Handler<
    G.DeleteColumnStatisticsForTableCommandInput,
    G.DeleteColumnStatisticsForTableCommandOutput
  >;
  GetColumnStatisticsForPartition: Handler<
    G.GetColumnStatisticsForPartitionCommandInput,
    G.GetColumnStatisticsForPartitionCommandOutput
  >;
  UpdateColumnStatisticsForPartition: Handler<
    G.UpdateColumnStatisticsForPartitionCommandInput,
    G.UpdateColumnStatisticsForPartitionCommandOutput
  >;
  DeleteColumnStatisticsForPartition: Handler<
    G.DeleteColumnStatisticsForPartitionCommandInput,
    G.DeleteColumnStatisticsForPartitionCommandOutput
  >;
}
