import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { QueryExecution } from '@aws-sdk/client-athena';
import type { Lakebox } from '../context.js';
import { bucketExists, scratchDir } from '../s3/object-store.js';
import { fromAthenaDoc } from './documents.js';
import { EngineError } from './engine/errors.js';
import type { EngineQuery, EngineResult } from './engine/index.js';

/** The engine loads DuckDB's native library (~100 ms): load it with the first query, not at start-up. */
const loadEngine = () => import('./engine/index.js');

import { findQuery, transitionQuery, unfinishedQueries } from './queries-store.js';
import { publishResult } from './result-objects.js';
import type { Scope } from './workgroups-store.js';

/**
 * Runs query executions in the emulator process, asynchronously: StartQueryExecution queues a job and returns;
 * at most `MAX_RUNNING_QUERIES` run at once per lakebox, the others stay QUEUED. The engine does its work off
 * the event loop (DuckDB's own threads); what runs here between awaits is bookkeeping.
 */

/** How many queries run at once; the rest wait in QUEUED, first in first out. */
export const MAX_RUNNING_QUERIES = 4;

/** How long stopping lakebox waits for aborted queries to return. */
export const CLOSE_WAIT_MS = 2_000;

/**
 * How long GetQueryExecution holds its answer while the query is QUEUED or RUNNING, answering the moment the
 * state changes (`waitForChange`). A client polling every few ms then makes a few calls per query instead of
 * dozens: on a laptop its polls (and our answers) take CPU from DuckDB (measured: a 60 ms aggregate polled
 * every 5–10 ms ran 15–20 ms slower than unpolled), and the answer that says SUCCEEDED comes as soon as the
 * query finishes instead of at the next poll. Athena's own GetQueryExecution takes tens of ms, so clients
 * already live with answers this slow.
 */
export const POLL_HOLD_MS = 50;

/** Athena's StateChangeReason for a query stopped with StopQueryExecution. */
export const CANCELLED_BY_USER = 'Query cancelled by user';
/** Athena's reason when a query goes over the workgroup's BytesScannedCutoffPerQuery (it is cancelled). */
export const BYTES_SCANNED_LIMIT_EXCEEDED = 'Bytes scanned limit was exceeded';

export interface QueryJob {
  scope: Scope;
  id: string;
  sql: string;
  catalog: string;
  database: string | undefined;
  parameters: string[];
  output: { bucket: string; prefix: string };
  /** The workgroup's BytesScannedCutoffPerQuery, if any. */
  bytesScannedCutoff: number | undefined;
}

interface Running {
  controller: AbortController;
  done: Promise<void>;
}

export class QueryRunner {
  private queue: QueryJob[] = [];
  private readonly running = new Map<string, Running>();
  /** Callers of `waitForChange`, by query id. */
  private readonly waiting = new Map<string, Set<() => void>>();
  private closed = false;

  constructor(private readonly lakebox: Lakebox) {}

  submit(job: QueryJob): void {
    if (this.closed) return;
    this.queue.push(job);
    setImmediate(() => this.pump());
  }

  /** Stop a queued or running query's work. The caller records the CANCELLED state. */
  abort(id: string): void {
    this.queue = this.queue.filter((j) => j.id !== id);
    this.running.get(id)?.controller.abort();
    this.changed(id);
  }

  /** Whether this runner has the query queued or running (not one a previous process left behind). */
  has(id: string): boolean {
    return this.running.has(id) || this.queue.some((j) => j.id === id);
  }

