import { CreateTableCommand, GetTableCommand, GetTablesCommand } from '@aws-sdk/client-glue';
import { withCpu } from './cpu.js';
import type { LoadContext } from './load.js';
import { runPool, timeSequential } from './pool.js';
import { type Figure, section } from './report.js';
import { median, summarize } from './stats.js';
import { tableInput } from './workload.js';

/** GetTable calls made one at a time after the concurrent run: latency without queueing. */
const SEQUENTIAL_GET_TABLE_CALLS = 300;

const tableName = (i: number) => `t${String(i).padStart(5, '0')}`;

/** CreateTable of `o.tables` tables at `o.concurrency`, after 32 untimed ones in the warm-up database. */
export async function createTables({ glue, o, serverPid, db, warmupDb }: LoadContext): Promise<Figure[]> {
  const create = (database: string) => (i: number) =>
    glue.send(new CreateTableCommand({ DatabaseName: database, TableInput: tableInput(tableName(i)) }));
  await runPool(32, o.concurrency, create(warmupDb));
  const [run, cpu] = await withCpu(serverPid, () => runPool(o.tables, o.concurrency, create(db)));
  const s = summarize(run.latencies);
  const f = section(`CreateTable x ${o.tables} (concurrency ${o.concurrency})`);
  return [
    f.ms('createTables.totalMs', 'total', run.totalMs),
    f.opsPerSec('createTables.opsPerSec', 'throughput', (o.tables / run.totalMs) * 1000),
    f.ms('createTables.p50Ms', 'latency p50', s.p50),
    f.ms('createTables.p99Ms', 'latency p99', s.p99),
    ...f.cpu('createTables.perOp', 'CreateTable', o.tables, cpu),
  ];
}

/** Full GetTables listings (MaxResults 100, following NextToken): one untimed, then `o.listingRuns`. */
export async function listTables({ glue, o, serverPid, db }: LoadContext): Promise<Figure[]> {
  let pages = 0;
  const listAll = async () => {
    let count = 0;
    let NextToken: string | undefined;
    pages = 0;
    do {
      const page = await glue.send(new GetTablesCommand({ DatabaseName: db, MaxResults: 100, NextToken }));
      count += page.TableList?.length ?? 0;
      NextToken = page.NextToken;
      pages++;
    } while (NextToken);
    if (count !== o.tables) throw new Error(`GetTables listed ${count} tables, expected ${o.tables}`);
  };
  await listAll();
  const [samples, cpu] = await withCpu(serverPid, () => timeSequential(o.listingRuns, listAll));
  const f = section(`GetTables, full listing of ${o.tables} tables (MaxResults 100, ${pages} pages)`);
  return [
    f.ms('getTables.fullListingMs', `full listing (median of ${o.listingRuns})`, median(samples)),
    f.ms('getTables.perPageMs', 'per page', median(samples) / pages),
    ...f.cpu('getTables.perPage', 'page', o.listingRuns * pages, cpu),
  ];
}

/** `o.getTableCalls` GetTable at `o.concurrency` after 200 untimed, then some one at a time. */
export async function getTables({ glue, o, serverPid, db }: LoadContext, p99TargetMs: number): Promise<Figure[]> {
  // A stride prime to the table count visits every table once, scattered, the same way in every run.
  const get = (i: number) =>
    glue.send(new GetTableCommand({ DatabaseName: db, Name: tableName((i * 7919) % o.tables) }));
  await runPool(200, o.concurrency, get);
  const [run, cpu] = await withCpu(serverPid, () => runPool(o.getTableCalls, o.concurrency, get));
  const s = summarize(run.latencies);
  const alone = summarize(await timeSequential(SEQUENTIAL_GET_TABLE_CALLS, get));
  const f = section(`GetTable x ${o.getTableCalls} (concurrency ${o.concurrency})`);
  return [
    f.opsPerSec('getTable.opsPerSec', 'throughput', (o.getTableCalls / run.totalMs) * 1000),
    f.ms('getTable.p50Ms', 'latency p50', s.p50),
    f.ms('getTable.p99Ms', 'latency p99', s.p99, { max: p99TargetMs }),
    ...f.cpu('getTable.perOp', 'GetTable', o.getTableCalls, cpu),
    f.ms('getTable.sequentialP50Ms', `one at a time (${SEQUENTIAL_GET_TABLE_CALLS} calls), p50`, alone.p50),
    f.ms('getTable.sequentialP99Ms', `one at a time (${SEQUENTIAL_GET_TABLE_CALLS} calls), p99`, alone.p99),
  ];
}
