import { execFile } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { repoPaths } from './child-server.js';
import { type Figure, section } from './report.js';

/**
 * Build the emulator (`node packages/emulator/scripts/build.mjs`, which bundles `src/cli.ts` into
 * `dist/cli.js`) so the bench always measures the current sources, not a stale bundle. Returns the
 * build's wall time as a figure; a failed build fails the run with the build's output.
 */
export async function buildEmulator(root: string): Promise<Figure> {
  const { buildScript } = repoPaths(root);
  const started = performance.now();
  await new Promise<void>((done, fail) => {
    execFile(process.execPath, [buildScript], { cwd: root, timeout: 120_000 }, (error, stdout, stderr) => {
      if (error) fail(new Error(`building the emulator failed: ${error.message}\n${stdout}${stderr}`.trim()));
      else done();
    });
  });
  const f = section('build (node packages/emulator/scripts/build.mjs, before anything is timed)');
  return f.ms('build.ms', 'bundle src/cli.ts into dist/cli.js (spawn → exit)', performance.now() - started);
}
