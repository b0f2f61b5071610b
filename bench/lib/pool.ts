import { performance } from 'node:perf_hooks';

/** What a timed batch of operations took: wall time for all of them and each one's latency. */
export interface PoolRun {
  /** Wall-clock milliseconds from the first start to the last finish. */
  totalMs: number;
  /** One latency sample (ms) per operation, in completion order. */
  latencies: number[];
}

/**
 * Run `task(0) .. task(count - 1)` with at most `concurrency` in flight, timing each one.
 * The first failure stops new tasks from starting and is rethrown once the running ones settle.
 *
 * @example
 * const { totalMs, latencies } = await runPool(1000, 8, (i) => glue.send(new GetTableCommand(...)));
 */
export async function runPool(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<unknown>,
): Promise<PoolRun> {
  const latencies: number[] = [];
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined && next < count) {
      const index = next++;
      const started = performance.now();
      try {
        await task(index);
      } catch (error) {
        failure ??= { error };
        return;
      }
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  const totalMs = performance.now() - started;
  if (failure) throw failure.error;
  return { totalMs, latencies };
}

/** Time `runs` sequential calls of `task`, returning one sample (ms) per call. */
export async function timeSequential(runs: number, task: (run: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await task(run);
    samples.push(performance.now() - started);
  }
  return samples;
}