  /** Resolves when the query's state changes (or it is aborted), or after `ms`, whichever comes first. */
  waitForChange(id: string, ms: number): Promise<void> {
    if (this.closed || !this.has(id)) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const waiters = this.waiting.get(id) ?? new Set<() => void>();
      const done = () => {
        clearTimeout(timer);
        waiters.delete(done);
        if (waiters.size === 0 && this.waiting.get(id) === waiters) this.waiting.delete(id);
        resolve();
      };
      const timer = setTimeout(done, ms);
      waiters.add(done);
      this.waiting.set(id, waiters);
    });
  }

  private changed(id: string): void {
    const waiters = this.waiting.get(id);
    if (!waiters) return;
    this.waiting.delete(id);
    for (const done of [...waiters]) done();
  }

  /**
   * Abort everything and wait for running queries to settle (on stop, before the engine closes), but not
   * longer than `CLOSE_WAIT_MS`: a query that does not honour its abort signal must not hold up the stop.
   */
  async close(): Promise<void> {
    this.closed = true;
    this.queue = [];
    for (const id of [...this.waiting.keys()]) this.changed(id);
    for (const r of this.running.values()) r.controller.abort();
    const settled = Promise.allSettled([...this.running.values()].map((r) => r.done));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((done) => {
      timer = setTimeout(done, CLOSE_WAIT_MS);
    });
    await Promise.race([settled, timeout]);
    clearTimeout(timer);
  }

  private pump(): void {
    while (!this.closed && this.running.size < MAX_RUNNING_QUERIES) {
      const job = this.queue.shift();
      if (!job) return;
      const controller = new AbortController();
      const done = this.run(job, controller.signal).finally(() => {
        this.running.delete(job.id);
        this.changed(job.id);
        this.pump();
      });
      this.running.set(job.id, { controller, done });
    }
  }

  private update(
    job: QueryJob,
    change: (e: QueryExecution) => QueryExecution,
    result?: Parameters<typeof transitionQuery>[3],
  ): boolean {
    const stored = findQuery(this.lakebox.db, job.scope, job.id);
    if (!stored) return false;
    const changed = transitionQuery(this.lakebox.db, job.scope, change(stored.execution), result);
    if (changed) this.changed(job.id);
    return changed;
  }

  private async run(job: QueryJob, signal: AbortSignal): Promise<void> {
    const startedAt = Date.now();
    const started = this.update(job, (e) => ({ ...e, Status: { ...e.Status, State: 'RUNNING' } }));
    if (!started) return; // cancelled while queued
    const dir = join(scratchDir(this.lakebox), 'athena');
    mkdirSync(dir, { recursive: true });
    const resultFile = join(dir, `${job.id}.csv`);
    const query: EngineQuery = {
      queryId: job.id,
      sql: job.sql,
      account: job.scope.account,
      region: job.scope.region,
      catalog: job.catalog,
      database: job.database,
      parameters: job.parameters,
      resultFile,
      signal,
      output: job.output,
    };
    let result: EngineResult;
    try {
      result = await (await loadEngine()).getEngine(this.lakebox).run(query);
    } catch (e) {
      rmSync(resultFile, { force: true });
      if (signal.aborted) return; // StopQueryExecution already recorded CANCELLED
      this.fail(job, startedAt, e);
      return;
    }
    // From here to the end everything is synchronous: no other request runs in between.
    if (signal.aborted) {
      rmSync(resultFile, { force: true });
      return;
    }
    const finishedEngine = Date.now();
    const statistics = (e: QueryExecution) => {
      const submitted = e.Status?.SubmissionDateTime?.getTime() ?? startedAt;
      const now = Date.now();
      return {
        EngineExecutionTimeInMillis: result.engineMs,
        DataScannedInBytes: result.dataScannedBytes,
        TotalExecutionTimeInMillis: now - submitted,
        QueryQueueTimeInMillis: startedAt - submitted,
        ServicePreProcessingTimeInMillis: 0,
        QueryPlanningTimeInMillis: Math.max(0, finishedEngine - startedAt - result.engineMs),
        ServiceProcessingTimeInMillis: now - finishedEngine,
        ResultReuseInformation: { ReusedPreviousResult: false },
      };
    };
    if (job.bytesScannedCutoff !== undefined && result.dataScannedBytes > job.bytesScannedCutoff) {
      rmSync(resultFile, { force: true });
      this.update(job, (e) => ({
        ...e,
        Status: {
          ...e.Status,
          State: 'CANCELLED',
          StateChangeReason: BYTES_SCANNED_LIMIT_EXCEEDED,
          CompletionDateTime: new Date(),
        },
        Statistics: statistics(e),
      }));
      return;
    }
    const current = findQuery(this.lakebox.db, job.scope, job.id);
    if (current?.execution.Status?.State !== 'RUNNING') {
      rmSync(resultFile, { force: true });
      return;
    }
    if (!bucketExists(this.lakebox, job.output.bucket)) {
      rmSync(resultFile, { force: true });
      // The bucket went away while the query ran: Athena cannot write the results either.
      this.fail(job, startedAt, new EngineError(1, 401, `Unable to verify/create output bucket ${job.output.bucket}`));
      return;
    }
    try {
      const published = publishResult(this.lakebox, { id: job.id, output: job.output, resultFile, result });
      this.update(
        job,
        (e) => ({
          ...e,
          StatementType: result.statementType,
          ResultConfiguration: { ...e.ResultConfiguration, OutputLocation: published.outputLocation },
          Status: { ...e.Status, State: 'SUCCEEDED', CompletionDateTime: new Date() },
          Statistics: statistics(e),
        }),
        published.source,
      );
    } catch (e) {
      rmSync(resultFile, { force: true });
      this.fail(job, startedAt, e);
    }
  }

  private fail(job: QueryJob, startedAt: number, e: unknown): void {
    const engineError =
      e instanceof EngineError
        ? e
        : new EngineError(1, 401, `GENERIC_INTERNAL_ERROR: ${e instanceof Error ? e.message : String(e)}`);
    if (!(e instanceof EngineError)) console.error('[lakebox] query failed inside lakebox:', e);
    this.update(job, (q) => {
      const submitted = q.Status?.SubmissionDateTime?.getTime() ?? startedAt;
      return {
        ...q,
        Status: {
          ...q.Status,
          State: 'FAILED',
          StateChangeReason: engineError.message,
          CompletionDateTime: new Date(),
          AthenaError: {
            ErrorCategory: engineError.errorCategory,
            ErrorType: engineError.errorType,
            Retryable: engineError.errorCategory === 1,
            ErrorMessage: engineError.message,
          },
        },
        Statistics: {
          EngineExecutionTimeInMillis: Date.now() - startedAt,
          DataScannedInBytes: 0,
          TotalExecutionTimeInMillis: Date.now() - submitted,
          QueryQueueTimeInMillis: startedAt - submitted,
          ServicePreProcessingTimeInMillis: 0,
          QueryPlanningTimeInMillis: 0,
          ServiceProcessingTimeInMillis: 0,
          ResultReuseInformation: { ReusedPreviousResult: false },
        },
      };
    });
  }
}

