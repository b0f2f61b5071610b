import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The folder holding lakebox's stdlib-only `pyspark`/`awsglue` layer (`packages/emulator/runtime/python`),
 * found by walking up from this module, so it works from `src/runtime/` and from the esbuild bundle in `dist/`.
 * Throws when no ancestor has it (a bundle shipped without the layer).
 * @example
 * spawn(python, [script], { env: { PYTHONPATH: pythonRuntimeDir() } });
 */
export function pythonRuntimeDir(): string {
  if (cached !== undefined) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'runtime', 'python');
    if (existsSync(join(candidate, 'pyspark'))) {
      cached = candidate;
      return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('lakebox: the Python runtime folder (runtime/python) was not found');
    dir = parent;
  }
}
