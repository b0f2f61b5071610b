import { CreateDatabaseCommand, GetDatabaseCommand, type GlueClient } from '@aws-sdk/client-glue';
import { healthy } from './child-server.js';
import { createPartitions, queryPartitions } from './partitions-load.js';
import { timeSequential } from './pool.js';
import { leafProcess, processMemory, processTree } from './proc.js';
import { type Figure, type Skipped, section } from './report.js';
import { median } from './stats.js';
import { createTables, getTables, listTables } from './tables-load.js';
import { glueClient } from './workload.js';

/** Targets the catalog is held to (see bench/README.md). */
export const TARGETS = { selectiveGetPartitionsMs: 20, getTableP99Ms: 2 } as const;

/** How big the catalog gets and how hard it is driven. */
export interface LoadOptions {
  tables: number;
  partitions: number;
  concurrency: number;
  /** Partitions per BatchCreatePartition call (AWS accepts at most 100). */
  batchSize: number;
  /** Repetitions of the full listings (GetTables, unselective GetPartitions). */
  listingRuns: number;
  /** Calls of the selective GetPartitions. */
  selectiveCalls: number;
  /** GetTable calls. */
  getTableCalls: number;
}

/** What every load section gets. */
export interface LoadContext {
  glue: GlueClient;
  o: LoadOptions;
  /** Pid of the process that serves (not its launcher): CPU is read from it. */
  serverPid: number;
  /** The database the timed sections use. */
  db: string;
  /** A second database where warm-up requests go, so they do not change the timed catalog. */
  warmupDb: string;
}

/** Figures from one server, in the order the sections run; sections that could not run are `skipped`. */
export interface LoadResult {
  figures: Figure[];
  skipped: Skipped[];
}

/**
 * Run the catalog load against a live server: the sections after start-up in bench/README.md.
 * `launcherPid` is the pid that was spawned: the server itself when it runs built, else the serving
 * process is found below it.
 */
export async function measureCatalogLoad(endpoint: string, launcherPid: number, o: LoadOptions): Promise<LoadResult> {
  const figures: Figure[] = [];
  const skipped: Skipped[] = [];
  const serverPid = leafProcess(launcherPid);
  const idle = processMemory(serverPid);
  const ctx: LoadContext = { glue: glueClient(endpoint), o, serverPid, db: 'bench', warmupDb: 'bench_warmup' };
  try {
    await ctx.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: ctx.db } }));
    await ctx.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: ctx.warmupDb } }));
    figures.push(...(await createTables(ctx)));
    figures.push(...(await listTables(ctx)));
    const partitions = await createPartitions(ctx);
    if ('reason' in partitions) skipped.push(partitions);
    else {
      figures.push(...partitions);
      figures.push(...(await queryPartitions(ctx, TARGETS.selectiveGetPartitionsMs)));
    }
    // Measured hot (after the sections above), like the GetTable figures it is compared with.
    figures.push(...(await roundTripBaseline(ctx, endpoint)));
    figures.push(...(await getTables(ctx, TARGETS.getTableP99Ms)));
  } finally {
    ctx.glue.destroy();
  }

  const memory = section('memory of the server process (/proc VmRSS)');
  const after = processMemory(serverPid);
  const launchers = processTree(launcherPid).filter((pid) => pid !== serverPid);
  const launcherKiB = launchers.reduce((sum, pid) => sum + (processMemory(pid)?.rssKiB ?? 0), 0);
  if (idle && after) {
    figures.push(
      memory.mib('rss.idleMiB', 'server RSS right after start', idle.rssKiB * 1024),
      memory.mib('rss.afterLoadMiB', 'server RSS after the load', after.rssKiB * 1024),
      memory.mib('rss.peakMiB', 'server peak RSS (VmHWM)', after.hwmKiB * 1024),
    );
    // The built CLI serves in the spawned process itself; a launcher (tsx) would be reported apart.
    if (launchers.length > 0)
      figures.push(memory.mib('rss.launcherMiB', 'launcher processes RSS (not lakebox)', launcherKiB * 1024));
  } else skipped.push({ section: 'memory', reason: '/proc is not available on this system' });
  return { figures, skipped };
}

/** What a request costs with (almost) no catalog work: HTTP alone, then SDK + HTTP + dispatch. */
async function roundTripBaseline(ctx: LoadContext, endpoint: string): Promise<Figure[]> {
  const health = async () => {
    if (!(await healthy(endpoint))) throw new Error('health check failed during the benchmark');
  };
  const getDatabase = () => ctx.glue.send(new GetDatabaseCommand({ Name: ctx.db }));
  await timeSequential(100, health);
  await timeSequential(100, getDatabase);
  const f = section('round-trip baseline, no catalog work (sequential, 300 calls each)');
  return [
    f.ms(
      'baseline.healthFetchP50Ms',
      'GET /_lakebox/health with fetch, p50',
      median(await timeSequential(300, health)),
    ),
    f.ms('baseline.getDatabaseP50Ms', 'GetDatabase with the SDK, p50', median(await timeSequential(300, getDatabase))),
  ];
}