const runners = new WeakMap<Lakebox, QueryRunner>();

/**
 * The lakebox's query runner, created on first use. Creating it also fails executions a previous process
 * left QUEUED or RUNNING (their work died with it), and registers a stop hook that aborts running queries
 * before the engine closes (the engine's hook is registered to run last, whenever it is created).
 */
export function getQueryRunner(lakebox: Lakebox): QueryRunner {
  let runner = runners.get(lakebox);
  if (!runner) {
    const created = new QueryRunner(lakebox);
    runner = created;
    runners.set(lakebox, created);
    lakebox.onStop.push(() => created.close());
    failOrphans(lakebox);
  }
  return runner;
}

function failOrphans(lakebox: Lakebox): void {
  for (const row of unfinishedQueries(lakebox.db)) {
    const e = fromAthenaDoc<QueryExecution>(row.doc);
    const message = 'GENERIC_INTERNAL_ERROR: lakebox stopped while the query was queued or running';
    transitionQuery(
      lakebox.db,
      { account: row.account, region: row.region },
      {
        ...e,
        Status: {
          ...e.Status,
          State: 'FAILED',
          StateChangeReason: message,
          CompletionDateTime: new Date(),
          AthenaError: { ErrorCategory: 1, ErrorType: 401, Retryable: true, ErrorMessage: message },
        },
      },
    );
  }
}
