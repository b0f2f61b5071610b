import type { Lakebox } from '../context.js';
import { initCrawlLogs } from './crawlers/crawl-log.js';
import { jobRunner } from './jobs/runner.js';
import { triggerEngine } from './triggers/engine.js';

/**
 * Glue's work that does not wait for a request, started once when the app is built: the job runner (runs a
 * previous process left active end as ERROR), the crawler logs' reset hook (a reset removes logs an earlier
 * process wrote), and the trigger engine (ACTIVATED SCHEDULED triggers of an existing data directory fire).
 */
export function startGlueBackground(lakebox: Lakebox): void {
  jobRunner(lakebox);
  initCrawlLogs(lakebox);
  triggerEngine(lakebox).reschedule();
}
