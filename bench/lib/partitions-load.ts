import {
  BatchCreatePartitionCommand,
  CreateTableCommand,
  GetPartitionsCommand,
  type GetPartitionsCommandInput,
} from '@aws-sdk/client-glue';
import { withCpu } from './cpu.js';
import type { LoadContext } from './load.js';
import { runPool, timeSequential } from './pool.js';
import { type Figure, type Skipped, section } from './report.js';
import { median, summarize } from './stats.js';
import { partitionInput, selectiveQuery, tableInput } from './workload.js';

const PARTITIONED = 'events';

/**
 * BatchCreatePartition of `o.partitions` partitions, `o.batchSize` per call at `o.concurrency`, after
 * three untimed calls on the warm-up database; or why it was skipped (an operation lakebox does not
 * serve yet answers `UnknownOperationException`).
 */
export async function createPartitions({ glue, o, serverPid, db, warmupDb }: LoadContext): Promise<Figure[] | Skipped> {
  const calls = Math.ceil(o.partitions / o.batchSize);
  const title = `BatchCreatePartition, ${o.partitions} partitions (${o.batchSize} per call, concurrency ${o.concurrency})`;
  await glue.send(new CreateTableCommand({ DatabaseName: warmupDb, TableInput: tableInput(PARTITIONED) }));
  await glue.send(new CreateTableCommand({ DatabaseName: db, TableInput: tableInput(PARTITIONED) }));
  const batch = (database: string) => async (call: number) => {
    const first = call * o.batchSize;
    const count = Math.min(o.batchSize, o.partitions - first);
    const inputs = Array.from({ length: count }, (_, i) => partitionInput(PARTITIONED, first + i));
    const out = await glue.send(
      new BatchCreatePartitionCommand({ DatabaseName: database, TableName: PARTITIONED, PartitionInputList: inputs }),
    );
    const failed = out.Errors ?? [];
    if (failed.length) throw new Error(`BatchCreatePartition: ${JSON.stringify(failed[0])}`);
  };
  try {
    await runPool(3, o.concurrency, batch(warmupDb));
  } catch (e) {
    if (e instanceof Error && e.name === 'UnknownOperationException') return { section: title, reason: e.message };
    throw e;
  }
  const [run, cpu] = await withCpu(serverPid, () => runPool(calls, o.concurrency, batch(db)));
  const s = summarize(run.latencies);
  const f = section(title);
  return [
    f.ms('batchCreatePartition.totalMs', 'total', run.totalMs),
    f.opsPerSec('batchCreatePartition.partitionsPerSec', 'partitions per second', (o.partitions * 1000) / run.totalMs),
    f.ms('batchCreatePartition.callP50Ms', `one call of ${o.batchSize}, p50`, s.p50),
    f.ms('batchCreatePartition.callP99Ms', `one call of ${o.batchSize}, p99`, s.p99),
    ...f.cpu('batchCreatePartition.perCall', `call of ${o.batchSize}`, calls, cpu),
  ];
}

/**
 * GetPartitions with a selective Expression (`o.selectiveCalls` one at a time, after 10 untimed), then
 * full listings without one (following NextToken). Every answer is checked against what was created.
 */
export async function queryPartitions(
  { glue, o, serverPid, db }: LoadContext,
  selectiveTargetMs: number,
): Promise<Figure[]> {
  const base: GetPartitionsCommandInput = { DatabaseName: db, TableName: PARTITIONED };
  const { expression, matches } = selectiveQuery(o.partitions);
  const selective = async () => {
    const out = await glue.send(new GetPartitionsCommand({ ...base, Expression: expression }));
    const n = out.Partitions?.length ?? 0;
    if (n !== matches || out.NextToken) {
      throw new Error(`GetPartitions "${expression}" returned ${n}, expected ${matches}`);
    }
  };
  let pages = 0;
  const listAll = async () => {
    let count = 0;
    let NextToken: string | undefined;
    pages = 0;
    do {
      const out = await glue.send(new GetPartitionsCommand({ ...base, NextToken }));
      count += out.Partitions?.length ?? 0;
      NextToken = out.NextToken;
      pages++;
    } while (NextToken);
    if (count !== o.partitions) throw new Error(`GetPartitions listed ${count}, expected ${o.partitions}`);
  };
  await timeSequential(10, selective);
  const [samples, selectiveCpu] = await withCpu(serverPid, () => timeSequential(o.selectiveCalls, selective));
  const s = summarize(samples);
  await listAll();
  const [all, allCpu] = await withCpu(serverPid, () => timeSequential(o.listingRuns, listAll));
  const f = section(`GetPartitions over ${o.partitions} partitions (selective: ${expression})`);
  const selectiveLabel = `selective (${matches} match), ${o.selectiveCalls} calls`;
  return [
    f.ms('getPartitions.selectiveP50Ms', `${selectiveLabel}, p50`, s.p50),
    f.ms('getPartitions.selectiveP99Ms', `${selectiveLabel}, p99`, s.p99, { max: selectiveTargetMs }),
    ...f.cpu('getPartitions.selectivePerCall', 'selective call', o.selectiveCalls, selectiveCpu),
    f.ms('getPartitions.fullListingMs', `all, no Expression, ${pages} pages (median of ${o.listingRuns})`, median(all)),
    ...f.cpu('getPartitions.fullListing', 'full listing', o.listingRuns, allCpu),
  ];
}
