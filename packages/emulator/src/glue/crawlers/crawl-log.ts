import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lakebox } from '../../context.js';
import type { CatalogScope } from '../catalog/scope.js';
import { type LogEvent, LogWriter } from '../jobs/run-files.js';

/**
 * What crawls write to CloudWatch Logs: group `/aws-glue/crawlers`, one stream per crawler name, each crawl
 * appending its lines prefixed with its MessagePrefix (the crawl id), as Glue writes them:
 * `[<crawl id>] BENCHMARK : Running Start Crawl for Crawler sales`.
 *
 * Files: `<rootDir>/glue-crawlers/<account>/<region>/logs/<stream>.jsonl`, one JSON object per line,
 * `{"t": <epoch ms>, "m": "<message>"}` (the job logs' format). The file name is the crawler name
 * percent-encoded with upper-case letters and dots encoded too, so names differing only in case stay apart on
 * case-insensitive disks; a name whose encoding is too long for a file name is stored as `~<sha256>.jsonl`
 * beside `~<sha256>.name` holding the name. Logs outlive DeleteCrawler (as on AWS); a reset removes them.
 */

export const CRAWLER_LOG_GROUP = '/aws-glue/crawlers';

export type CrawlLogLevel = 'BENCHMARK' | 'INFO' | 'WARN' | 'ERROR';

const MAX_FILE_STEM = 200;

function logsDir(lakebox: Lakebox, scope: CatalogScope): string {
  return join(crawlersRoot(lakebox), scope.account, scope.region, 'logs');
}

function crawlersRoot(lakebox: Lakebox): string {
  return join(lakebox.rootDir, 'glue-crawlers');
}

function encodeStream(name: string): string {
  return encodeURIComponent(name).replace(/%[0-9A-F]{2}|[A-Z.!'()*~]/g, (m) =>
    m.length === 3 ? m : `%${m.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

function stemOf(name: string): string {
  const encoded = encodeStream(name);
  return encoded.length <= MAX_FILE_STEM ? encoded : `~${createHash('sha256').update(name).digest('hex')}`;
}

function streamFile(lakebox: Lakebox, scope: CatalogScope, name: string): string {
  return join(logsDir(lakebox, scope), `${stemOf(name)}.jsonl`);
}

/** Append a crawl's lines to its crawler's stream, each as `[<prefix>] LEVEL : message`; never throws. */
export function appendCrawlLog(
  lakebox: Lakebox,
  scope: CatalogScope,
  crawler: string,
  prefix: string,
  lines: readonly (readonly [CrawlLogLevel, string])[],
): void {
  if (lines.length === 0) return;
  const file = streamFile(lakebox, scope, crawler);
  const stem = stemOf(crawler);
  // A log that cannot be written (disk full, permissions) must not fail the crawl: say so and go on.
  try {
    const writer = new LogWriter(file);
    try {
      for (const [level, message] of lines) writer.line(`[${prefix}] ${level} : ${message}`);
    } finally {
      writer.close();
    }
    if (stem.startsWith('~')) writeFileSync(join(logsDir(lakebox, scope), `${stem}.name`), crawler);
  } catch (e) {
    console.error(`[lakebox] could not write the log of crawler ${crawler}:`, e);
  }
}

/** Crawler names with a log stream in this account and region, sorted by name. */
export function crawlerLogStreams(lakebox: Lakebox, scope: CatalogScope): string[] {
  const dir = logsDir(lakebox, scope);
  if (!existsSync(dir)) return [];
  const names: string[] = [];
  for (const file of readdirSync(dir)) {
    if (!file.endsWith('.jsonl')) continue;
    const stem = file.slice(0, -'.jsonl'.length);
    try {
      names.push(stem.startsWith('~') ? readFileSync(join(dir, `${stem}.name`), 'utf8') : decodeURIComponent(stem));
    } catch {
      // a file lakebox did not write: not a stream
    }
  }
  return names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The events of a crawler's stream, oldest first; undefined when the crawler never wrote one. */
export function readCrawlerLog(lakebox: Lakebox, scope: CatalogScope, crawler: string): LogEvent[] | undefined {
  const file = streamFile(lakebox, scope, crawler);
  if (!existsSync(file)) return undefined;
  const out: LogEvent[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line === '') continue;
    try {
      const e = JSON.parse(line) as { t: number; m: string };
      out.push({ timestamp: e.t, message: e.m });
    } catch {
      // a line cut short by a crash: skip it
    }
  }
  return out;
}

const registered = new WeakSet<Lakebox>();

/** Register the reset hook that removes every crawler log (once per lakebox). */
export function initCrawlLogs(lakebox: Lakebox): void {
  if (registered.has(lakebox)) return;
  registered.add(lakebox);
  lakebox.onReset.push(() => rmSync(crawlersRoot(lakebox), { recursive: true, force: true }));
}
