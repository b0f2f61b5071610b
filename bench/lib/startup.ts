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
import type { Figure } from './report.js';
import { median } from './stats.js';
import { glueClient } from './workload.js';

/** The start-up target: `lakebox serve` answers its health check this soon after spawn. */
export const READY_TARGET_MS = 300;

const SECTION = 'start-up (spawn → /_lakebox/health answers)';

/**
 * Start `lakebox serve` `runs` times (fresh data dir and port each time) next to two baselines in
 * the same loop, node's and tsx's own spawn-to-exit time, so the reader sees which part is ours.
 * One untimed round first fills tsx's transform cache and the OS file cache.
 */
export async function measureCliStartup(root: string, runs: number): Promise<Figure[]> {
  const { tsx } = repoPaths(root);
  await healthy('http://127.0.0.1:1'); // load fetch (undici) before anything is timed
  const node: number[] = [];
  const tsxEmpty: number[] = [];
  const ready: number[] = [];
  const readyDirect: number[] = [];
  const selfReported: number[] = [];
  const firstCall: number[] = [];
  for (let run = -1; run < runs; run++) {
    const nodeMs = await timeToExit(process.execPath, ['-e', ''], root);
    const tsxMs = await timeToExit(tsx, ['-e', ''], root);
    const directMs = await timeToReady(root, 'node-import');
    const dataDir = makeTempDir();
    const server = await spawnServer(root, { port: await freePort(), dataDir });
    let callMs = Number.NaN;
    try {
      const glue = glueClient(server.endpoint);
      const started = performance.now();
      await glue.send(new GetDatabasesCommand({}));
      callMs = performance.now() - started;
      glue.destroy();
    } finally {
      await server.stop();
      removeTempDir(dataDir);
    }
    if (run < 0) continue;
    node.push(nodeMs);
    tsxEmpty.push(tsxMs);
    ready.push(server.readyMs);
    readyDirect.push(directMs);
    if (server.selfReportedMs !== undefined) selfReported.push(server.selfReportedMs);
    firstCall.push(callMs);
  }
  const f = (key: string, label: string, value: number, targetMax?: number): Figure => ({
    key: `startup.${key}`,
    section: SECTION,
    label,
    value,
    unit: 'ms',
    ...(targetMax === undefined ? {} : { targetMax }),
  });
  return [
    f('cliReadyMs', `lakebox serve, spawn → ready (median of ${runs})`, median(ready), READY_TARGET_MS),
    f('cliReadyMinMs', 'lakebox serve, fastest run', Math.min(...ready)),
    f('nodeImportReadyMs', 'node --import tsx cli.ts serve (no launcher), median', median(readyDirect)),
    f('cliSelfReportedMs', 'lakebox serve, its own "ready in" (median)', median(selfReported)),
    f('firstGlueCallMs', 'first Glue call after ready (GetDatabases)', median(firstCall)),
    f('baselineTsxMs', "baseline: tsx -e '' spawn → exit (median)", median(tsxEmpty)),
    f('baselineNodeMs', "baseline: node -e '' spawn → exit (median)", median(node)),
    f('cliOursMs', 'lakebox serve minus tsx baseline', median(ready) - median(tsxEmpty)),
  ];
}

/** Spawn → ready of one server on a fresh data dir, stopped again at once. */
async function timeToReady(root: string, launcher: Launcher): Promise<number> {
  const dataDir = makeTempDir();
  try {
    const server = await spawnServer(root, { port: await freePort(), dataDir, launcher });
    await server.stop();
    return server.readyMs;
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
  const section = 'start-up in process';
  return [
    {
      key: 'startup.inProcessMs',
      section,
      label: `startLakebox() (median of ${runs})`,
      value: median(samples),
      unit: 'ms',
    },
    { key: 'startup.importMs', section, label: "import '@lakebox/emulator' (once, cold)", value: importMs, unit: 'ms' },
  ];
}
