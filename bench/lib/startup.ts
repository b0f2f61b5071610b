import { performance } from 'node:perf_hooks';
import { GetDatabasesCommand } from '@aws-sdk/client-glue';
import {
  freePort,
  healthy,
  type Launcher,
  makeTempDir,
  removeTempDir,
  repoPaths,
  spawnServer,
  timeToExit,
} from './child-server.js';
import { type Figure, section } from './report.js';
import { median } from './stats.js';
import { glueClient } from './workload.js';

/** The start-up target: the built `lakebox serve` answers its health check this soon after spawn. */
export const READY_TARGET_MS = 300;

/**
 * Start the built `lakebox serve` (`node packages/emulator/dist/cli.js`, one process) `runs` times,
 * fresh data dir and port each time, next to `node -e ''` spawn → exit in the same loop: ready minus
 * that baseline is the part that is ours. The same loop also starts it from source through tsx, as in
 * development, next to `tsx -e ''`. One untimed round first warms tsx's transform cache and the OS
 * file cache.
 */
export async function measureCliStartup(root: string, runs: number): Promise<Figure[]> {
  const { tsx } = repoPaths(root);
  await healthy('http://127.0.0.1:1'); // load fetch (undici) before anything is timed
  const s = {
    node: [] as number[],
    ready: [] as number[],
    selfReported: [] as number[],
    firstCall: [] as number[],
    tsxEmpty: [] as number[],
    tsxReady: [] as number[],
  };
  for (let run = -1; run < runs; run++) {
    const nodeMs = await timeToExit(process.execPath, ['-e', ''], root);
    const built = await startOnce(root, 'built', true);
    const tsxMs = await timeToExit(tsx, ['-e', ''], root);
    const fromSource = await startOnce(root, 'tsx', false);
    if (run < 0) continue;
    s.node.push(nodeMs);
    s.ready.push(built.readyMs);
    if (built.selfReportedMs !== undefined) s.selfReported.push(built.selfReportedMs);
    s.firstCall.push(built.firstCallMs);
    s.tsxEmpty.push(tsxMs);
    s.tsxReady.push(fromSource.readyMs);
  }
  const built = section('start-up of the built CLI (spawn → /_lakebox/health answers)');
  const dev = section('start-up from source through tsx (development; not the target)');
  const ready = median(s.ready);
  return [
    built.ms('startup.readyMs', `lakebox serve (built), spawn → ready (median of ${runs})`, ready, {
      max: READY_TARGET_MS,
    }),
    built.ms('startup.readyMinMs', 'lakebox serve (built), fastest run', Math.min(...s.ready)),
    built.ms('startup.baselineNodeMs', "baseline: node -e '' spawn → exit (median)", median(s.node)),
    built.ms('startup.oursMs', 'ours = ready − node baseline', ready - median(s.node)),
    built.ms('startup.selfReportedMs', 'its own "ready in" (main() → listening), median', median(s.selfReported)),
    built.ms('startup.firstGlueCallMs', 'first Glue call after ready (GetDatabases), median', median(s.firstCall)),
    dev.ms('startup.tsxReadyMs', 'tsx src/cli.ts serve, spawn → ready (median)', median(s.tsxReady)),
    dev.ms('startup.baselineTsxMs', "baseline: tsx -e '' spawn → exit (median)", median(s.tsxEmpty)),
    dev.ms('startup.tsxOursMs', 'tsx ready − tsx baseline', median(s.tsxReady) - median(s.tsxEmpty)),
  ];
}

/**
 * One start with `launcher` on a fresh data dir and port, stopped again at once; with `firstCall`,
 * also the time of a first `GetDatabases` from a new SDK client after ready.
 */
async function startOnce(
  root: string,
  launcher: Launcher,
  firstCall: boolean,
): Promise<{ readyMs: number; selfReportedMs: number | undefined; firstCallMs: number }> {
  const dataDir = makeTempDir();
  try {
    const server = await spawnServer(root, { port: await freePort(), dataDir, launcher });
    let firstCallMs = Number.NaN;
    try {
      if (firstCall) {
        const glue = glueClient(server.endpoint);
        const started = performance.now();
        await glue.send(new GetDatabasesCommand({}));
        firstCallMs = performance.now() - started;
        glue.destroy();
      }
    } finally {
      await server.stop();
    }
    return { readyMs: server.readyMs, selfReportedMs: server.selfReportedMs, firstCallMs };
  } finally {
    removeTempDir(dataDir);
  }
}

/**
 * `startLakebox()` in this process: the module import once (cold), then `runs` starts on a fresh
 * data dir each, after one untimed start.
 */
export async function measureInProcessStartup(runs: number): Promise<Figure[]> {
  const importStarted = performance.now();
  const { startLakebox } = await import('@lakebox/emulator');
  const importMs = performance.now() - importStarted;
  const samples: number[] = [];
  for (let run = -1; run < runs; run++) {
    const dataDir = makeTempDir();
    const started = performance.now();
    const lakebox = await startLakebox({ port: 0, dataDir });
    const ms = performance.now() - started;
    await lakebox.stop();
    removeTempDir(dataDir);
    if (run >= 0) samples.push(ms);
  }
  const section = 'start-up in process (from source)';
  return [
    {
      key: 'startup.inProcessMs',
      section,
      label: `startLakebox() (median of ${runs})`,
      value: median(samples),
      unit: 'ms',
    },
    {
      key: 'startup.importMs',
      section,
      label: "import '@lakebox/emulator' through tsx (once, cold)",
      value: importMs,
      unit: 'ms',
    },
  ];
}
