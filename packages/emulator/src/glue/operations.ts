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
  // Jobs (glue/jobs)
  CreateJob: Handler<G.CreateJobCommandInput, G.CreateJobCommandOutput>;
  GetJob: Handler<G.GetJobCommandInput, G.GetJobCommandOutput>;
  GetJobs: Handler<G.GetJobsCommandInput, G.GetJobsCommandOutput>;
  ListJobs: Handler<G.ListJobsCommandInput, G.ListJobsCommandOutput>;
  BatchGetJobs: Handler<G.BatchGetJobsCommandInput, G.BatchGetJobsCommandOutput>;
  UpdateJob: Handler<G.UpdateJobCommandInput, G.UpdateJobCommandOutput>;
  DeleteJob: Handler<G.DeleteJobCommandInput, G.DeleteJobCommandOutput>;
  StartJobRun: Handler<G.StartJobRunCommandInput, G.StartJobRunCommandOutput>;
  GetJobRun: Handler<G.GetJobRunCommandInput, G.GetJobRunCommandOutput>;
  GetJobRuns: Handler<G.GetJobRunsCommandInput, G.GetJobRunsCommandOutput>;
  BatchStopJobRun: Handler<G.BatchStopJobRunCommandInput, G.BatchStopJobRunCommandOutput>;
  GetJobBookmark: Handler<G.GetJobBookmarkCommandInput, G.GetJobBookmarkCommandOutput>;
  ResetJobBookmark: Handler<G.ResetJobBookmarkCommandInput, G.ResetJobBookmarkCommandOutput>;
  // Triggers (glue/triggers)
  CreateTrigger: Handler<G.CreateTriggerCommandInput, G.CreateTriggerCommandOutput>;
  GetTrigger: Handler<G.GetTriggerCommandInput, G.GetTriggerCommandOutput>;
  GetTriggers: Handler<G.GetTriggersCommandInput, G.GetTriggersCommandOutput>;
  ListTriggers: Handler<G.ListTriggersCommandInput, G.ListTriggersCommandOutput>;
  BatchGetTriggers: Handler<G.BatchGetTriggersCommandInput, G.BatchGetTriggersCommandOutput>;
  UpdateTrigger: Handler<G.UpdateTriggerCommandInput, G.UpdateTriggerCommandOutput>;
  DeleteTrigger: Handler<G.DeleteTriggerCommandInput, G.DeleteTriggerCommandOutput>;
  StartTrigger: Handler<G.StartTriggerCommandInput, G.StartTriggerCommandOutput>;
  StopTrigger: Handler<G.StopTriggerCommandInput, G.StopTriggerCommandOutput>;
  // Workflows (glue/workflows, served through the trigger table)
  CreateWorkflow: Handler<G.CreateWorkflowCommandInput, G.CreateWorkflowCommandOutput>;
  GetWorkflow: Handler<G.GetWorkflowCommandInput, G.GetWorkflowCommandOutput>;
  ListWorkflows: Handler<G.ListWorkflowsCommandInput, G.ListWorkflowsCommandOutput>;
  BatchGetWorkflows: Handler<G.BatchGetWorkflowsCommandInput, G.BatchGetWorkflowsCommandOutput>;
  UpdateWorkflow: Handler<G.UpdateWorkflowCommandInput, G.UpdateWorkflowCommandOutput>;
  DeleteWorkflow: Handler<G.DeleteWorkflowCommandInput, G.DeleteWorkflowCommandOutput>;
  StartWorkflowRun: Handler<G.StartWorkflowRunCommandInput, G.StartWorkflowRunCommandOutput>;
  GetWorkflowRun: Handler<G.GetWorkflowRunCommandInput, G.GetWorkflowRunCommandOutput>;
  GetWorkflowRuns: Handler<G.GetWorkflowRunsCommandInput, G.GetWorkflowRunsCommandOutput>;
  GetWorkflowRunProperties: Handler<G.GetWorkflowRunPropertiesCommandInput, G.GetWorkflowRunPropertiesCommandOutput>;
  PutWorkflowRunProperties: Handler<G.PutWorkflowRunPropertiesCommandInput, G.PutWorkflowRunPropertiesCommandOutput>;
  // Crawlers (glue/crawlers)
  CreateCrawler: Handler<G.CreateCrawlerCommandInput, G.CreateCrawlerCommandOutput>;
  GetCrawler: Handler<G.GetCrawlerCommandInput, G.GetCrawlerCommandOutput>;
  GetCrawlers: Handler<G.GetCrawlersCommandInput, G.GetCrawlersCommandOutput>;
  ListCrawlers: Handler<G.ListCrawlersCommandInput, G.ListCrawlersCommandOutput>;
  BatchGetCrawlers: Handler<G.BatchGetCrawlersCommandInput, G.BatchGetCrawlersCommandOutput>;
  UpdateCrawler: Handler<G.UpdateCrawlerCommandInput, G.UpdateCrawlerCommandOutput>;
  DeleteCrawler: Handler<G.DeleteCrawlerCommandInput, G.DeleteCrawlerCommandOutput>;
  StartCrawler: Handler<G.StartCrawlerCommandInput, G.StartCrawlerCommandOutput>;
  StopCrawler: Handler<G.StopCrawlerCommandInput, G.StopCrawlerCommandOutput>;
  GetCrawlerMetrics: Handler<G.GetCrawlerMetricsCommandInput, G.GetCrawlerMetricsCommandOutput>;
  ListCrawls: Handler<G.ListCrawlsCommandInput, G.ListCrawlsCommandOutput>;
  UpdateCrawlerSchedule: Handler<G.UpdateCrawlerScheduleCommandInput, G.UpdateCrawlerScheduleCommandOutput>;
  StartCrawlerSchedule: Handler<G.StartCrawlerScheduleCommandInput, G.StartCrawlerScheduleCommandOutput>;
  StopCrawlerSchedule: Handler<G.StopCrawlerScheduleCommandInput, G.StopCrawlerScheduleCommandOutput>;
}
