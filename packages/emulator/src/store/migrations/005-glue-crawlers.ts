/**
 * Migration 005: Glue crawlers and their crawls. Tags of crawlers live in `resource_tags` (migration 1),
 * keyed by the crawler's ARN. Crawler names keep their case (unlike catalog names).
 */
export const glueCrawlersSchema = `
  -- doc: the Crawler as GetCrawler returns it, without the live parts (State, CrawlElapsedTime), which
  -- are columns; metrics: what GetCrawlerMetrics answers about the last crawls (JSON).
  CREATE TABLE glue_crawlers (
    account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL,
    state TEXT NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (account, region, name)
  ) WITHOUT ROWID;
  CREATE INDEX glue_crawlers_by_state ON glue_crawlers (state);

  -- One row per crawl (ListCrawls); start_ms orders them, newest first.
  CREATE TABLE glue_crawls (
    account TEXT NOT NULL, region TEXT NOT NULL, crawler_name TEXT NOT NULL, crawl_id TEXT NOT NULL,
    start_ms INTEGER NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (account, region, crawler_name, crawl_id)
  ) WITHOUT ROWID;
  CREATE INDEX glue_crawls_by_start ON glue_crawls (account, region, crawler_name, start_ms);
`;
