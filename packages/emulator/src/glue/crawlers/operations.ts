import type { GlueOperations } from '../operations.js';
import {
  batchGetCrawlers,
  createCrawler,
  deleteCrawler,
  getCrawler,
  getCrawlers,
  listCrawlers,
  startCrawlerSchedule,
  stopCrawlerSchedule,
  updateCrawler,
  updateCrawlerSchedule,
} from './crawlers.js';
import { getCrawlerMetrics, listCrawls, startCrawler, stopCrawler } from './runs.js';

/**
 * Glue crawlers and crawls. Other modules start a crawl in-process with `crawlerOperations.StartCrawler`
 * (contract 1) and follow it with `lakebox.events` (`runState`, kind `crawler`).
 * Each crawl writes Glue's crawler log lines to CloudWatch Logs group `/aws-glue/crawlers`, stream = crawler
 * name, prefixed `[<crawl id>]` (crawl-log.ts); the logs outlive DeleteCrawler, a reset removes them.
 *
 * LIMITATIONS: only S3 targets are crawled (a crawler with other targets fails its crawl with
 * "not supported locally"); built-in classifiers only (Parquet, CSV, JSON lines, gzip of the text ones);
 * crawler schedules are stored, not fired; DPUHour is 0; the log lines are close to Glue's in wording, not
 * byte-for-byte (Glue's exact text for updates, partition changes and deletions is not published).
 */
export const crawlerOperations = {
  CreateCrawler: createCrawler,
  GetCrawler: getCrawler,
  GetCrawlers: getCrawlers,
  ListCrawlers: listCrawlers,
  BatchGetCrawlers: batchGetCrawlers,
  UpdateCrawler: updateCrawler,
  DeleteCrawler: deleteCrawler,
  StartCrawler: startCrawler,
  StopCrawler: stopCrawler,
  GetCrawlerMetrics: getCrawlerMetrics,
  ListCrawls: listCrawls,
  UpdateCrawlerSchedule: updateCrawlerSchedule,
  StartCrawlerSchedule: startCrawlerSchedule,
  StopCrawlerSchedule: stopCrawlerSchedule,
} satisfies Partial<GlueOperations>;
